"""The action tables of contractors (contractors/actions.py): django-fsm and the table agree,
and each role is offered exactly its actions on a contractor, an assignment and a measure
(ROLE-01, OPP-02 … OPP-06)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contractors import services
from contractors.actions import OPPDRAG, OPPDRAGSTAKER, TILTAK, TRANSITIONS
from contractors.models import Oppdragstaker

from ..conftest import World
from . import factories as f

MANAGERS = ("saksbehandler", "saksbehandler_b", "teamleder", "teamleder_b")
EDITS = ("edit", "register_politiattest", "register_taushetserklaering")


def _fsm_transitions(model) -> dict:
    return {
        name: getattr(model, name)._django_fsm
        for name in dir(model)
        if hasattr(getattr(model, name, None), "_django_fsm")
    }


def test_every_transition_of_the_model_is_in_the_table():
    assert set(_fsm_transitions(Oppdragstaker)) == set(TRANSITIONS)


@pytest.mark.parametrize("name", TRANSITIONS)
def test_the_fsm_permission_and_conditions_are_the_tables(name):
    """The model's @transition(permission=…) is the table's ``may``; its ``conditions=`` are
    the table's rules: django-fsm and the pages cannot disagree (OPP-02, OPP-04)."""
    action = OPPDRAGSTAKER[name]
    meta = _fsm_transitions(Oppdragstaker)[action.method_name]
    assert meta.transitions
    for transition in meta.transitions.values():
        assert transition.permission is action.may
        assert transition.conditions == [rule.is_met for rule in action.rules]


def _offered(machine, obj, world) -> dict[str, set[str]]:
    return {
        role: {o.name for o in machine.offers(obj, user)} for role, user in world.users().items()
    }


def _expect(**by_role) -> dict[str, set[str]]:
    return {role: set(by_role.get(role, ())) for role in World.USERS}


@pytest.mark.django_db
def test_ROLE_01_OPP_02_the_contractors_offers_for_each_role_and_state(world):
    """The service's caseworkers and team leaders register, document and approve; the head of
    service suspends, resumes and ends too; nobody else, nor another service, is offered a
    thing. The offers follow the state; an ended contractor is kept as it was (LOG-01)."""
    sb, bvl = world.saksbehandler, world.barnevernleder
    o = f.make_oppdragstaker(sb, politiattest=False, taushetserklaering=False)
    managers = dict.fromkeys(MANAGERS, ("receive_documentation", "end", *EDITS))
    assert _offered(OPPDRAGSTAKER, o, world) == _expect(**managers, barnevernleder=("end",))
    offer = OPPDRAGSTAKER.offer(o, sb, "receive_documentation")
    assert {b.rule_id for b in offer.blocked} == {"OPP-02"}

    o = f.make_oppdragstaker(sb)
    assert o.status == Oppdragstaker.Status.GODKJENT
    managers = dict.fromkeys(MANAGERS, ("suspend", "end", *EDITS))
    assert _offered(OPPDRAGSTAKER, o, world) == _expect(
        **managers, barnevernleder=("suspend", "end")
    )

    o = services.oppdragstaker_suspend(actor=bvl, oppdragstaker_id=o.pk, reason="Venter.")
    managers = dict.fromkeys(MANAGERS, ("resume", "end", *EDITS))
    assert _offered(OPPDRAGSTAKER, o, world) == _expect(
        **managers, barnevernleder=("resume", "end")
    )
    assert OPPDRAGSTAKER.offer(o, bvl, "resume").possible

    o = services.oppdragstaker_end(actor=bvl, oppdragstaker_id=o.pk, reason="Flyttet.")
    assert _offered(OPPDRAGSTAKER, o, world) == _expect()


@pytest.mark.django_db
def test_ROLE_01_OPP_04_the_assignments_offers_for_each_role(world):
    """The case's team changes, briefs (OPP-06) and ends the assignment and registers what
    arrives (OPP-05); the kontorfaglig makes the work contract (OPP-04) and registers what
    arrives; the other team and the head of service are offered nothing."""
    sb = world.saksbehandler
    veileder = f.make_oppdragstaker(sb, type=Oppdragstaker.Type.VEILEDER)
    oppdrag = f.assign(sb, f.godkjent_tiltak(world), veileder)
    team = ("edit", "brief", "end", "register_submission")
    clerical = ("register_contract", "register_submission")
    assert _offered(OPPDRAG, oppdrag, world) == _expect(
        saksbehandler=team, teamleder=team, kontorfaglig=clerical
    )
    assert OPPDRAG.offer(oppdrag, world.kontorfaglig, "register_contract").possible

    services.oppdrag_end(
        actor=sb, oppdrag_id=oppdrag.pk, dato=timezone.localdate(), reason="Slutter."
    )
    oppdrag.refresh_from_db()
    # An ended assignment is kept as it was; what it was owed can still arrive.
    assert _offered(OPPDRAG, oppdrag, world) == _expect(
        saksbehandler=("register_submission",),
        teamleder=("register_submission",),
        kontorfaglig=clerical,
    )


@pytest.mark.django_db
def test_OPP_06_the_briefing_is_offered_only_where_the_rule_asks_for_it(client, world):
    """OPP-06 asks a briefing before a veileder/terapeut starts (or anyone delivering a
    guidance measure): only there is it offered; elsewhere its page says why."""
    sb = world.saksbehandler
    support = f.assign(sb, f.godkjent_tiltak(world), f.make_oppdragstaker(sb))
    assert not support.trenger_orientering
    assert "brief" not in {o.name for o in OPPDRAG.offers(support, sb)}
    guidance = f.assign(
        sb,
        f.godkjent_tiltak(world, f.new_sak(world), kode="foreldreveiledning"),
        f.make_oppdragstaker(sb),
    )
    assert guidance.trenger_orientering
    assert OPPDRAG.offer(guidance, sb, "brief").possible

    client.force_login(sb)
    kwargs = {"sak_id": support.sak_id, "oppdrag_id": support.pk}
    brief = reverse("contractors:oppdrag_brief", kwargs=kwargs)
    assert (
        brief
        not in client.get(reverse("contractors:oppdrag_detail", kwargs=kwargs)).content.decode()
    )
    response = client.post(
        brief, {"orientert_dato": timezone.localdate(), "orientering_notat": "Gjennomgått."}
    )
    assert response.status_code == 200
    assert response.context["not_possible"].rule_id == "OPP-06"
    support.refresh_from_db()
    assert support.orientert_dato is None


@pytest.mark.django_db
def test_ROLE_01_OPP_04_assigning_a_contractor_is_offered_to_the_cases_team(world):
    tiltak = f.godkjent_tiltak(world)
    assert _offered(TILTAK, tiltak, world) == _expect(
        saksbehandler=("assign",), teamleder=("assign",)
    )
    url = TILTAK.offer(tiltak, world.saksbehandler, "assign").url
    assert url == reverse(
        "contractors:oppdrag_create", kwargs={"sak_id": world.sak_a.pk, "tiltak_id": tiltak.pk}
    )


@pytest.mark.django_db
def test_OPP_02_an_action_page_says_what_blocks_it_or_why_it_does_not_apply(client, world):
    sb = world.saksbehandler
    o = f.make_oppdragstaker(sb, politiattest=False, documented=False)
    client.force_login(sb)

    def page(action):
        return client.get(
            reverse("contractors:transition", kwargs={"oppdragstaker_id": o.pk, "action": action})
        )

    response = page("receive_documentation")
    assert response.status_code == 200
    assert [b.rule_id for b in response.context["blocked"]] == ["OPP-02"]
    assert response.context["not_possible"] is None
    response = page("resume")
    assert response.status_code == 200
    assert response.context["not_possible"].rule_id == "OPP-02"
    assert '<form method="post" class="app-form"' not in response.content.decode()
    client.force_login(world.kontorfaglig)
    assert page("receive_documentation").status_code == 404


@pytest.mark.django_db
def test_OPP_04_an_ended_assignment_is_kept_as_it_was_and_its_pages_say_so(client, world):
    sb = world.saksbehandler
    oppdrag = f.assign(sb, f.godkjent_tiltak(world), f.make_oppdragstaker(sb))
    services.oppdrag_end(
        actor=sb, oppdrag_id=oppdrag.pk, dato=timezone.localdate(), reason="Slutter."
    )
    client.force_login(sb)
    kwargs = {"sak_id": oppdrag.sak_id, "oppdrag_id": oppdrag.pk}
    detail = client.get(reverse("contractors:oppdrag_detail", kwargs=kwargs)).content.decode()
    oppdrag.refresh_from_db()
    assert oppdrag.status() == oppdrag.Status.AVSLUTTET
    assert 'app-status--avsluttet" data-color="neutral">Avsluttet</span>' in detail
    for name in ("oppdrag_edit", "oppdrag_brief", "oppdrag_end"):
        url = reverse(f"contractors:{name}", kwargs=kwargs)
        assert url not in detail, name
        response = client.post(url, {"reason": "Igjen.", "dato": timezone.localdate()})
        assert response.status_code == 200, name
        assert response.context["not_possible"].rule_id == "OPP-04", name
