"""KLAGE-01 and KLAGE-03 (INN-01): the complaint's letter and the statsforvalteren's outcome
letter are stored as incoming documents of the case, each with its file."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from innkommende.models import InnkommendeDokument
from klage import services
from tests.innkommende.factories import pdf_bytes, upload

from .conftest import at, first, register, sent_on

pytestmark = pytest.mark.django_db


def test_KLAGE_01_the_complaint_letter_is_an_incoming_document(world):
    notified = first(2)
    v = sent_on(world, notified)
    content = pdf_bytes("Klage paa vedtaket")
    received = notified + timedelta(days=2)
    k = register(world, v, received=received, fil=upload(content, "klage.pdf"))
    brev = InnkommendeDokument.objects.get(pk=k.brev_id)
    assert brev.sak_id == v.sak_id
    assert brev.type == InnkommendeDokument.Type.BREV_PART
    assert brev.avsender == k.klager.fullt_navn
    assert brev.mottatt == received
    assert brev.sha256 == hashlib.sha256(content).hexdigest()
    with brev.fil.open("rb") as f:
        assert f.read() == content


def test_KLAGE_03_the_outcome_letter_is_an_incoming_document(world):
    notified = first(2)
    v = sent_on(world, notified)
    day = notified + timedelta(days=3)
    k = register(world, v, received=day)
    with at(day):
        services.klage_assess(actor=world.saksbehandler, klage_id=k.pk, vurdering="Riktig.")
        services.klage_forward(actor=world.teamleder, klage_id=k.pk)
    content = pdf_bytes("Statsforvalteren stadfester vedtaket")
    decided = day + timedelta(days=20)
    with at(decided):
        k = services.klage_record_outcome(
            actor=world.saksbehandler,
            klage_id=k.pk,
            utfall="stadfestet",
            utfall_dato=decided,
            fil=upload(content, "avgjorelse.pdf"),
        )
    brev = InnkommendeDokument.objects.get(pk=k.utfall_brev_id)
    assert brev.sak_id == v.sak_id and brev.mottatt == decided
    assert brev.avsender == services.STATSFORVALTEREN
    assert brev.sha256 == hashlib.sha256(content).hexdigest()
    assert list(v.sak.innkommende.all()) == [brev]  # the case's incoming documents
