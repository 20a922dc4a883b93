"""MOTE-04, MOTE-05, MOTE-06 in the nightly reminders (FRIST-01): an agreed action of a meeting
is on its staff member's «Mine frister» and counted in their digest; a measure running 14 days
without an oppstartsmøte and an ansvarsgruppe that has not met are found each night.

Dates are built from the day the test runs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from moter import services as moter_services
from reminders import finders, selectors, services
from reminders.models import Paminnelse

from ..moter.factories import make_mote
from ..plans import factories as pf

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def oppgave(world):
    """A held meeting of team A's case with an action agreed for the team leader, due in
    three days; every user with an e-mail address."""
    for name, user in world.users().items():
        user.email = f"{name}@kommune.invalid"
        user.save(update_fields=["email"])
    mote = make_mote(world.saksbehandler, world.sak_a, held=True)
    return moter_services.oppgave_create(
        actor=world.saksbehandler,
        mote_id=mote.pk,
        ansvarlig=world.teamleder,
        hva="Innkalle skolen til nytt møte",
        frist=today() + timedelta(days=3),
    )


def test_MOTE_04_the_kinds_are_in_the_registry():
    assert finders.KINDS_BY_ID["moteoppgave"].rule == "MOTE-04"
    assert finders.KINDS_BY_ID["oppstartsmote"].rule == "MOTE-06"
    assert finders.KINDS_BY_ID["ansvarsgruppe"].rule == "MOTE-05"


def test_MOTE_04_open_action_in_mine_frister_of_the_one_it_was_given_to(world, oppgave, client):
    items = [
        f for f in selectors.frister_for_user(world.teamleder, today()) if f.kind == "moteoppgave"
    ]
    assert [(f.ref_id, f.dato, f.saksbehandler_id) for f in items] == [
        (oppgave.pk, oppgave.frist, world.teamleder.pk)
    ]
    # Not the case's caseworker's own item: the action is the team leader's.
    assert not [
        f
        for f in selectors.frister_for_user(world.saksbehandler, today())
        if f.kind == "moteoppgave"
    ]
    # ROLE-02: another team never sees it.
    assert not [
        f for f in selectors.frister_for_user(world.teamleder_b, today()) if f.kind == "moteoppgave"
    ]
    client.force_login(world.teamleder)
    html = client.get(reverse("reminders:mine")).content.decode()
    assert "(MOTE-04)" in html and world.sak_a.saksnummer in html
    moter_services.oppgave_complete(actor=world.teamleder, oppgave_id=oppgave.pk)
    assert not [
        f for f in selectors.frister_for_user(world.teamleder, today()) if f.kind == "moteoppgave"
    ]


def test_MOTE_04_the_nightly_digest_counts_open_meeting_actions(world, oppgave):
    for pk in services.paminnelser_plan(run_date=today()):
        services.paminnelse_send(paminnelse_id=pk)
    row = Paminnelse.objects.get(mottaker=world.teamleder, kjoredato=today())
    (kind,) = [k for k in row.innhold["kinds"] if k["id"] == "moteoppgave"]
    assert (kind["rule"], kind["antall"], kind["saksnummer"]) == (
        "MOTE-04",
        1,
        [world.sak_a.saksnummer],
    )
    (sent,) = [m for m in mail.outbox if m.to == ["teamleder@kommune.invalid"]]
    assert "(MOTE-04): 1" in sent.body
    # FRIST-02: not what the action is.
    assert oppgave.hva not in sent.body


def test_MOTE_06_a_measure_running_14_days_without_oppstartsmote_is_found(world):
    _v, _p, measure = pf.running_plan(world, started_days_ago=15)
    found = [f for f in finders.due_items(today()) if f.kind == "oppstartsmote"]
    assert [(f.ref_id, f.dato) for f in found] == [
        (measure.pk, measure.fra_dato + timedelta(days=14))
    ]
    sb = world.saksbehandler
    mote = make_mote(sb, world.sak_a, type="oppstartsmote", held=True)
    assert mote.tiltak is None  # not this measure's: still missing
    assert [f for f in finders.due_items(today()) if f.kind == "oppstartsmote"]
    moter_services.mote_plan(
        actor=sb,
        sak_id=world.sak_a.pk,
        data={
            "type": "oppstartsmote",
            "tidspunkt": timezone.now() - timedelta(hours=1),
            "leder": sb.pk,
            "referent": sb.pk,
        },
        ansatte=[sb],
        tiltak_id=measure.pk,
    )
    planned_only = [f for f in finders.due_items(today()) if f.kind == "oppstartsmote"]
    assert planned_only, "planned is not held (MOTE-06)"
    held = world.sak_a.moter.get(tiltak=measure)
    moter_services.mote_hold(actor=sb, mote_id=held.pk)
    assert not [f for f in finders.due_items(today()) if f.kind == "oppstartsmote"]


def test_MOTE_06_suggested_when_a_measure_starts_and_flagged_after_14_days(world, client):
    from moter.selectors import case_panel

    _v, _p, measure = pf.running_plan(world, started_days_ago=2)
    panel = case_panel(world.saksbehandler, world.sak_a)
    assert [f.rule for f in panel.suggestions] == ["MOTE-06"] and not panel.flags
    assert f"tiltak={measure.pk}" in panel.suggestions[0].url
    assert not [f for f in finders.due_items(today()) if f.kind == "oppstartsmote"]
    client.force_login(world.saksbehandler)
    html = client.get(reverse("cases:detail", args=[world.sak_a.pk])).content.decode()
    assert "(MOTE-06)" in html


def test_MOTE_05_a_group_that_has_not_met_is_found_each_night(world):
    sb = world.saksbehandler
    moter_services.ansvarsgruppe_create(
        actor=sb,
        sak_id=world.sak_a.pk,
        data={
            "koordinator": sb.pk,
            "medlemmer": "Kari Nilsen, Solbakken skole",
            "rytme_uker": 2,
            "startdato": today() - timedelta(weeks=4),
        },
    )
    (item,) = [f for f in finders.due_items(today()) if f.kind == "ansvarsgruppe"]
    assert item.sak_id == world.sak_a.pk
    make_mote(sb, world.sak_a, type="ansvarsgruppemote", held=True)
    assert not [f for f in finders.due_items(today()) if f.kind == "ansvarsgruppe"]
