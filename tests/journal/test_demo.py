"""The demo's journal (journal/demo.py): notes of every kind the demo shows, through the real
services, on the days they happened."""

import random

import pytest
from django.utils import timezone

from journal.demo import NOTES, load_journal_demo
from journal.models import Journalnotat
from tests.vedtak import factories as vf

pytestmark = pytest.mark.django_db


def test_JOUR_02_the_demo_journal_has_signed_notes_a_draft_and_a_correction(world, sak):
    vf.draft(world, sak=sak)
    made = load_journal_demo(
        users={"saksbehandler": world.saksbehandler},
        saker=[sak],
        today=timezone.localdate(),
        rng=random.Random(1),
    )
    notes = Journalnotat.objects.filter(sak=sak)
    assert made == notes.count() == len(NOTES) + 1
    assert notes.filter(status="utkast").count() == 1
    correction = notes.get(korrigerer__isnull=False)
    assert correction.er_signert and correction.korrigerer.er_signert
    assert notes.filter(type="samtale_barn", status="signert").exclude(barnets_ord="").exists()
    assert notes.filter(ekstern_kilde=True).exclude(kilde="").exists()
    assert all(n.dato <= timezone.localdate() for n in notes)
