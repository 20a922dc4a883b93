"""The plan services through the real decision services: PLAN-01 … PLAN-05, EVAL-02 at plan
time, VED-09 and the PLAN-04 guard at measure start, ROLE-02."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.exceptions import NotFound, RuleViolation
from plans import selectors, services
from plans.models import Maal, PlanTiltak, Planversjon
from vedtak import hooks
from vedtak import services as vedtak_services

from . import factories as f

pytestmark = pytest.mark.django_db


def ids(exc) -> list[str]:
    return [b.rule_id for b in exc.value.breaches]


def test_PLAN_01_the_case_team_writes_the_plan_others_get_404(world):
    with pytest.raises(NotFound):
        services.tiltaksplan_create(actor=world.saksbehandler_b, sak_id=world.sak_a.pk)
    with pytest.raises(PermissionDenied):
        services.tiltaksplan_create(actor=world.barnevernleder, sak_id=world.sak_a.pk)
    versjon = services.tiltaksplan_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    assert versjon.nummer == 1 and versjon.status == Planversjon.Status.UTKAST
    with pytest.raises(NotFound):
        services.planversjon_update(actor=world.saksbehandler_b, versjon_id=versjon.pk, data={})


def test_PLAN_01_participation_must_be_recorded_before_approval(world):
    vedtak = f.godkjent_vedtak(world)
    versjon = f.draft(world, tiltak=f.tiltak_of(vedtak))
    services.planversjon_update(
        actor=world.saksbehandler, versjon_id=versjon.pk, data={"medvirkning_barn": " "}
    )
    with pytest.raises(RuleViolation) as exc:
        services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=versjon.pk)
    assert "PLAN-01" in ids(exc)
    assert exc.value.breaches[0].field == "medvirkning_barn"


def test_PLAN_02_an_unfinished_draft_saves_but_cannot_go_for_approval(world):
    versjon = services.tiltaksplan_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    versjon = services.planversjon_update(
        actor=world.saksbehandler,
        versjon_id=versjon.pk,
        data={"utfordringer": "Noe skrevet i møtet"},
        goals=[{"beskrivelse": "Bedre søvn"}],
    )
    assert versjon.utfordringer == "Noe skrevet i møtet"
    with pytest.raises(RuleViolation) as exc:
        services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=versjon.pk)
    found = ids(exc)
    assert set(found) <= {"PLAN-01", "PLAN-02"}
    # The goal without indicator, levels and deadline is named by its own words (data).
    assert any("Bedre søvn" in str(b) for b in exc.value.breaches)
    assert found.count("PLAN-02") >= 4


def test_PLAN_02_goals_with_delmal_keep_their_order_and_parent(world):
    vedtak = f.godkjent_vedtak(world)
    versjon = f.draft(world, tiltak=f.tiltak_of(vedtak))
    goals = list(versjon.maal.order_by("rekkefolge"))
    assert [g.overordnet_id for g in goals] == [None, goals[0].pk]
    # Reordered: the delmål moves above a new goal, then belongs to the first goal still.
    rows = [
        {"id": goals[0].pk, "beskrivelse": "Skole"},
        {"id": goals[1].pk, "delmal": True, "beskrivelse": "Morgenrutine"},
        {"beskrivelse": "Fritid", "indikator": "x"},
        {"delmal": True, "beskrivelse": "Fotball"},
        {"beskrivelse": "  "},  # an empty "add row" is ignored
    ]
    services.planversjon_update(
        actor=world.saksbehandler, versjon_id=versjon.pk, data={}, goals=rows
    )
    goals = list(Maal.objects.filter(versjon=versjon).order_by("rekkefolge"))
    assert [g.beskrivelse for g in goals] == ["Skole", "Morgenrutine", "Fritid", "Fotball"]
    assert goals[1].overordnet_id == goals[0].pk
    assert goals[3].overordnet_id == goals[2].pk
    # A removed row is kept, marked removed (LOG-01).
    services.planversjon_update(
        actor=world.saksbehandler, versjon_id=versjon.pk, data={}, goals=rows[:1]
    )
    assert Maal.objects.filter(versjon=versjon).count() == 1
    assert Maal.med_fjernede.filter(versjon=versjon, fjernet=True).count() == 3


def test_PLAN_02_a_delmal_needs_a_goal_before_it(world):
    versjon = services.tiltaksplan_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    with pytest.raises(RuleViolation) as exc:
        services.planversjon_update(
            actor=world.saksbehandler,
            versjon_id=versjon.pk,
            data={},
            goals=[{"delmal": True, "beskrivelse": "Alene"}],
        )
    assert ids(exc) == ["PLAN-02"]


def test_PLAN_02_only_the_cases_approved_measures(world):
    other = f.godkjent_vedtak(f.team_b(world))
    versjon = services.tiltaksplan_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    with pytest.raises(RuleViolation) as exc:
        services.planversjon_update(
            actor=world.saksbehandler,
            versjon_id=versjon.pk,
            data={},
            tiltak=[(f.tiltak_of(other)[0].pk, None)],
        )
    assert ids(exc) == ["PLAN-02"]


def test_PLAN_02_the_first_draft_is_prefilled_from_the_approved_decision(world):
    vedtak = f.godkjent_vedtak(world)
    versjon = services.tiltaksplan_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    named = set(PlanTiltak.objects.filter(versjon=versjon).values_list("tiltak_id", flat=True))
    assert named == {t.pk for t in f.tiltak_of(vedtak)}
    assert versjon.samtykker.count() == 1  # the consent of the parent with daily care
    start = f.tiltak_of(vedtak)[0].startdato
    assert versjon.neste_evaluering == start + timedelta(weeks=6)  # EVAL-01


def test_PLAN_03_a_leader_approves_not_the_caseworker(world, django_capture_on_commit_callbacks):
    vedtak = f.godkjent_vedtak(world)
    versjon = f.draft(world, tiltak=f.tiltak_of(vedtak))
    services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=versjon.pk)
    with pytest.raises(PermissionDenied):
        services.planversjon_approve(actor=world.saksbehandler, versjon_id=versjon.pk)
    with pytest.raises(NotFound):
        services.planversjon_approve(actor=world.teamleder_b, versjon_id=versjon.pk)
    with django_capture_on_commit_callbacks(execute=False):
        versjon = services.planversjon_approve(actor=world.barnevernleder, versjon_id=versjon.pk)
    assert versjon.status == Planversjon.Status.GODKJENT
    assert versjon.godkjent_av == world.barnevernleder
    # DOK-01/PLAN-05: the plan with its cover letter and the child-friendly version are ordered.
    from documents.models import Dokument

    types = set(Dokument.objects.for_source(versjon).values_list("type", flat=True))
    assert types == {"tiltaksplan", "tiltaksplan_barn"}
    # The plan carries the next evaluation date (EVAL-02).
    assert versjon.plan.__class__.objects.get(pk=versjon.plan_id).neste_evaluering == (
        versjon.neste_evaluering
    )


def test_PLAN_03_return_needs_a_comment_and_an_approved_version_is_never_edited(world):
    vedtak = f.godkjent_vedtak(world)
    versjon = f.draft(world, tiltak=f.tiltak_of(vedtak))
    services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=versjon.pk)
    with pytest.raises(RuleViolation) as exc:
        services.planversjon_return_to_draft(
            actor=world.teamleder, versjon_id=versjon.pk, comment=" "
        )
    assert ids(exc) == ["PLAN-03"]
    versjon = services.planversjon_return_to_draft(
        actor=world.teamleder, versjon_id=versjon.pk, comment="Konkretiser målene."
    )
    assert versjon.status == Planversjon.Status.UTKAST
    assert versjon.kommentarer.get().tekst == "Konkretiser målene."
    services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=versjon.pk)
    services.planversjon_approve(actor=world.teamleder, versjon_id=versjon.pk)
    with pytest.raises(RuleViolation) as exc:
        services.planversjon_update(
            actor=world.saksbehandler, versjon_id=versjon.pk, data={"ressurser": "Endret"}
        )
    assert ids(exc) == ["PLAN-03"]


def test_PLAN_03_a_change_makes_a_new_version_and_the_old_stays_readable(world):
    _v, first, _t = f.running_plan(world)
    second = services.planversjon_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    assert second.nummer == 2
    # Only one version at a time is being written.
    with pytest.raises(RuleViolation) as exc:
        services.planversjon_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    assert ids(exc) == ["PLAN-03"]
    old_goals = list(first.maal.all())
    new_goals = list(second.maal.order_by("rekkefolge"))
    assert [g.kilde_id for g in new_goals] == [g.pk for g in old_goals]
    assert new_goals[1].overordnet_id == new_goals[0].pk
    rows = [
        {"id": new_goals[0].pk, "beskrivelse": "Barnet kommer på skolen", "indikator": "Fravær"},
        {"beskrivelse": "Barnet sover nok", "indikator": "Timer søvn"},
    ]
    services.planversjon_update(
        actor=world.saksbehandler,
        versjon_id=second.pk,
        data={"ressurser": "Mormor hjelper til hver uke."},
        goals=rows,
    )
    history = selectors.plan_history(first.plan)
    latest = history[0]
    assert latest.new.nummer == 2 and latest.old.nummer == 1
    assert any(c.new == "Mormor hjelper til hver uke." for c in latest.fields)
    kinds = sorted((r.kind, r.label) for r in latest.goals)
    assert ("+", "Barnet sover nok") in kinds
    assert ("-", "Fast morgenrutine") in kinds
    assert any(k == "~" for k, _label in kinds)
    first = Planversjon.objects.get(pk=first.pk)
    assert first.ressurser == f.CONTENT["ressurser"]  # unchanged
    assert first.maal.count() == 2


def test_PLAN_04_a_measure_cannot_start_without_an_approved_plan(world):
    vedtak = f.godkjent_vedtak(world)
    tiltak = f.tiltak_of(vedtak)[0]
    with pytest.raises(RuleViolation) as exc:
        f.start(world, tiltak)
    assert ids(exc) == ["PLAN-04"]
    assert exc.value.breaches[0].field == "fra_dato"
    # A draft plan is not enough; a version waiting for approval neither.
    versjon = f.draft(world, tiltak=[tiltak])
    services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=versjon.pk)
    with pytest.raises(RuleViolation):
        f.start(world, tiltak)
    services.planversjon_approve(actor=world.teamleder, versjon_id=versjon.pk)
    assert f.start(world, tiltak).fra_dato == timezone.localdate()


def test_PLAN_04_a_start_before_the_plan_applies_is_refused(world):
    vedtak = f.godkjent_vedtak(world)
    f.backdate_approval(vedtak, 30)
    tiltak = f.tiltak_of(vedtak)[0]
    today = timezone.localdate()
    f.approved(world, tiltak=[tiltak], gyldig_fra=today - timedelta(days=10))
    with pytest.raises(RuleViolation) as exc:
        f.start(world, tiltak, today - timedelta(days=20))
    assert ids(exc) == ["PLAN-04"]
    assert f.start(world, tiltak, today - timedelta(days=10)).fra_dato


def test_PLAN_04_approval_that_would_leave_a_running_measure_uncovered_is_refused(world):
    vedtak = f.godkjent_vedtak(world, tiltak=("stottekontakt", "leksehjelp"))
    running, planned = f.tiltak_of(vedtak)
    f.approved(world, tiltak=[running, planned])
    f.start(world, running)
    # Version 2 names only the measure that has not started.
    second = f.draft(world, tiltak=[planned], new_version=True)
    services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=second.pk)
    with pytest.raises(RuleViolation) as exc:
        services.planversjon_approve(actor=world.teamleder, versjon_id=second.pk)
    assert ids(exc) == ["PLAN-04"]
    assert "Støttekontakt" in str(exc.value)
    assert Planversjon.objects.get(pk=second.pk).status == Planversjon.Status.TIL_GODKJENNING
    # Named again, the version is approved.
    services.planversjon_return_to_draft(
        actor=world.teamleder, versjon_id=second.pk, comment="Ta med støttekontakten."
    )
    services.planversjon_update(
        actor=world.saksbehandler,
        versjon_id=second.pk,
        data={},
        tiltak=[(t.pk, timezone.localdate() + timedelta(days=90)) for t in (running, planned)],
    )
    services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=second.pk)
    assert services.planversjon_approve(actor=world.teamleder, versjon_id=second.pk).er_godkjent


def test_PLAN_04_adjacent_and_overlapping_versions_keep_the_measure_running(world):
    _v, first, tiltak = f.running_plan(world, started_days_ago=40)
    today = timezone.localdate()
    # Version 2 begins today, adjacent to version 1 ending yesterday by replacement.
    second = f.approved(world, tiltak=[tiltak], gyldig_fra=today, new_version=True)
    assert second.status == Planversjon.Status.GODKJENT
    # Version 3 overlaps (begins before version 2 began): allowed, it names the measure.
    third = f.approved(
        world, tiltak=[tiltak], gyldig_fra=today - timedelta(days=5), new_version=True
    )
    assert third.status == Planversjon.Status.GODKJENT
    assert not selectors.measures_without_plan(today).filter(pk=tiltak.pk).exists()
    in_force = selectors.version_in_force(first.plan_id, today)
    assert in_force.nummer == 3


def test_PLAN_04_nightly_finder_reports_measures_without_a_plan_in_force(
    world, django_assert_max_num_queries
):
    today = timezone.localdate()
    _v, _first, tiltak = f.running_plan(
        world, started_days_ago=30, gyldig_til=today + timedelta(days=3)
    )
    _v2, _p2, other = f.running_plan(f.team_b(world), started_days_ago=5)
    assert not selectors.measures_without_plan(today).exists()
    # The plan of case A ran out: its measure is reported from the day after.
    later = today + timedelta(days=4)
    with django_assert_max_num_queries(1):
        found = list(selectors.measures_without_plan(later))
    assert [t.pk for t in found] == [tiltak.pk]
    assert found[0].vedtak.sak.saksbehandler == world.saksbehandler
    # An ended measure is not reported.
    assert not selectors.measures_without_plan(later).filter(pk=other.pk).exists()


def test_PLAN_04_nightly_finder_applies_the_replacement_rule_like_the_python_rule(world):
    """Version 2 replaces version 1 from its start and ends earlier: after version 2 ends the
    measure is uncovered, although version 1 was open-ended – in SQL as in Python."""
    today = timezone.localdate()
    _v, _first, tiltak = f.running_plan(world, started_days_ago=10)
    second = f.approved(
        world,
        tiltak=[tiltak],
        gyldig_fra=today + timedelta(days=10),
        gyldig_til=today + timedelta(days=20),
        new_version=True,
    )
    assert second.er_godkjent
    for day, expected in (
        (today, False),
        (today + timedelta(days=15), False),
        (today + timedelta(days=25), True),
    ):
        found = selectors.measures_without_plan(day).filter(pk=tiltak.pk).exists()
        summary = selectors.plan_summary(world.sak_a, today=day)
        assert found is expected, day
        assert bool(summary.uncovered) is expected, day


def test_EVAL_02_a_plans_next_evaluation_beyond_the_limit_is_refused(world):
    vedtak = f.godkjent_vedtak(world)
    tiltak = f.tiltak_of(vedtak)
    start = tiltak[0].startdato
    versjon = services.tiltaksplan_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    from cases.rules import add_months

    with pytest.raises(RuleViolation) as exc:
        services.planversjon_update(
            actor=world.saksbehandler,
            versjon_id=versjon.pk,
            data={"neste_evaluering": add_months(start, 3) + timedelta(days=1)},
        )
    assert ids(exc) == ["EVAL-02"]
    assert exc.value.breaches[0].field == "neste_evaluering"
    services.planversjon_update(
        actor=world.saksbehandler,
        versjon_id=versjon.pk,
        data={"neste_evaluering": add_months(start, 3)},
    )


def test_EVAL_01_a_longer_interval_needs_a_leader_and_a_reason(world):
    f.running_plan(world)
    with pytest.raises(PermissionDenied):
        services.tiltaksplan_set_interval(
            actor=world.saksbehandler, sak_id=world.sak_a.pk, months=6, reason="Stabilt."
        )
    with pytest.raises(RuleViolation) as exc:
        services.tiltaksplan_set_interval(
            actor=world.teamleder, sak_id=world.sak_a.pk, months=6, reason=""
        )
    assert ids(exc) == ["EVAL-01"]
    plan = services.tiltaksplan_set_interval(
        actor=world.teamleder, sak_id=world.sak_a.pk, months=6, reason="Stabil situasjon."
    )
    assert plan.intervall == 6 and plan.intervall_godkjent_av == world.teamleder


def test_VED_09_the_plan_exists_hook(world):
    vedtak = f.godkjent_vedtak(world)
    assert not hooks.plan_exists(vedtak)
    versjon = services.tiltaksplan_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    assert hooks.plan_exists(vedtak)
    services.planversjon_discard(actor=world.saksbehandler, versjon_id=versjon.pk)
    assert not hooks.plan_exists(vedtak)


def test_VED_09_no_override_reason_needed_when_a_plan_exists(world):
    from ..vedtak import factories as vf

    services.tiltaksplan_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    v = vf.ready_to_sign(world)
    v = vedtak_services.vedtak_approve(actor=world.barnevernleder, vedtak_id=v.pk)
    assert v.uten_tiltaksplan_begrunnelse == ""


def test_PLAN_03_send_out_records_every_party(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _v, versjon, _t = f.running_plan(world)
    parter = list(world.sak_a.parter.all())
    with pytest.raises(RuleViolation) as exc:
        services.planversjon_send_out(
            actor=world.saksbehandler,
            versjon_id=versjon.pk,
            kanaler={f"part-{parter[0].pk}": "brev"},
        )
    assert ids(exc) == ["DOK-02"]
    services.planversjon_send_out(
        actor=world.saksbehandler,
        versjon_id=versjon.pk,
        kanaler={f"part-{p.pk}": "digital" for p in parter},
    )
    from documents.models import Dokument

    copies = Dokument.objects.for_source(versjon).filter(type="tiltaksplan")
    # DOK-02: one copy per party, each sent to the party it is addressed to.
    assert {d.part_id for d in copies} == {p.pk for p in parter}
    for doc in copies:
        assert doc.status == "sendt"
        assert [u.part_id for u in doc.utsendinger.all()] == [doc.part_id]


def test_EVAL_01_first_evaluation_outside_4_to_6_weeks_warns_until_a_reason_is_recorded(world):
    """EVAL-01 is a "should": the pages warn; the version goes on; a reason is recorded."""
    vedtak = f.godkjent_vedtak(world)
    tiltak = f.tiltak_of(vedtak)
    start = tiltak[0].startdato
    versjon = f.draft(world, tiltak=tiltak, neste_evaluering=start + timedelta(weeks=10))
    warnings = services.submission_warnings(versjon)
    assert [w.rule_id for w in warnings] == ["EVAL-01"]
    assert warnings[0].field == "neste_evaluering_begrunnelse"
    assert not services.submission_problems(versjon)  # not blocked
    versjon = services.planversjon_update(
        actor=world.saksbehandler,
        versjon_id=versjon.pk,
        data={"neste_evaluering_begrunnelse": "Familien er bortreist i uke 5 og 6."},
    )
    assert services.submission_warnings(versjon) == []
    record = versjon.history.first()
    assert record.history_user == world.saksbehandler  # who recorded the reason, and when
    versjon = services.planversjon_update(
        actor=world.saksbehandler,
        versjon_id=versjon.pk,
        data={"neste_evaluering": start + timedelta(weeks=5), "neste_evaluering_begrunnelse": ""},
    )
    assert services.submission_warnings(versjon) == []
