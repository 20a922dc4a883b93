"""The evaluation's action tables (issue 18, :mod:`evaluations.actions`): django-fsm and the
table agree on who may complete an evaluation and on what must hold, and each role is offered
what is theirs (EVAL-03, EVAL-05)."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.actions import MACHINE, START, TRANSITIONS
from evaluations.models import Evaluering
from plans import selectors as plan_selectors
from plans import services as plan_services

from ..plans import factories as f

ROLES = ("saksbehandler", "teamleder", "barnevernleder", "saksbehandler_b", "teamleder_b")


def test_EVAL_05_every_transition_of_the_model_is_in_the_table():
    found = {name for name, value in vars(Evaluering).items() if hasattr(value, "_django_fsm")}
    assert found == set(TRANSITIONS) == {"complete"}


@pytest.mark.parametrize(
    "action", [a for a in MACHINE if a.method_name is not None], ids=lambda a: a.name
)
def test_EVAL_05_the_fsm_permission_and_conditions_are_the_tables(action):
    """The model's ``@transition(permission=…)`` is the table's ``may``, and its
    ``conditions=`` are the table's rules (reading ``_django_fsm`` is for this test only)."""
    transitions = getattr(Evaluering, action.method_name)._django_fsm.transitions.values()
    assert transitions
    for t in transitions:
        assert t.permission is action.may
        assert all(c.__self__ is r for c, r in zip(t.conditions, action.rules, strict=True))


def _evaluation(pk) -> Evaluering:
    return Evaluering.objects.select_related("plan__sak").get(pk=pk)


def _offered(world, obj, machine=MACHINE) -> dict[str, list[str]]:
    return {role: [o.name for o in machine.offers(obj, getattr(world, role))] for role in ROLES}


@pytest.mark.django_db
def test_EVAL_03_EVAL_05_the_offers_of_each_role(world):
    f.running_plan(world, started_days_ago=30)
    summary = plan_selectors.plan_summary(world.sak_a)
    team_only = {"barnevernleder": [], "saksbehandler_b": [], "teamleder_b": []}
    assert _offered(world, summary, START) == {
        "saksbehandler": ["create"],
        "teamleder": ["create"],
        **team_only,
    }
    ev = f.evaluation(world, complete=False)
    assert _offered(world, _evaluation(ev.pk)) == {
        "saksbehandler": ["edit", "complete"],
        "teamleder": ["edit", "complete"],
        **team_only,
    }
    services.evaluering_complete(actor=world.saksbehandler, evaluering_id=ev.pk)
    assert _offered(world, _evaluation(ev.pk)) == {
        "saksbehandler": ["send_out"],
        "teamleder": ["send_out"],
        **team_only,
    }


@pytest.mark.django_db
def test_EVAL_03_starting_needs_an_approved_plan_in_force(world):
    plan_services.tiltaksplan_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    offer = START.offer(plan_selectors.plan_summary(world.sak_a), world.saksbehandler, "create")
    assert [b.rule_id for b in offer.blocked] == ["EVAL-03"]
    assert offer.url == reverse("evaluations:create", args=[world.sak_a.pk])


@pytest.mark.django_db
def test_EVAL_03_an_unfinished_draft_is_offered_completion_blocked_with_its_reasons(world):
    f.running_plan(world, started_days_ago=30)
    ev = services.evaluering_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    offer = MACHINE.offer(_evaluation(ev.pk), world.saksbehandler, "complete")
    assert not offer.possible
    assert {b.rule_id for b in offer.blocked} == {"EVAL-02", "EVAL-03"}
    assert "fra_tjenesten" in {b.field for b in offer.blocked}
