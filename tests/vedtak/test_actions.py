"""The action tables of decisions (vedtak/actions.py): django-fsm and the table agree, each role
is offered exactly its actions on a decision, a measure, a notice, a consent and the case
(ROLE-01, VED-03 … VED-11, SAM-01, SAM-03), and the services refuse what the tables do not
offer."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.exceptions import RuleViolation
from vedtak import services
from vedtak.actions import (
    FORHANDSVARSEL,
    MACHINE,
    SAK,
    SAMTYKKE,
    TILTAK,
    TRANSITIONS,
    UTKAST_TILTAK,
)
from vedtak.models import Forhandsvarsel, Vedtak

from ..conftest import World
from . import factories as f

TEAM = ("saksbehandler", "teamleder")


def _fsm_transitions(model) -> dict:
    return {
        name: getattr(model, name)._django_fsm
        for name in dir(model)
        if hasattr(getattr(model, name, None), "_django_fsm")
    }


def test_every_transition_of_the_model_is_in_the_table():
    assert set(_fsm_transitions(Vedtak)) == set(TRANSITIONS)


@pytest.mark.parametrize("name", TRANSITIONS)
def test_VED_03_the_fsm_permission_and_conditions_are_the_tables(name):
    """The model's @transition(permission=…) is the table's ``may``; its ``conditions=`` are
    the table's rules: django-fsm and the pages cannot disagree."""
    action = MACHINE[name]
    meta = _fsm_transitions(Vedtak)[action.method_name]
    for transition in meta.transitions.values():
        assert transition.permission is action.may
        assert transition.conditions == [rule.is_met for rule in action.rules]


def _offered(machine, obj, world) -> dict[str, set[str]]:
    return {
        role: {o.name for o in machine.offers(obj, user)} for role, user in world.users().items()
    }


def _expect(**by_role) -> dict[str, set[str]]:
    return {role: set(by_role.get(role, ())) for role in World.USERS}


pytestmark = pytest.mark.django_db


def test_ROLE_01_VED_03_the_offers_on_a_draft_and_on_an_approved_decision(world):
    """On a draft the case's team edits, adds measures, notifies, registers consents, sends
    it on and may withdraw it; the head of service comments and may withdraw. Once approved,
    only sending it out and comments are left. Nobody else is offered a thing (ROLE-02)."""
    v = f.draft(world)
    team = ("edit", "add_measure", "notify", "register_consent", "comment")
    team += ("send_to_guidance", "withdraw")
    assert _offered(MACHINE, v, world) == _expect(
        saksbehandler=team, teamleder=team, barnevernleder=("withdraw", "comment")
    )

    g = f.godkjent(world)
    assert _offered(MACHINE, g, world) == _expect(
        saksbehandler=("send_out", "comment"),
        teamleder=("send_out", "comment"),
        barnevernleder=("comment",),
    )


def test_VED_02_VED_11_a_measure_is_changed_in_the_draft_and_started_once_approved(world):
    v = f.draft(world)
    t = v.tiltak.get()
    team = dict.fromkeys(TEAM, ("change", "remove"))
    assert _offered(UTKAST_TILTAK, t, world) == _expect(**team)
    assert _offered(TILTAK, t, world) == _expect()

    g = f.godkjent(world)
    t = g.tiltak.get()
    assert _offered(UTKAST_TILTAK, t, world) == _expect()
    assert _offered(TILTAK, t, world) == _expect(**dict.fromkeys(TEAM, ("start", "lapse")))
    with pytest.raises(RuleViolation) as exc:
        services.tiltak_update(
            actor=world.saksbehandler, tiltak_id=t.pk, versjon=g.versjon, data={"omfang": "x"}
        )
    assert {b.rule_id for b in exc.value.breaches} == {"VED-03"}


def test_VED_06_SAM_03_a_notice_and_a_consent_have_their_own_actions(world):
    v = f.draft(world)
    f.notify_all(world, v, answered=False)
    f.consent_all(world, v)
    notice = v.forhandsvarsler.first()
    assert _offered(FORHANDSVARSEL, notice, world) == _expect(
        **dict.fromkeys(TEAM, ("record_statement",))
    )
    samtykke = v.sak.samtykker.first()
    assert _offered(SAMTYKKE, samtykke, world) == _expect(**dict.fromkeys(TEAM, ("withdraw",)))

    services.samtykke_withdraw(
        actor=world.saksbehandler, samtykke_id=samtykke.pk, dato=timezone.localdate()
    )
    samtykke.refresh_from_db()
    assert samtykke.get_status_display() == "Trukket"
    assert _offered(SAMTYKKE, samtykke, world) == _expect()
    with pytest.raises(RuleViolation) as exc:
        services.samtykke_withdraw(
            actor=world.saksbehandler, samtykke_id=samtykke.pk, dato=timezone.localdate()
        )
    assert {b.rule_id for b in exc.value.breaches} == {"SAM-03"}


def test_VED_01_SAM_01_the_case_offers_a_new_decision_and_a_consent_to_its_team(world):
    assert _offered(SAK, world.sak_a, world) == _expect(
        **dict.fromkeys(TEAM, ("create_vedtak", "register_consent"))
    )


def test_VED_06_the_notice_is_blocked_once_every_party_is_notified(world):
    v = f.draft(world)
    assert MACHINE.offer(v, world.saksbehandler, "notify").possible
    f.notify_all(world, v, answered=False)
    v = Vedtak.objects.get(pk=v.pk)
    offer = MACHINE.offer(v, world.saksbehandler, "notify")
    assert {b.rule_id for b in offer.blocked} == {"VED-06"}
    with pytest.raises(RuleViolation) as exc:
        services.forhandsvarsel_send(
            actor=world.saksbehandler,
            vedtak_id=v.pk,
            mottakere=[f"part-{v.sak.parter.first().pk}"],
            sendt=timezone.localdate(),
            frist=timezone.localdate() + timedelta(days=14),
        )
    assert {b.rule_id for b in exc.value.breaches} == {"VED-06"}


def test_VED_01_a_decision_to_end_measures_takes_no_new_measure(world):
    g = f.godkjent(world)
    end = services.vedtak_create(
        actor=world.saksbehandler,
        sak_id=g.sak_id,
        type=Vedtak.Type.AVSLUTNING,
        endrer_tiltak_ids=[g.tiltak.get().pk],
    )
    offer = MACHINE.offer(end, world.saksbehandler, "add_measure")
    assert {b.rule_id for b in offer.blocked} == {"VED-01"}
    with pytest.raises(RuleViolation) as exc:
        services.tiltak_add(
            actor=world.saksbehandler,
            vedtak_id=end.pk,
            versjon=end.versjon,
            data={"type": f.tiltakstype(), "omfang": "1", "startdato": timezone.localdate()},
        )
    assert {b.rule_id for b in exc.value.breaches} == {"VED-01"}


# --- the pages render the offers --------------------------------------------------------------


def test_ROLE_01_the_pages_show_each_user_their_offers(client, world):
    """The decision's page links the draft's editor for the team only; the case page offers
    a new decision and a measure's start to the team only."""
    v = f.draft(world)
    edit = reverse("vedtak:edit", args=[v.sak_id, v.pk])
    detail = reverse("vedtak:detail", args=[v.sak_id, v.pk])
    client.force_login(world.saksbehandler)
    assert edit in client.get(detail).content.decode()
    client.force_login(world.barnevernleder)
    html = client.get(detail).content.decode()
    assert edit not in html
    assert reverse("vedtak:comment", args=[v.sak_id, v.pk]) in html

    g = f.godkjent(world)
    start = reverse("vedtak:tiltak_dates", args=[g.sak_id, g.tiltak.get().pk, "start"])
    create = reverse("vedtak:create", args=[g.sak_id])
    case = reverse("cases:detail", args=[g.sak_id])
    client.force_login(world.saksbehandler)
    html = client.get(case).content.decode()
    assert start in html and create in html
    client.force_login(world.barnevernleder)
    html = client.get(case).content.decode()
    assert start not in html and create not in html


def test_VED_03_VED_11_a_page_of_an_action_the_state_does_not_allow_says_why(client, world):
    """The editor of an approved decision sends the user back to it with the reason; the
    start of a draft's measure says why it is not possible now (VED-11) and offers no form."""
    g = f.godkjent(world)
    client.force_login(world.saksbehandler)
    r = client.get(reverse("vedtak:edit", args=[g.sak_id, g.pk]))
    assert r.status_code == 302
    assert r["Location"] == reverse("vedtak:detail", args=[g.sak_id, g.pk])

    v = f.draft(world)
    r = client.get(reverse("vedtak:tiltak_dates", args=[v.sak_id, v.tiltak.get().pk, "start"]))
    html = r.content.decode()
    assert r.status_code == 200
    assert "VED-11" in html
    assert 'name="fra_dato"' not in html


def test_VED_06_the_statement_deadline_is_passed_or_open_until_a_statement_comes():
    """The page's «Passert»/«Åpen» tag reads the model, not a date compared in the template."""
    notice = Forhandsvarsel(sendt=date(2027, 3, 1), frist=date(2027, 3, 15))
    assert notice.svarfrist_passert(on=date(2027, 3, 15)) is False
    assert notice.svarfrist_passert(on=date(2027, 3, 16)) is True
    notice.uttalelse_mottatt = date(2027, 3, 10)
    assert notice.svarfrist_passert(on=date(2027, 3, 16)) is None
