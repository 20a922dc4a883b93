"""The programme bank's pages (BANK-01): who reads them, who keeps them (ROLE-01, ROLE-02),
and the head of service's list, edits and history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programbank.defaults import PROGRAMMER
from programbank.models import Program
from programbank.services import program_seed_defaults

pytestmark = pytest.mark.django_db

#: Everyone in the service's casework reads the bank (they choose programmes and providers).
READERS = {
    "saksbehandler",
    "saksbehandler_b",
    "teamleder",
    "teamleder_b",
    "barnevernleder",
    "kontorfaglig",
}
#: Only the head of service keeps it.
KEEPERS = {"barnevernleder"}


@pytest.fixture
def cos(world) -> Program:
    program_seed_defaults(actor=world.barnevernleder, tjeneste_id=world.tjeneste.pk)
    return Program.objects.get(tjeneste=world.tjeneste, kode="cos-p")


def _status(client, user, url, method="get", data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return response.status_code


def test_BANK_01_who_reads_a_programme(client, world, cos):
    url = reverse("programbank:detail", args=[cos.pk])
    for name, user in world.users().items():
        expected = 200 if name in READERS else 404
        assert _status(client, user, url) == expected, name


def test_BANK_01_only_the_head_of_service_edits(client, world, cos):
    url = reverse("programbank:edit", args=[cos.pk])
    for name, user in world.users().items():
        expected = 200 if name in KEEPERS else 404
        assert _status(client, user, url) == expected, name
    create = reverse("programbank:create", args=[world.tjeneste.pk])
    for name, user in world.users().items():
        expected = 200 if name in KEEPERS else 404
        assert _status(client, user, create) == expected, name


def test_BANK_01_list_shows_the_users_own_service_only(client, world, cos):
    program_seed_defaults(actor=world.annen_tjeneste, tjeneste_id=world.sak_annen.tjeneste_id)
    client.force_login(world.annen_tjeneste)
    page = client.get(reverse("programbank:list")).content.decode()
    assert world.sak_annen.tjeneste.navn in page and world.tjeneste.navn not in page
    assert reverse("programbank:detail", args=[cos.pk]) not in page
    for name in ("systemadmin", "uten_rolle"):
        client.force_login(getattr(world, name))
        assert client.get(reverse("programbank:list")).status_code == 404, name


def test_BANK_01_list_shows_the_seeded_programmes(client, world, cos):
    client.force_login(world.saksbehandler)
    page = client.get(reverse("programbank:list")).content.decode()
    for name in ("COS-P", "ICDP", "PMTO", "PYC", "Tuning into Kids", "Familieråd"):
        assert name in page
    assert "0–10" in page  # the ages of source 000
    assert 'action="' + reverse("programbank:seed", args=[world.tjeneste.pk]) not in page


def test_BANK_01_head_edits_with_history_and_nothing_invented(client, world, cos):
    client.force_login(world.barnevernleder)
    url = reverse("programbank:edit", args=[cos.pk])
    page = client.get(url).content.decode()
    assert 'value="10"' in page  # the source's ages in the form
    data = {
        "navn": "COS-P",
        "malgruppe": cos.malgruppe,
        "alder_min": "0",
        "alder_maks": "12",
        "antall_samlinger": "8",
        "varighet_min": "45",
        "varighet_maks": "60",
        "form": "begge",
        "tolk_mulig": "false",
        "kontraindikasjoner": cos.kontraindikasjoner,
        "gis_av": "tjenesten",
        "utdannede": [world.saksbehandler_b.pk, world.annen_tjeneste.pk],
        "aktiv": "on",
        "rekkefolge": "10",
    }
    # Only the service's own staff can be trained staff.
    r = client.post(url, data)
    assert r.status_code == 200 and "utdannede" in r.context["form"].errors
    r = client.post(url, {**data, "utdannede": [world.saksbehandler_b.pk]})
    assert r.status_code == 302, r.context["form"].errors
    cos.refresh_from_db()
    assert cos.alder_maks == 12
    assert list(cos.utdannede.all()) == [world.saksbehandler_b]
    detail = client.get(reverse("programbank:detail", args=[cos.pk])).content.decode()
    assert world.saksbehandler_b.get_full_name() in detail
    assert world.barnevernleder.get_full_name() in detail  # who changed it (LOG-01)
    assert cos.history.count() >= 2


def test_BANK_01_bad_age_range_is_refused_next_to_the_field(client, world, cos):
    client.force_login(world.barnevernleder)
    url = reverse("programbank:edit", args=[cos.pk])
    r = client.post(
        url, {"navn": "COS-P", "alder_min": "12", "alder_maks": "10", "gis_av": "tjenesten"}
    )
    assert r.status_code == 200
    cos.refresh_from_db()
    assert cos.alder_maks == 10


def test_BANK_01_head_adds_a_programme_and_the_missing_defaults(client, world):
    client.force_login(world.barnevernleder)
    seed = reverse("programbank:seed", args=[world.tjeneste.pk])
    page = client.get(reverse("programbank:list")).content.decode()
    assert seed in page  # the service lacks the defaults
    assert client.post(seed).status_code == 302
    assert Program.objects.filter(tjeneste=world.tjeneste).count() == len(PROGRAMMER)
    assert client.post(seed).status_code == 302  # twice: nothing more
    assert Program.objects.filter(tjeneste=world.tjeneste).count() == len(PROGRAMMER)
    r = client.post(
        reverse("programbank:create", args=[world.tjeneste.pk]),
        {"navn": "MST", "gis_av": "annen", "gis_av_navn": "Bufetat", "rekkefolge": "200"},
    )
    assert r.status_code == 302
    mst = Program.objects.get(tjeneste=world.tjeneste, navn="MST")
    assert mst.gis_av_annen and mst.alder_min is None
    client.force_login(world.saksbehandler)
    assert client.post(seed).status_code == 404


def test_BANK_01_list_and_programme_pages_have_a_fixed_query_count(client, world, cos):
    """The list reads the programmes and their trained staff in a fixed number of queries,
    however many programmes and staff there are; so does a programme's page (BANK-04's load
    in one query per source)."""
    from tests.test_query_counts import count_queries

    client.force_login(world.barnevernleder)
    url = reverse("programbank:list")
    detail = reverse("programbank:detail", args=[cos.pk])
    cos.utdannede.add(world.saksbehandler)
    few, few_detail = count_queries(client, url), count_queries(client, detail)
    staff = [world.saksbehandler_b, world.teamleder, world.teamleder_b]
    for i in range(5):
        p = Program.objects.create(tjeneste=world.tjeneste, navn=f"Ekstra {i}")
        p.utdannede.add(*staff)
    cos.utdannede.add(*staff)
    assert count_queries(client, url) == few
    assert count_queries(client, detail) == few_detail
