"""The evaluation services: EVAL-02 … EVAL-05 through the real plan and decision services, and
the nightly finder of evaluations due (EVAL-01/02) against the pure date rule."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cases.rules import add_months
from core.exceptions import NotFound, RuleViolation
from evaluations import rules, selectors, services
from evaluations.models import Evaluering, Tiltakskonklusjon
from plans import selectors as plan_selectors
from plans.models import Tiltaksplan
from vedtak.models import Vedtak

from ..plans import factories as f

pytestmark = pytest.mark.django_db


def ids(exc) -> list[str]:
    return [b.rule_id for b in exc.value.breaches]


def test_EVAL_03_the_draft_is_prefilled_from_the_plans_goals_and_measures(world):
    _v, versjon, tiltak = f.running_plan(world, started_days_ago=30)
    ev = services.evaluering_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    assert ev.versjon_id == versjon.pk and ev.status == Evaluering.Status.UTKAST
    goals = list(versjon.maal.order_by("rekkefolge"))
    rows = list(ev.maalvurderinger.order_by("maal__rekkefolge"))
    assert [r.maal_id for r in rows] == [g.pk for g in goals]  # goals and delmål
    assert rows[0].niva_na == goals[0].niva_na  # prefilled with the level at start
    assert [k.tiltak_id for k in ev.konklusjoner.all()] == [tiltak.pk]
    # One draft at a time: asking again gives the same draft.
    again = services.evaluering_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    assert again.pk == ev.pk


def test_EVAL_03_needs_an_approved_plan_in_force(world):
    from plans import services as plan_services

    plan_services.tiltaksplan_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    with pytest.raises(RuleViolation) as exc:
        services.evaluering_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    assert ids(exc) == ["EVAL-03"]


def test_EVAL_03_completion_needs_every_voice_progress_and_conclusions(world):
    f.running_plan(world, started_days_ago=30)
    ev = services.evaluering_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    with pytest.raises(RuleViolation) as exc:
        services.evaluering_complete(actor=world.saksbehandler, evaluering_id=ev.pk)
    found = ids(exc)
    assert set(found) == {"EVAL-03", "EVAL-02"}
    fields = {b.field for b in exc.value.breaches}
    assert {"fra_tjenesten", "fra_samarbeidspartnere", "fra_foreldre", "fra_barnet"} <= fields
    assert "neste_evaluering" in fields
    assert Evaluering.objects.get(pk=ev.pk).status == Evaluering.Status.UTKAST


def test_EVAL_03_the_reason_the_child_was_not_asked_instead_of_the_childs_view(world):
    f.running_plan(world, started_days_ago=30)
    ev = f.evaluation(world, complete=False)
    services.evaluering_update(
        actor=world.saksbehandler,
        evaluering_id=ev.pk,
        data={"fra_barnet": "", "barnet_ikke_spurt_begrunnelse": "Barnet var sykt."},
    )
    ev = services.evaluering_complete(actor=world.saksbehandler, evaluering_id=ev.pk)
    assert ev.status == "G"


def test_EVAL_02_the_next_date_counts_from_this_evaluation(world):
    f.running_plan(world, started_days_ago=30)
    today = timezone.localdate()
    ev = f.evaluation(world, complete=False)
    with pytest.raises(RuleViolation) as exc:
        services.evaluering_update(
            actor=world.saksbehandler,
            evaluering_id=ev.pk,
            data={"neste_evaluering": add_months(today, 3) + timedelta(days=1)},
        )
    assert ids(exc) == ["EVAL-02"]
    services.evaluering_update(
        actor=world.saksbehandler,
        evaluering_id=ev.pk,
        data={"neste_evaluering": add_months(today, 3)},
    )


def test_EVAL_05_completion_marks_G_moves_the_clock_and_orders_the_letter(
    world, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    _v, versjon, _t = f.running_plan(world, started_days_ago=50)
    before = plan_selectors.plan_summary(world.sak_a)
    assert before.schedule.first and before.schedule.anchor == today - timedelta(days=50)
    with django_capture_on_commit_callbacks(execute=False):
        ev = f.evaluation(world, neste=today + timedelta(days=70))
    assert ev.status == Evaluering.Status.GJENNOMFORT == "G"
    assert ev.gjennomfort_av == world.saksbehandler
    plan = Tiltaksplan.objects.get(pk=versjon.plan_id)
    assert plan.neste_evaluering == today + timedelta(days=70)
    after = plan_selectors.plan_summary(world.sak_a)
    assert not after.schedule.first
    assert after.schedule.anchor == today
    assert after.schedule.limit == add_months(today, 3)
    assert after.schedule.due == today + timedelta(days=70)
    from documents.models import Dokument

    # One copy per party (DOK-02).
    assert Dokument.objects.for_source(ev).filter(type="evaluering").count() == len(
        world.sak_a.parter.filter(aktiv=True)
    )
    with pytest.raises(RuleViolation) as exc:
        services.evaluering_update(actor=world.saksbehandler, evaluering_id=ev.pk, data={})
    assert ids(exc) == ["EVAL-05"]


@pytest.mark.parametrize(
    ("konklusjon", "vedtak_type", "endrer"),
    [
        ("erstatte", Vedtak.Type.ENDRING, True),
        ("avslutte", Vedtak.Type.AVSLUTNING, True),
        ("supplere", Vedtak.Type.NYTT, False),
    ],
)
def test_EVAL_04_replace_supplement_end_opens_a_draft_vedtak(
    world, konklusjon, vedtak_type, endrer
):
    _v, _versjon, tiltak = f.running_plan(world, started_days_ago=30)
    before = set(Vedtak.objects.values_list("pk", flat=True))
    ev = f.evaluation(world, konklusjon=konklusjon)
    opened = Vedtak.objects.exclude(pk__in=before).get()
    assert opened.status == Vedtak.Status.UTKAST and opened.type == vedtak_type
    assert opened.opprettet_av == world.saksbehandler
    row = Tiltakskonklusjon.objects.get(evaluering=ev)
    assert row.vedtak_id == opened.pk
    assert [t.endrer_id for t in opened.tiltak.all()] == ([tiltak.pk] if endrer else [])


@pytest.mark.parametrize("konklusjon", ["fortsette", "justere"])
def test_EVAL_04_continue_or_adjust_opens_no_vedtak(world, konklusjon):
    f.running_plan(world, started_days_ago=30)
    before = Vedtak.objects.count()
    f.evaluation(world, konklusjon=konklusjon)
    assert Vedtak.objects.count() == before


def test_EVAL_05_sent_to_every_party_and_recorded(world, django_capture_on_commit_callbacks):
    f.running_plan(world, started_days_ago=30)
    with django_capture_on_commit_callbacks(execute=True):
        ev = f.evaluation(world)
    parter = list(world.sak_a.parter.all())
    services.evaluering_send_out(
        actor=world.saksbehandler,
        evaluering_id=ev.pk,
        kanaler={f"part-{p.pk}": "brev" for p in parter},
    )
    from documents.models import Dokument

    copies = Dokument.objects.for_source(ev).filter(type="evaluering")
    assert sorted(d.part_id for d in copies) == sorted(p.pk for p in parter)
    for doc in copies:  # DOK-02: each copy to its own party
        assert doc.status == "sendt"
        assert [u.part_id for u in doc.utsendinger.all()] == [doc.part_id]


def test_ROLE_02_other_teams_neither_see_nor_write_evaluations(world):
    f.running_plan(world, started_days_ago=30)
    with pytest.raises(NotFound):
        services.evaluering_create(actor=world.saksbehandler_b, sak_id=world.sak_a.pk)
    ev = services.evaluering_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    with pytest.raises(NotFound):
        services.evaluering_update(actor=world.saksbehandler_b, evaluering_id=ev.pk, data={})
    with pytest.raises(PermissionDenied):
        services.evaluering_complete(actor=world.barnevernleder, evaluering_id=ev.pk)


# --- The nightly finder -------------------------------------------------------------------------


def test_EVAL_01_due_evaluations_matches_the_date_rule(world, django_assert_max_num_queries):
    """Plans in many states; for every horizon the SQL finder returns exactly the plans whose
    due date by the pure rule falls on or before it."""
    today = timezone.localdate()
    tb = f.team_b(world)
    from ..factories import make_sak

    cases = []
    for days_ago in (3, 35, 41, 44, 80, 95):
        sak = make_sak(world.saksbehandler, world.team_a, parter=1)
        f.running_plan(world, sak, started_days_ago=days_ago)
        cases.append(sak)
    # One with a completed evaluation 20 days ago, planned again in 70 days.
    sak = make_sak(world.saksbehandler, world.team_a, parter=1)
    f.running_plan(world, sak, started_days_ago=100)
    f.evaluation(world, sak, dato=today - timedelta(days=20), neste=today + timedelta(days=60))
    cases.append(sak)
    # One in team B with a longer interval approved by its leader.
    f.running_plan(tb, started_days_ago=60)
    from plans import services as plan_services

    plan_services.tiltaksplan_set_interval(
        actor=world.teamleder_b, sak_id=world.sak_b.pk, months=6, reason="Stabilt."
    )
    plans = list(selectors.with_schedule_data(Tiltaksplan.objects.all(), today))
    for window in (0, 7, 14, 30, 60, 120):
        horizon = today + timedelta(days=window)
        expected = {p.pk for p in plans if p.har_lopende and selectors.is_due(p, horizon)}
        with django_assert_max_num_queries(1):
            found = {p.pk: p for p in selectors.due_evaluations(today, window)}
        assert set(found) == expected, window
        for p in found.values():
            assert p.sak.saksbehandler_id  # the responsible caseworker, no extra query
    overdue = {p.sak_id for p in selectors.due_evaluations(today, 0)}
    assert cases[3].pk in overdue  # started 44 days ago, first evaluation due at 42 days
    assert cases[0].pk not in overdue


def test_EVAL_01_a_plan_without_a_running_measure_is_never_due(world):
    from plans import services as plan_services

    vedtak = f.godkjent_vedtak(world)
    f.approved(world, tiltak=f.tiltak_of(vedtak))
    plan_services  # noqa: B018
    assert not selectors.due_evaluations(timezone.localdate(), 365).exists()
    assert rules.default_interval() == 3
