"""FRIST-01: each kind of deadline is found at the right moment, with its rule ID, and the
finders run one query per kind whatever the number of cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.rules import add_months, add_years, investigation_deadline
from reminders import finders
from vedtak import services as vedtak_services

from ..contractors import factories as cf
from ..factories import make_sak
from ..plans import factories as pf
from ..vedtak import factories as vf

W = 14  # the window the conftest sets


def today() -> date:
    return timezone.localdate()


def found(kind: str, on: date) -> list[finders.Frist]:
    return finders.kind_rows(finders.KINDS_BY_ID[kind], on)


def refs(kind: str, on: date) -> set[int]:
    return {f.ref_id for f in found(kind, on)}


def test_FRIST_01_the_registry_covers_every_kind_with_its_rule():
    assert [(k.id, k.rule) for k in finders.KINDS] == [
        ("evaluering", "EVAL-01"),
        ("forhandsvarsel", "VED-06"),
        ("godkjenningsfrist", "VED-08"),
        ("undersokelse", "SAK-03"),
        ("politiattest", "OPP-02"),
        ("innlevering", "OPP-05"),
        ("uten_plan", "PLAN-04"),
        ("ettervern", "FRIST-01"),
        ("samtykke_trukket", "SAM-03"),
        ("moteoppgave", "MOTE-04"),
        ("oppstartsmote", "MOTE-06"),
        ("ansvarsgruppe", "MOTE-05"),
        ("innsyn", "INNSYN-01"),
        ("klage", "KLAGE-04"),
        ("henvisning", "HENV-02"),
    ]


def test_FRIST_01_the_window_is_a_setting_per_kind(settings):
    settings.FRIST_VINDU_DAGER = {"forhandsvarsel": 3}
    assert finders.KINDS_BY_ID["forhandsvarsel"].window() == 3
    assert finders.KINDS_BY_ID["godkjenningsfrist"].window() == W


# --- SAK-03 ---------------------------------------------------------------------------------


def test_FRIST_01_SAK_03_investigation_found_from_the_window_until_completed(world):
    mottatt = today() - timedelta(days=20)
    sak = make_sak(world.saksbehandler, world.team_a, melding_mottatt=mottatt)
    frist = investigation_deadline(mottatt, extended=False)
    assert sak.pk not in refs("undersokelse", frist - timedelta(days=W + 1))
    assert sak.pk in refs("undersokelse", frist - timedelta(days=W))  # first day in window
    assert sak.pk in refs("undersokelse", frist)
    item = next(f for f in found("undersokelse", frist + timedelta(days=30)) if f.sak_id == sak.pk)
    assert (item.rule, item.dato, item.saksnummer) == ("SAK-03", frist, sak.saksnummer)
    assert item.overdue(frist + timedelta(days=30))
    assert (item.saksbehandler_id, item.team_id) == (world.saksbehandler.pk, world.team_a.pk)


# --- VED-08 ---------------------------------------------------------------------------------


def test_FRIST_01_VED_08_approval_deadline_until_approved_or_withdrawn(world):
    v = vf.draft(world)
    frist = today() + timedelta(days=30)
    v = vedtak_services.vedtak_update(
        actor=world.saksbehandler, vedtak_id=v.pk, versjon=v.versjon, data={"fristdato": frist}
    )
    assert v.pk not in refs("godkjenningsfrist", frist - timedelta(days=W + 1))
    assert v.pk in refs("godkjenningsfrist", frist - timedelta(days=W))
    assert v.pk in refs("godkjenningsfrist", frist + timedelta(days=5))  # overdue
    item = found("godkjenningsfrist", frist)[0]
    assert (item.rule, item.dato, item.vedtak_id) == ("VED-08", frist, v.pk)
    vedtak_services.vedtak_withdraw(
        actor=world.saksbehandler, vedtak_id=v.pk, reason="Familien flyttet."
    )
    assert v.pk not in refs("godkjenningsfrist", frist)


def test_FRIST_01_VED_08_an_approved_decision_is_not_reminded(world):
    v = vf.godkjent(world)
    from vedtak.models import Vedtak

    Vedtak.objects.filter(pk=v.pk).update(fristdato=today())  # set-up only
    assert v.pk not in refs("godkjenningsfrist", today())


# --- VED-06 ---------------------------------------------------------------------------------


def test_FRIST_01_VED_06_open_advance_notices_until_answered(world):
    v = vf.klar_for_godkjenning(world)
    parts = list(world.sak_a.parter.filter(aktiv=True).order_by("pk"))
    frist = today() + timedelta(days=20)
    notices = vedtak_services.forhandsvarsel_send(
        actor=world.saksbehandler,
        vedtak_id=v.pk,
        mottakere=[f"part-{p.pk}" for p in parts],
        sendt=today(),
        frist=frist,
    )
    ids = {n.pk for n in notices}
    assert refs("forhandsvarsel", frist - timedelta(days=W + 1)) == set()
    assert refs("forhandsvarsel", frist - timedelta(days=W)) == ids
    assert refs("forhandsvarsel", frist + timedelta(days=3)) == ids  # passed, still open
    vedtak_services.forhandsvarsel_register_statement(
        actor=world.saksbehandler,
        forhandsvarsel_id=notices[0].pk,
        mottatt=today(),
        uttalelse="Ingen merknader.",
    )
    rows = found("forhandsvarsel", frist)
    assert {f.ref_id for f in rows} == ids - {notices[0].pk}
    assert {(f.rule, f.vedtak_id, f.dato) for f in rows} == {("VED-06", v.pk, frist)}


# --- FRIST-01 ettervern ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "born",
    [date(2010, 5, 17), date(2008, 2, 29), date(2011, 8, 31), date(2009, 12, 31)],
)
def test_FRIST_01_youths_turning_18_within_6_months(world, born):
    sak = make_sak(world.saksbehandler, world.team_a, born=born)
    eighteen = add_years(born, 18)
    first_day = add_months(eighteen, -6)
    # The exact first day: the day whose 6-month horizon reaches the birthday.
    while add_months(first_day - timedelta(days=1), 6) >= eighteen:
        first_day -= timedelta(days=1)
    while add_months(first_day, 6) < eighteen:
        first_day += timedelta(days=1)
    assert sak.pk not in refs("ettervern", first_day - timedelta(days=1))
    assert sak.pk in refs("ettervern", first_day)
    assert sak.pk in refs("ettervern", eighteen)  # the birthday itself
    assert sak.pk not in refs("ettervern", eighteen + timedelta(days=1))  # 18 already
    item = next(f for f in found("ettervern", eighteen) if f.sak_id == sak.pk)
    assert (item.rule, item.dato) == ("FRIST-01", eighteen)


def test_FRIST_01_a_closed_case_is_never_reminded(world):
    from cases.models import Sak

    born = date(2010, 5, 17)
    sak = make_sak(world.saksbehandler, world.team_a, born=born)
    Sak.objects.filter(pk=sak.pk).update(status=Sak.Status.AVSLUTTET)  # set-up only
    assert sak.pk not in refs("ettervern", add_years(born, 18))


# --- EVAL-01/02 and PLAN-04 -----------------------------------------------------------------


def test_FRIST_01_EVAL_01_evaluation_due_from_the_window(world):
    _vedtak, versjon, _measure = pf.running_plan(world, started_days_ago=10)
    due = today() - timedelta(days=10) + timedelta(weeks=6)  # planned 6 weeks after start
    plan_id = versjon.plan_id
    assert plan_id not in refs("evaluering", today())  # due in 32 days
    assert plan_id in refs("evaluering", due - timedelta(days=W))
    assert plan_id not in refs("evaluering", due - timedelta(days=W + 1))
    item = next(f for f in found("evaluering", due) if f.ref_id == plan_id)
    assert (item.rule, item.dato, item.sak_id) == ("EVAL-01", due, world.sak_a.pk)


def test_FRIST_01_PLAN_04_a_measure_running_past_its_plan(world):
    plan_end = today() + timedelta(days=5)
    _vedtak, _versjon, measure = pf.running_plan(world, started_days_ago=10, gyldig_til=plan_end)
    assert measure.pk not in refs("uten_plan", plan_end)
    rows = [f for f in found("uten_plan", plan_end + timedelta(days=1)) if f.ref_id == measure.pk]
    assert [(f.rule, f.dato, f.vedtak_id) for f in rows] == [
        ("PLAN-04", plan_end + timedelta(days=1), measure.vedtak_id)
    ]


# --- OPP-02 and OPP-05 --------------------------------------------------------------------------


def test_FRIST_01_OPP_02_contractor_not_ready_before_the_start(world):
    sb = world.saksbehandler
    start = today() + timedelta(days=20)
    oppdrag = cf.assign(
        sb, cf.godkjent_tiltak(world), cf.make_oppdragstaker(sb, approved=False), fra_dato=start
    )
    assert oppdrag.pk not in refs("politiattest", start - timedelta(days=W + 1))
    item = next(
        f for f in found("politiattest", start - timedelta(days=W)) if f.ref_id == oppdrag.pk
    )
    assert (item.rule, item.dato, item.detail) == ("OPP-02", start, "godkjenning")


def test_FRIST_01_OPP_05_missing_timesheet_and_report(world):
    oppdrag = cf.running_assignment(world)
    rows = [f for f in found("innlevering", today()) if f.ref_id == oppdrag.pk]
    assert len(rows) == 1
    assert rows[0].rule == "OPP-05"
    assert "timeliste" in rows[0].detail


# --- Query count ------------------------------------------------------------------------------


def _cases(world, n: int) -> None:
    """n cases with due items of the cheap kinds (investigations, turning 18, decisions)."""
    for i in range(n):
        team_a = i % 2 == 0
        sak = make_sak(
            world.saksbehandler if team_a else world.saksbehandler_b,
            world.team_a if team_a else world.team_b,
            age=17,
            melding_mottatt=today() - timedelta(days=80),
        )
        if i % 4 == 0:
            v = vf.draft(world, sak=sak)
            vedtak_services.vedtak_update(
                actor=world.saksbehandler,
                vedtak_id=v.pk,
                versjon=v.versjon,
                data={"fristdato": today() + timedelta(days=3)},
            )


@pytest.mark.parametrize("n", [5, 50])
def test_FRIST_01_one_query_per_kind_whatever_the_number_of_cases(
    world, n, django_assert_num_queries
):
    pf.running_plan(world, started_days_ago=50)
    _cases(world, n)
    # One query per kind, the kinds in one statement (core.batch).
    with django_assert_num_queries(1):
        items = finders.due_items(today())
    assert len({i.sak_id for i in items}) >= n
    with django_assert_num_queries(1):
        finders.due_items(today(), names=True)
