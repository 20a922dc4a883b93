"""RAPP-03/RAPP-04: the page «Rapportering», the release and the download, by role (ROLE-02)."""

import pytest
from django.urls import reverse

from rapportering import services
from rapportering.models import Kontrollfunn, Uttrekk

pytestmark = pytest.mark.django_db

PAGE = {
    "saksbehandler": 404,
    "saksbehandler_b": 404,
    "teamleder": 200,
    "teamleder_b": 200,
    "barnevernleder": 200,
    "kontorfaglig": 404,
    "systemadmin": 404,
    "annen_tjeneste": 200,  # the head of another service sees that service's page
    "uten_rolle": 404,
}


@pytest.fixture
def built(world, reported):
    return services.uttrekk_build(tjeneste_id=world.tjeneste.pk)


@pytest.mark.parametrize("role", sorted(PAGE))
def test_RAPP_03_page_by_role(client, world, built, role):
    client.force_login(getattr(world, role))
    assert client.get(reverse("rapportering:page")).status_code == PAGE[role]


def test_RAPP_03_findings_by_severity_link_to_the_record_under_need_to_know(client, world, built):
    Kontrollfunn.objects.create(
        uttrekk=built,
        kontroll="Sak Kontroll 8",
        alvorlighetsgrad="ERROR",
        melding="Klienten er over 18 år og skal dermed ha tiltak. Alder: 18 år.",
        sak=world.sak_a,
        objekt="sak",
        objekt_id=world.sak_a.pk,
    )
    case_url = reverse("cases:detail", args=[world.sak_a.pk])
    client.force_login(world.teamleder)
    page = client.get(reverse("rapportering:page")).content.decode()
    assert "Sak Kontroll 8" in page and case_url in page and "ERROR (1)" in page
    client.force_login(world.teamleder_b)  # not case A's team
    page = client.get(reverse("rapportering:page")).content.decode()
    assert "Sak Kontroll 8" not in page and case_url not in page


def test_RAPP_04_head_of_service_releases_and_downloads(client, world, built):
    url = reverse("rapportering:action", args=[built.pk, "release"])
    client.force_login(world.teamleder)
    assert client.post(url).status_code == 404
    client.force_login(world.barnevernleder)
    assert client.post(url).status_code == 302
    built.refresh_from_db()
    assert built.status == Uttrekk.Status.FRIGITT and built.frigitt_av == world.barnevernleder
    download = reverse("rapportering:download", args=[built.pk])
    for role in ("teamleder", "saksbehandler", "annen_tjeneste"):
        client.force_login(getattr(world, role))
        assert client.post(download).status_code == 404, role
    client.force_login(world.barnevernleder)
    response = client.post(download)
    assert response.status_code == 200
    assert response["X-Checksum-SHA256"] == built.sjekksum
    built.refresh_from_db()
    assert built.status == Uttrekk.Status.SENDT and built.sendt_via == "nedlasting"
    assert built.history.filter(status="sendt").exists()  # a logged act


def test_RAPP_03_an_extract_with_an_error_is_not_released(world, built):
    from core.exceptions import RuleViolation

    built.antall_error = 1
    built.save(update_fields=["antall_error"])
    with pytest.raises(RuleViolation) as exc:
        services.uttrekk_release(actor=world.barnevernleder, uttrekk_id=built.pk)
    assert "RAPP-03" in str(exc.value.breaches if hasattr(exc.value, "breaches") else exc.value)
