"""OPP-05 with INN-01: a contractor's report is received with its content, as an incoming
document of the case linked to the measure, where the report is registered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contractors import services
from contractors.models import Innlevering
from core.exceptions import RuleViolation
from innkommende.models import InnkommendeDokument

from ..contractors import factories as cf
from .factories import EXE, pdf_bytes, upload
from .test_upload import stored_files

pytestmark = pytest.mark.django_db


def _month():
    return timezone.localdate().replace(day=1) - timedelta(days=1)


def test_OPP_05_INN_01_the_report_is_received_with_its_file(world):
    oppdrag = cf.running_assignment(world)
    content = pdf_bytes()
    innlevering = services.innlevering_register(
        actor=world.kontorfaglig,
        oppdrag_id=oppdrag.pk,
        type="rapport",
        periode=_month(),
        mottatt=timezone.localdate(),
        fil=upload(content, "mai.pdf"),
    )
    dokument = innlevering.dokument
    assert dokument.type == InnkommendeDokument.Type.RAPPORT_OPPDRAGSTAKER
    assert (dokument.sak_id, dokument.tiltak_id) == (oppdrag.sak_id, oppdrag.tiltak_id)
    assert dokument.avsender == oppdrag.oppdragstaker.navn
    assert dokument.tittel.startswith("Rapport ")
    assert dokument.storrelse == len(content)


def test_OPP_05_a_refused_file_registers_nothing(world, storage_root):
    oppdrag = cf.running_assignment(world)
    with pytest.raises(RuleViolation) as exc:
        services.innlevering_register(
            actor=world.saksbehandler,
            oppdrag_id=oppdrag.pk,
            type="rapport",
            periode=_month(),
            mottatt=timezone.localdate(),
            fil=upload(EXE, "rapport.pdf"),
        )
    assert {(b.rule_id, b.field) for b in exc.value.breaches} == {("INN-01", "fil")}
    assert not Innlevering.objects.exists()
    assert not InnkommendeDokument.objects.exists()
    assert stored_files(storage_root) == []


def test_OPP_05_the_report_is_uploaded_on_the_registration_page(client, world):
    oppdrag = cf.running_assignment(world)
    client.force_login(world.saksbehandler)
    url = reverse("contractors:submission", args=[oppdrag.pk])
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page
    response = client.post(
        url,
        {
            "type": "sluttrapport",
            "mottatt": timezone.localdate().isoformat(),
            "fil": upload(pdf_bytes(), "sluttrapport.pdf"),
        },
    )
    assert response.status_code == 302
    innlevering = Innlevering.objects.get()
    assert innlevering.dokument.filnavn == "sluttrapport.pdf"
    detail = client.get(reverse("contractors:oppdrag_detail", args=[oppdrag.sak_id, oppdrag.pk]))
    link = reverse("innkommende:detail", args=[oppdrag.sak_id, innlevering.dokument_id])
    assert link in detail.content.decode()
