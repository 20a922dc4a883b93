"""The contractors' letters read back from the rendered PDFs (DOK-01): the oppdragsavtale
(OPP-04) and the godkjenningsdokument (OPP-03)."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from contractors import documents as contractor_documents
from contractors import selectors
from documents import letter
from documents import services as dokument_services
from documents.models import Dokument
from documents.pdf import letter_to_pdf

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
    """The approval document: through the documents app when it stores documents of no case,
    else rendered from the same template and context (so the letter is tested either way)."""
    if contractor_documents.case_less_documents_supported():
        dokument = Dokument.objects.for_source(o).get(type="godkjenningsdokument")
        dokument = dokument_services.dokument_render(dokument_id=dokument.pk)
        return dokument_services.dokument_read_verified(dokument)
    context = {
        "dato": timezone.localdate(),
        "unntatt_offentlighet": True,
        "vedlegg": [],
        "kopi_til": [],
        **selectors.godkjenningsdokument_context(o.pk),
    }
    return letter_to_pdf(
        render_to_string("documents/nb/godkjenningsdokument.html", context)
    ).content


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


@pytest.mark.skipif(
    not contractor_documents.case_less_documents_supported(),
    reason="the documents app stores documents of no case (documents 0003)",
)
def test_OPP_03_the_approval_document_belongs_to_no_case_and_only_the_service_reads_it(
    client, world
):
    from django.urls import reverse

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
