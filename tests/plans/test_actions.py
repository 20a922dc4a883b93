"""The plan's action tables (issue 18, :mod:`plans.actions`): django-fsm and the table agree on
who may take each transition and on what must hold, and each role is offered what is theirs in
each state of the plan and of its version, with the reasons an action is blocked (PLAN-01,
PLAN-03, EVAL-01)."""

import pytest
from django.urls import reverse

from plans import selectors, services
from plans.actions import MACHINE, PLAN, TRANSITIONS, PlanOfCase
from plans.models import Planversjon, Tiltaksplan

from . import factories as f

ROLES = ("saksbehandler", "teamleder", "barnevernleder", "saksbehandler_b", "teamleder_b")


def _transitions_of(model) -> set[str]:
    return {name for name, value in vars(model).items() if hasattr(value, "_django_fsm")}


def test_PLAN_03_every_transition_of_the_model_is_in_the_table():
    assert _transitions_of(Planversjon) == set(TRANSITIONS)


@pytest.mark.parametrize(
    "action", [a for a in MACHINE if a.method_name is not None], ids=lambda a: a.name
)
def test_PLAN_03_the_fsm_permission_and_conditions_are_the_tables(action):
    """The model's ``@transition(permission=…)`` is the table's ``may``, and its
    ``conditions=`` are the table's rules (reading ``_django_fsm`` is for this test only)."""
    transitions = getattr(Planversjon, action.method_name)._django_fsm.transitions.values()
    assert transitions
    for t in transitions:
        assert t.permission is action.may
        assert [c.__self__ for c in t.conditions] == list(action.rules)
        assert all(c.__self__ is r for c, r in zip(t.conditions, action.rules, strict=True))


def _version(pk) -> Planversjon:
    return Planversjon.objects.select_related("plan__sak").get(pk=pk)


def _offered(world, obj, machine=MACHINE) -> dict[str, list[str]]:
    return {role: [o.name for o in machine.offers(obj, getattr(world, role))] for role in ROLES}


@pytest.mark.django_db
def test_PLAN_03_the_offers_of_each_role_through_the_versions_states(world):
    vedtak = f.godkjent_vedtak(world)
    versjon = f.draft(world, tiltak=f.tiltak_of(vedtak))
    team = ["edit", "send_for_approval", "discard"]
    assert _offered(world, _version(versjon.pk)) == {
        "saksbehandler": team,
        "teamleder": team,  # the team leader writes in the team too (PLAN-01)
        "barnevernleder": [],
        "saksbehandler_b": [],
        "teamleder_b": [],
    }
    services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=versjon.pk)
    leaders = ["approve", "return_to_draft"]
    assert _offered(world, _version(versjon.pk)) == {
        "saksbehandler": [],
        "teamleder": leaders,
        "barnevernleder": leaders,
        "saksbehandler_b": [],
        "teamleder_b": [],
    }
    services.planversjon_approve(actor=world.barnevernleder, versjon_id=versjon.pk)
    assert _offered(world, _version(versjon.pk)) == {
        "saksbehandler": ["send_out"],
        "teamleder": ["send_out"],
        "barnevernleder": [],
        "saksbehandler_b": [],
        "teamleder_b": [],
    }


@pytest.mark.django_db
def test_PLAN_02_an_unfinished_draft_is_offered_blocked_with_its_reasons(world):
    versjon = services.tiltaksplan_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    offer = MACHINE.offer(_version(versjon.pk), world.saksbehandler, "send_for_approval")
    assert offer is not None and not offer.possible
    assert {b.rule_id for b in offer.blocked} <= {"PLAN-01", "PLAN-02", "EVAL-02"}
    assert "PLAN-01" in {b.rule_id for b in offer.blocked}
    assert offer.url == reverse("plans:submit", args=[world.sak_a.pk, versjon.pk])
    # Editing and discarding need nothing.
    assert MACHINE.offer(_version(versjon.pk), world.saksbehandler, "edit").possible
    assert MACHINE.offer(_version(versjon.pk), world.saksbehandler, "discard").possible


def _state(sak) -> PlanOfCase:
    plan = Tiltaksplan.objects.filter(sak=sak).first()
    open_version = (
        plan.versjoner.filter(status__in=Planversjon.OPEN).first() if plan is not None else None
    )
    return PlanOfCase(sak=sak, plan=plan, open_version=open_version)


@pytest.mark.django_db
def test_PLAN_01_EVAL_01_the_offers_on_the_plan_of_each_role(world):
    assert _offered(world, _state(world.sak_a), PLAN) == {
        "saksbehandler": ["create"],
        "teamleder": ["create"],
        "barnevernleder": [],
        "saksbehandler_b": [],
        "teamleder_b": [],
    }
    f.running_plan(world)
    assert _offered(world, _state(world.sak_a), PLAN) == {
        "saksbehandler": ["new_version"],
        "teamleder": ["new_version", "set_interval"],
        "barnevernleder": ["set_interval"],
        "saksbehandler_b": [],
        "teamleder_b": [],
    }
    services.planversjon_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    # A version is being written: no new one until it is finished (PLAN-03).
    assert _offered(world, _state(world.sak_a), PLAN) == {
        "saksbehandler": [],
        "teamleder": ["set_interval"],
        "barnevernleder": ["set_interval"],
        "saksbehandler_b": [],
        "teamleder_b": [],
    }


@pytest.mark.django_db
def test_PLAN_03_the_pages_render_the_offers_and_nothing_else(client, world):
    """The version page links to an action's page only when the kernel offers it."""
    vedtak = f.godkjent_vedtak(world)
    versjon = f.draft(world, tiltak=f.tiltak_of(vedtak))
    services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=versjon.pk)
    args = [world.sak_a.pk, versjon.pk]
    page = reverse("plans:version", args=args)
    approve = reverse("plans:approve", args=args)
    client.force_login(world.saksbehandler)
    html = client.get(page).content.decode()
    assert approve not in html and reverse("plans:edit", args=args) not in html
    client.force_login(world.teamleder)
    html = client.get(page).content.decode()
    assert f'href="{approve}"' in html and f'href="{approve}#return"' in html
    plan_page = client.get(reverse("plans:detail", args=[world.sak_a.pk])).content.decode()
    assert f'href="{approve}"' in plan_page
    assert reverse("plans:interval", args=[world.sak_a.pk]) in plan_page
    assert selectors.plan_summary(world.sak_a).open_version.pk == versjon.pk
