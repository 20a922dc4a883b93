"""The demo's meetings (moter/demo.py): through the real services, on the days they happened."""

import random

import pytest
from django.utils import timezone

from journal.models import Journalnotat
from moter.demo import load_meeting_demo
from moter.models import Ansvarsgruppe, Mote, Oppgave
from moter.selectors import case_panel

from ..plans import factories as pf

pytestmark = pytest.mark.django_db


def test_MOTE_01_MOTE_04_MOTE_05_the_demo_has_held_and_planned_meetings(world):
    pf.running_plan(world, started_days_ago=30)
    today = timezone.localdate()
    made = load_meeting_demo(
        users={"saksbehandler": world.saksbehandler},
        saker=[world.sak_a, world.sak_b],  # the other team's case is not the caseworker's
        today=today,
        rng=random.Random(1),
    )
    moter = Mote.objects.filter(sak=world.sak_a)
    # MOTE-06: the started measure's oppstartsmøte, held on its first day.
    oppstart = moter.get(type="oppstartsmote")
    assert oppstart.status == Mote.Status.SIGNERT
    assert oppstart.dato == oppstart.tiltak.fra_dato
    moter = moter.exclude(pk=oppstart.pk)
    assert made == moter.count() + 1 == 3
    assert not Mote.objects.filter(sak=world.sak_b).exists()

    held = moter.get(status=Mote.Status.SIGNERT)
    assert held.dato < today
    # MOTE-01: the signed minutes are a signed journal note of the kind «møte».
    assert held.notat.status == Journalnotat.Status.SIGNERT
    assert held.notat.type == Journalnotat.Type.MOTE
    assert held.notat.dato == held.dato
    # MOTE-04: an open agreed action with a deadline ahead.
    oppgave = Oppgave.objects.get(mote=held)
    assert oppgave.er_apen and oppgave.frist > today
    # MOTE-05: the ansvarsgruppe's meeting was held within its rhythm.
    gruppe = Ansvarsgruppe.objects.get(sak=world.sak_a)
    assert held.ansvarsgruppe == gruppe and gruppe.member_lines()

    planned = moter.get(status=Mote.Status.PLANLAGT)
    assert planned.dato > today
    panel = case_panel(world.saksbehandler, world.sak_a, today=today)
    assert panel.next_meeting is not None
    assert [o.pk for o in panel.open_oppgaver] == [oppgave.pk]
    assert not panel.flags
