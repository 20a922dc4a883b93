"""INN-02: the evaluation shows the signed journal notes and the signed minutes of meetings
since the previous evaluation, each once and linked; drafts and older notes are left out."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluations import registry
from journal.selectors import signed_since

from ..moter.factories import make_mote
from ..plans import factories as pf
from .factories import make_note

pytestmark = pytest.mark.django_db


def _two_evaluations(world):
    """A plan evaluated 60 days ago and again today, with notes and minutes around them."""
    today = timezone.localdate()
    actor = world.saksbehandler
    with time_machine.travel(today - timedelta(days=120), tick=False):
        pf.running_plan(world, started_days_ago=0)
    with time_machine.travel(today - timedelta(days=60), tick=False):
        make_note(actor, world.sak_a, signed=True, hva_ble_sagt="Notat før forrige evaluering")
        first = pf.evaluation(world)
    with time_machine.travel(today - timedelta(days=10), tick=False):
        make_note(actor, world.sak_a, signed=True, hva_ble_sagt="Signert notat i perioden")
        make_note(actor, world.sak_a, hva_ble_sagt="Utkast i perioden")
        mote = make_mote(actor, world.sak_a, signed=True)
    second = pf.evaluation(world, neste=today + timedelta(days=60))
    return first, second, mote


def test_INN_02_the_evaluation_lists_signed_notes_and_minutes_of_the_period(client, world):
    first, second, mote = _two_evaluations(world)
    sak = world.sak_a

    client.force_login(world.saksbehandler)
    html = client.get(reverse("evaluations:detail", args=[sak.pk, second.pk])).content.decode()
    assert "Signert notat i perioden" in html
    assert "Journalnotat" in html
    # The signed minutes are a note of the kind «møte» (MOTE-01): listed once, as minutes,
    # linked to the note.
    minutes_url = reverse("journal:detail", args=[sak.pk, mote.notat_id])
    assert html.count(f'href="{minutes_url}"') == 1
    assert "Referat" in html
    # Not the draft, not what was signed before the previous evaluation.
    assert "Utkast i perioden" not in html
    assert "Notat før forrige evaluering" not in html

    # The first evaluation looks back on everything before it.
    html = client.get(reverse("evaluations:detail", args=[sak.pk, first.pk])).content.decode()
    assert "Notat før forrige evaluering" in html
    assert "Signert notat i perioden" not in html


def test_INN_02_the_period_is_after_since_up_to_and_including_until(world):
    today = timezone.localdate()
    pf.running_plan(world)
    ev = pf.evaluation(world, complete=False)
    actor = world.saksbehandler
    for days, text in ((5, "På grensen før"), (3, "Innenfor"), (1, "Til og med")):
        make_note(
            actor, world.sak_a, signed=True, dato=today - timedelta(days=days), hva_ble_sagt=text
        )
    rows = signed_since(actor, ev, today - timedelta(days=5), today - timedelta(days=1))
    assert [r.title for r in rows] == ["Til og med", "Innenfor"]
    assert [r.title for r in signed_since(actor, ev, None, today)] == [
        "Til og med",
        "Innenfor",
        "På grensen før",
    ]


@pytest.mark.parametrize("notes", [1, 6])
def test_INN_02_the_journal_gives_its_notes_in_one_query(world, django_assert_num_queries, notes):
    pf.running_plan(world)
    ev = pf.evaluation(world, complete=False)
    for _ in range(notes):
        make_note(world.saksbehandler, world.sak_a, signed=True)
    ev = type(ev).objects.select_related("plan").get(pk=ev.pk)
    with django_assert_num_queries(1):
        rows = signed_since(world.saksbehandler, ev, None, timezone.localdate())
    assert len(rows) == notes


def test_INN_02_the_journal_is_registered_before_the_other_sources():
    keys = [c.key for c in registry.SINCE_LAST.contributions()]
    assert keys[0] == "journal"
    assert "moter" not in keys  # the minutes come through the journal, once
