"""The contractors' letters read back from the rendered PDFs (DOK-01): the oppdragsavtale
(OPP-04) and the godkjenningsdokument (OPP-03)."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contractors import services
from core.exceptions import NotFound
from documents import letter
from documents import services as dokument_services
from documents.models import Dokument

from . import factories as f

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())


def test_OPP_04_DOK_01_the_assignment_agreement_reads_back(world):
    sb = world.saksbehandler
    barn = world.sak_a.barn
    barn.adresse = "Hemmeligveien 7, 9999 Fjordvik"
    barn.adressebeskyttelse = "strengt_fortrolig"
    barn.save()
    o = f.make_oppdragstaker(sb, fornavn="Sigrid", etternavn="Støttesen")
    oppdrag = f.assign(
        sb,
        f.godkjent_tiltak(world),
        o,
        fra_dato=timezone.localdate() + timedelta(days=7),
        veiledningsplan="Veiledning hos saksbehandler første mandag i måneden.",
    )
    dokument = Dokument.objects.for_source(oppdrag).get(type="oppdragsavtale")
    dokument = dokument_services.dokument_render(dokument_id=dokument.pk)
    assert dokument.status == "ferdig", dokument.feil
    text = text_of(dokument_services.dokument_read_verified(dokument))
    for expected in (
        "Oppdragsavtale",
        "Sigrid Støttesen",
        barn.fullt_navn,
        "4,0 timer per uke",
        "Timesats",
        "Veiledning hos saksbehandler første mandag i måneden.",
        "Timeliste leveres hver måned",
        "taushetsplikt",
        world.sak_a.saksnummer,
    ):
        assert expected in text, expected
    assert "Hemmeligveien" not in text  # SAK-05: never the child's address


def _godkjenning_pdf(o) -> bytes:
    """The approval document, made through the documents app (a document of no case)."""
    dokument = Dokument.objects.for_source(o).get(type=Dokument.Type.GODKJENNINGSDOKUMENT)
    dokument = dokument_services.dokument_render(dokument_id=dokument.pk)
    return dokument_services.dokument_read_verified(dokument)


def test_OPP_03_DOK_01_the_approval_document_reads_back(world):
    o = f.make_oppdragstaker(
        world.saksbehandler, fornavn="Arne", etternavn="Besøkhjem", type="besokshjem"
    )
    text = _godkjenning_pdf(o)
    text = text_of(text)
    for expected in (
        "Godkjenning av oppdragstaker",
        "Arne Besøkhjem",
        "besøkshjem",
        "Politiattest",
        "ingen merknader",
        "Taushetserklæring",
        world.tjeneste.navn,
        world.saksbehandler.get_full_name(),
    ):
        assert expected in text, expected
    # It belongs to no case: no case number, no child.
    assert world.sak_a.saksnummer not in text
    assert world.sak_a.barn.etternavn not in text


def test_OPP_03_no_approval_document_for_the_exceptions(world):
    o = f.make_oppdragstaker(world.saksbehandler, tilknytning="kommunalt_ansatt")
    assert o.status == "godkjent"
    assert not Dokument.objects.filter(type="godkjenningsdokument").exists()
    assert letter.adresselinjer(o) == ["Fjordgata 1", "9999 Fjordvik"]


def test_OPP_03_the_approval_document_belongs_to_no_case_and_only_the_service_reads_it(
    client, world
):
    o = f.make_oppdragstaker(world.saksbehandler)
    dokument = Dokument.objects.for_source(o).get(type="godkjenningsdokument")
    assert (dokument.sak_id, dokument.versjon) == (None, 1)
    dokument_services.dokument_render(dokument_id=dokument.pk)
    url = reverse(
        "contractors:approval_download",
        kwargs={"oppdragstaker_id": o.pk, "dokument_id": dokument.pk},
    )
    for user, status in (
        (world.kontorfaglig, 200),
        (world.saksbehandler_b, 200),
        (world.annen_tjeneste, 404),
        (world.systemadmin, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(world.saksbehandler)
    listed = client.get(reverse("documents:list", kwargs={"sak_id": world.sak_a.pk}))
    assert dokument not in list(listed.context["dokumenter"])
    with pytest.raises(ValueError, match="belongs to a case"):
        dokument_services.dokument_create(
            actor=world.saksbehandler, sak=None, type="oppdragsavtale", source=o
        )


def _failed_godkjenningsdokument(world):
    o = f.make_oppdragstaker(world.saksbehandler)
    dokument = Dokument.objects.for_source(o).get(type=Dokument.Type.GODKJENNINGSDOKUMENT)
    # Every attempt failed (DOK-01): what the documents' sweep leaves after the last one.
    dokument.status, dokument.feil, dokument.forsok = Dokument.Status.FEILET, "OSError", 5
    dokument.save(update_fields=["status", "feil", "forsok"])
    return o, dokument


def test_DOK_01_OPP_03_a_failed_approval_document_is_tried_again_from_the_contractor_page(
    client, world, django_capture_on_commit_callbacks
):
    o, dokument = _failed_godkjenningsdokument(world)
    detail = reverse("contractors:detail", kwargs={"oppdragstaker_id": o.pk})
    retry = reverse(
        "contractors:approval_retry", kwargs={"oppdragstaker_id": o.pk, "dokument_id": dokument.pk}
    )
    # Offered to those who approve; the head of service and the clerical officer see no button.
    for user, offered in (
        (world.saksbehandler, True),
        (world.teamleder, True),
        (world.barnevernleder, False),
        (world.kontorfaglig, False),
    ):
        client.force_login(user)
        assert (retry in client.get(detail).content.decode()) is offered, user
        assert client.get(retry).status_code == (200 if offered else 404), user
    client.force_login(world.saksbehandler)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry)
    assert response["Location"] == detail
    dokument.refresh_from_db()
    assert (dokument.status, dokument.forsok, dokument.feil) == ("ferdig", 1, "")
    page = client.get(detail).content.decode()
    assert retry not in page
    assert (
        reverse(
            "contractors:approval_download",
            kwargs={"oppdragstaker_id": o.pk, "dokument_id": dokument.pk},
        )
        in page
    )
    # A second click finds it made: the page says why, and nothing is ordered.
    response = client.post(retry)
    assert response.status_code == 200
    assert response.context["not_possible"].rule_id == "DOK-01"


def test_DOK_01_ROLE_02_only_the_service_retries_its_approval_document(world):
    o, dokument = _failed_godkjenningsdokument(world)
    for user in (world.annen_tjeneste, world.kontorfaglig, world.barnevernleder):
        with pytest.raises(NotFound):
            services.godkjenningsdokument_retry(
                actor=user, oppdragstaker_id=o.pk, dokument_id=dokument.pk
            )
    other = f.make_oppdragstaker(world.saksbehandler)
    with pytest.raises(NotFound):
        services.godkjenningsdokument_retry(
            actor=world.saksbehandler, oppdragstaker_id=other.pk, dokument_id=dokument.pk
        )
    assert Dokument.objects.get(pk=dokument.pk).status == Dokument.Status.FEILET


def test_OPP_04_the_assignment_page_links_the_agreement_once_it_is_made(client, world):
    sb = world.saksbehandler
    oppdrag = f.assign(sb, f.godkjent_tiltak(world), f.make_oppdragstaker(sb))
    dokument = Dokument.objects.for_source(oppdrag).get(type=Dokument.Type.OPPDRAGSAVTALE)
    url = reverse(
        "contractors:oppdrag_detail", kwargs={"sak_id": oppdrag.sak_id, "oppdrag_id": oppdrag.pk}
    )
    download = reverse("documents:download", args=[oppdrag.sak_id, dokument.pk])
    client.force_login(sb)
    assert download not in client.get(url).content.decode()
    dokument_services.dokument_render(dokument_id=dokument.pk)
    assert download in client.get(url).content.decode()
