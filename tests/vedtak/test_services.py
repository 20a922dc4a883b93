"""The decision's rules through its services: every VED and SAM rule by its ID, with the
negative cases the issue names (approval without the 15-year-old's consent, approval by the
author, approval before the notice deadline, editing a godkjent vedtak)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.exceptions import RuleViolation
from tests.factories import make_sak
from vedtak import rules, services
from vedtak.models import Tiltak, Vedtak

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_other_start_rules(monkeypatch):
    """VED-11 on its own: the other apps' start rules (PLAN-04, OPP-02) are tested there."""
    from vedtak import hooks

    monkeypatch.setattr(hooks, "tiltak_start_guards", [])


def rule_ids(exc: pytest.ExceptionInfo) -> set[str]:
    return {b.rule_id for b in exc.value.breaches}


def test_VED_01_a_draft_without_measures_cannot_go_for_guidance(world):
    v = f.draft(world, tiltak=())
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_send_to_guidance(actor=world.saksbehandler, vedtak_id=v.pk)
    assert "VED-01" in rule_ids(exc)


def test_VED_02_content_and_start_and_scope_are_required(world):
    v = f.draft(world, content=False)
    t = v.tiltak.get()
    services.tiltak_update(
        actor=world.saksbehandler,
        tiltak_id=t.pk,
        versjon=v.versjon,
        data={"omfang": "", "startdato": None},
    )
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_send_to_guidance(actor=world.saksbehandler, vedtak_id=v.pk)
    messages = " ".join(str(b) for b in exc.value.breaches)
    assert rule_ids(exc) == {"VED-02"}
    assert "barnets mening" in messages
    assert "vurderingen av barnets beste" in messages
    assert "mangler oppstartsdato" in messages
    assert "mangler omfang" in messages


def test_VED_03_the_whole_path_to_ekspedert(world):
    v = f.ekspedert(world)
    assert v.status == Vedtak.Status.EKSPEDERT
    assert v.godkjent_av == world.barnevernleder
    assert v.frigitt_av == world.teamleder
    reasons = [h.history_change_reason for h in v.history.order_by("history_date")]
    assert "Sendt til teamleder for veiledning" in reasons
    assert "Godkjent av barnevernleder" in reasons
    assert v.history.count() >= 6


def test_VED_03_protected_status_cannot_be_set_directly(world):
    v = f.draft(world)
    with pytest.raises(AttributeError):
        v.status = Vedtak.Status.GODKJENT


def test_VED_03_return_to_draft_needs_a_comment_and_records_it(world):
    v = f.til_veiledning(world)
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_return_to_draft(actor=world.teamleder, vedtak_id=v.pk, comment=" ")
    assert rule_ids(exc) == {"VED-03"}
    v = services.vedtak_return_to_draft(
        actor=world.teamleder, vedtak_id=v.pk, comment="Skriv mer om barnets mening."
    )
    assert v.status == Vedtak.Status.UTKAST
    assert v.kommentarer.get().tekst == "Skriv mer om barnets mening."


def test_VED_03_withdraw_needs_a_reason_and_never_after_approval(world):
    v = f.draft(world)
    with pytest.raises(RuleViolation):
        services.vedtak_withdraw(actor=world.saksbehandler, vedtak_id=v.pk, reason="")
    v = services.vedtak_withdraw(actor=world.saksbehandler, vedtak_id=v.pk, reason="Feil barn.")
    assert v.status == Vedtak.Status.TRUKKET
    g = f.godkjent(world)
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_withdraw(actor=world.teamleder, vedtak_id=g.pk, reason="For sent.")
    assert rule_ids(exc) == {"VED-03"}


def test_VED_03_editing_a_godkjent_vedtak_is_refused(world):
    v = f.godkjent(world)
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_update(
            actor=world.saksbehandler,
            vedtak_id=v.pk,
            versjon=v.versjon,
            data={"bakgrunn": "Endret i ettertid"},
        )
    assert rule_ids(exc) == {"VED-03"}
    with pytest.raises(RuleViolation):
        services.tiltak_add(
            actor=world.saksbehandler,
            vedtak_id=v.pk,
            versjon=v.versjon,
            data={"type": f.tiltakstype(), "omfang": "1", "startdato": timezone.localdate()},
        )
    assert Vedtak.objects.get(pk=v.pk).bakgrunn == f.CONTENT["bakgrunn"]


def test_VED_04_the_author_cannot_approve(world):
    # The head of service writes the decision; the same person cannot sign it.
    sak = make_sak(world.saksbehandler, world.team_a, parter=1)
    v = f.draft(world, sak=sak, author=world.teamleder)
    services.vedtak_send_to_guidance(actor=world.teamleder, vedtak_id=v.pk)
    services.vedtak_approve_measures(actor=world.teamleder, vedtak_id=v.pk)
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_release_for_approval(actor=world.teamleder, vedtak_id=v.pk)
    assert rule_ids(exc) == {"VED-04"}


def test_VED_04_head_of_service_cannot_approve_own_decision(world):
    from accounts.models import Rolle
    from tests.factories import grant

    bvl = grant(world.barnevernleder, Rolle.SAKSBEHANDLER, team=world.team_a)
    v = f.draft(world, author=bvl)
    services.vedtak_send_to_guidance(actor=bvl, vedtak_id=v.pk)
    services.vedtak_approve_measures(actor=world.teamleder, vedtak_id=v.pk)
    services.vedtak_release_for_approval(actor=world.teamleder, vedtak_id=v.pk)
    f.notify_all(world, v)
    f.consent_all(world, v)
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_approve(actor=bvl, vedtak_id=v.pk, override_reason="x")
    assert "VED-04" in rule_ids(exc)


def test_VED_05_release_needs_the_measures_approved_and_a_change_resets_it(world):
    v = f.til_veiledning(world)
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_release_for_approval(actor=world.teamleder, vedtak_id=v.pk)
    assert rule_ids(exc) == {"VED-05"}
    services.vedtak_approve_measures(actor=world.teamleder, vedtak_id=v.pk)
    v = services.vedtak_return_to_draft(actor=world.teamleder, vedtak_id=v.pk, comment="Juster")
    services.tiltak_add(
        actor=world.saksbehandler,
        vedtak_id=v.pk,
        versjon=v.versjon,
        data={
            "type": f.tiltakstype("leksehjelp"),
            "omfang": "2 t",
            "startdato": timezone.localdate(),
        },
    )
    assert Vedtak.objects.get(pk=v.pk).tiltak_godkjent_av is None


def test_VED_05_only_the_team_leader_approves_the_measures(world):
    v = f.til_veiledning(world)
    for user in (world.saksbehandler, world.teamleder_b, world.barnevernleder):
        with pytest.raises((PermissionDenied, Exception)):
            services.vedtak_approve_measures(actor=user, vedtak_id=v.pk)


def test_VED_06_approval_before_the_notice_deadline_is_refused(world):
    v = f.klar_for_godkjenning(world)
    f.consent_all(world, v)
    today = timezone.localdate()
    parts = [f"part-{p.pk}" for p in v.sak.parter.all()]
    services.forhandsvarsel_send(
        actor=world.saksbehandler,
        vedtak_id=v.pk,
        mottakere=parts[:1],
        sendt=today,
        frist=today + timedelta(days=14),
    )
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_approve(actor=world.barnevernleder, vedtak_id=v.pk, override_reason="x")
    assert rule_ids(exc) == {"VED-06"}
    text = " ".join(str(b) for b in exc.value.breaches)
    assert "er ikke varslet" in text  # the second party
    assert "Venter på uttalelse" in text  # the first, before the deadline


def test_VED_06_deadline_passed_without_answer_is_enough(world):
    v = f.klar_for_godkjenning(world)
    f.consent_all(world, v)
    f.notify_all(world, v, answered=False)
    v = services.vedtak_approve(actor=world.barnevernleder, vedtak_id=v.pk, override_reason="x")
    assert v.status == Vedtak.Status.GODKJENT


def test_VED_06_child_over_15_is_notified_too(world):
    sak = make_sak(world.saksbehandler, world.team_a, age=15, parter=1)
    v = f.klar_for_godkjenning(world, sak=sak)
    problems = rules.VED_06.problems(v, timezone.localdate())
    assert any("barnet" in p for p in problems)


def test_VED_07_SAM_01_approval_without_consent_of_a_15_year_old_is_refused(world):
    sak = make_sak(world.saksbehandler, world.team_a, age=15, parter=1)
    v = f.klar_for_godkjenning(world, sak=sak)  # støttekontakt: directed at the child
    f.notify_all(world, v)
    # Consent from the parent with daily care only.
    today = timezone.localdate()
    services.samtykke_create(
        actor=world.saksbehandler,
        sak_id=sak.pk,
        giver=f"part-{sak.parter.get().pk}",
        tiltak_ids=list(v.tiltak.values_list("pk", flat=True)),
        data={
            "formal": "Tiltak",
            "informasjon": "Lite",
            "gitt_dato": today,
            "informert_om_tilbaketrekking": True,
            "informert_om_rettigheter": True,
        },
    )
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_approve(actor=world.barnevernleder, vedtak_id=v.pk, override_reason="x")
    assert rule_ids(exc) == {"VED-07"}
    assert "fra barnet" in str(exc.value)
    f.consent_all(world, v)
    assert (
        services.vedtak_approve(
            actor=world.barnevernleder, vedtak_id=v.pk, override_reason="x"
        ).status
        == Vedtak.Status.GODKJENT
    )


def test_SAM_01_child_under_15_needs_no_consent_and_undirected_measures_neither(world):
    sak = make_sak(world.saksbehandler, world.team_a, age=15, parter=1)
    v = f.draft(world, sak=sak, tiltak=("foreldreveiledning",))
    t = v.tiltak.get()
    needed = rules.required_consenters(v, t, timezone.localdate())
    assert [is_child for _p, is_child in needed] == [False]


def test_VED_07_palegg_needs_the_board_reference_not_consent(world):
    v = f.draft(world)
    v = services.vedtak_update(
        actor=world.saksbehandler, vedtak_id=v.pk, versjon=v.versjon, data={"palegg": True}
    )
    problems = rules.consent_problems(v, timezone.localdate())
    assert len(problems) == 2
    v = services.vedtak_update(
        actor=world.saksbehandler,
        vedtak_id=v.pk,
        versjon=v.versjon,
        data={"nemnd_referanse": "23-001234", "nemnd_vedtaksdato": timezone.localdate()},
    )
    assert rules.consent_problems(v, timezone.localdate()) == []


def test_VED_08_deadline_from_the_investigation(world):
    sak = make_sak(
        world.saksbehandler,
        world.team_a,
        parter=1,
        melding_mottatt=timezone.localdate() - timedelta(days=80),
    )
    v = services.vedtak_create(actor=world.saksbehandler, sak_id=sak.pk)
    assert v.fristdato == sak.undersokelse.frist


def test_VED_09_approving_without_a_plan_needs_a_recorded_reason(world):
    v = f.ready_to_sign(world)
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_approve(actor=world.barnevernleder, vedtak_id=v.pk)
    assert rule_ids(exc) == {"VED-09"}
    assert exc.value.breaches[0].field == "override_reason"
    v = services.vedtak_approve(
        actor=world.barnevernleder, vedtak_id=v.pk, override_reason="Planen lages neste uke."
    )
    assert v.uten_tiltaksplan_begrunnelse == "Planen lages neste uke."


def test_VED_11_start_not_before_approval_and_lapse(world, no_other_start_rules):
    v = f.klar_for_godkjenning(world)
    t = v.tiltak.get()
    with pytest.raises(RuleViolation) as exc:
        services.tiltak_start(
            actor=world.saksbehandler, tiltak_id=t.pk, fra_dato=timezone.localdate()
        )
    assert rule_ids(exc) == {"VED-11"}
    g = f.godkjent(world)
    t = g.tiltak.get()
    with pytest.raises(RuleViolation):
        services.tiltak_start(
            actor=world.saksbehandler,
            tiltak_id=t.pk,
            fra_dato=timezone.localdate() - timedelta(days=30),
        )
    t = services.tiltak_start(
        actor=world.saksbehandler, tiltak_id=t.pk, fra_dato=timezone.localdate()
    )
    assert t.fra_dato == timezone.localdate()
    with pytest.raises(RuleViolation):
        services.tiltak_lapse(
            actor=world.saksbehandler, tiltak_id=t.pk, bortfalt_dato=timezone.localdate()
        )


def test_VED_11_and_VED_01_an_end_decision_ends_the_running_measure(world, no_other_start_rules):
    g = f.godkjent(world)
    t = g.tiltak.get()
    services.tiltak_start(actor=world.saksbehandler, tiltak_id=t.pk, fra_dato=timezone.localdate())
    end = services.vedtak_create(
        actor=world.saksbehandler,
        sak_id=g.sak_id,
        type=Vedtak.Type.AVSLUTNING,
        endrer_tiltak_ids=[t.pk],
    )
    row = end.tiltak.get()
    services.tiltak_update(
        actor=world.saksbehandler,
        tiltak_id=row.pk,
        versjon=end.versjon,
        data={"startdato": timezone.localdate() + timedelta(days=30)},
    )
    end = Vedtak.objects.get(pk=end.pk)
    services.vedtak_update(
        actor=world.saksbehandler, vedtak_id=end.pk, versjon=end.versjon, data=f.CONTENT
    )
    services.vedtak_send_to_guidance(actor=world.saksbehandler, vedtak_id=end.pk)
    services.vedtak_approve_measures(actor=world.teamleder, vedtak_id=end.pk)
    services.vedtak_release_for_approval(actor=world.teamleder, vedtak_id=end.pk)
    f.notify_all(world, end)
    services.vedtak_approve(actor=world.barnevernleder, vedtak_id=end.pk)
    t.refresh_from_db()
    assert t.til_dato == timezone.localdate() + timedelta(days=30)


def test_VED_12_a_stale_version_is_refused_and_nothing_is_saved(world):
    v = f.draft(world)
    seen = v.versjon
    services.vedtak_update(
        actor=world.saksbehandler, vedtak_id=v.pk, versjon=seen, data={"bakgrunn": "Første"}
    )
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_update(
            actor=world.teamleder, vedtak_id=v.pk, versjon=seen, data={"bakgrunn": "Andre"}
        )
    assert rule_ids(exc) == {"VED-12"}
    assert Vedtak.objects.get(pk=v.pk).bakgrunn == "Første"


def test_VED_12_a_transition_on_a_stale_state_fails(world):
    """Two leaders act on the same loaded decision: the second save loses (fsm-2's
    ConcurrentTransitionMixin), turned into a VED-12 message."""
    from django_fsm import ConcurrentTransition

    v = f.ready_to_sign(world)
    a = Vedtak.objects.get(pk=v.pk)
    b = Vedtak.objects.get(pk=v.pk)
    a.approve(by=world.barnevernleder)
    a.save()
    b.return_to_draft(by=world.teamleder)
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        b.save()
    with pytest.raises(RuleViolation) as exc:
        services.vedtak_return_to_draft(
            actor=world.teamleder, vedtak_id=v.pk, comment="x", versjon=v.versjon
        )
    assert rule_ids(exc) == {"VED-12"}


def test_SAM_02_a_consent_records_what_it_must(world):
    v = f.draft(world)
    with pytest.raises(RuleViolation) as exc:
        services.samtykke_create(
            actor=world.saksbehandler,
            sak_id=v.sak_id,
            giver=f"part-{v.sak.parter.first().pk}",
            tiltak_ids=[],
            data={"formal": "x", "informasjon": "y", "gitt_dato": timezone.localdate()},
        )
    fields = {b.field for b in exc.value.breaches}
    assert {"informert_om_tilbaketrekking", "informert_om_rettigheter", "tiltak_valg"} <= fields
    assert rule_ids(exc) == {"SAM-02"}


def test_SAM_03_withdrawal_marks_the_measures_and_keeps_the_record(world):
    g = f.godkjent(world)
    s = g.sak.samtykker.first()
    s = services.samtykke_withdraw(
        actor=world.saksbehandler,
        samtykke_id=s.pk,
        dato=timezone.localdate(),
        merknad="Trakk muntlig.",
    )
    t = Tiltak.objects.get(vedtak=g)
    assert t.samtykke_trukket == timezone.localdate()
    from vedtak.selectors import withdrawn_consents_for

    assert [x.pk for x in withdrawn_consents_for(world.saksbehandler)] == [t.pk]
    services.tiltak_acknowledge_withdrawal(actor=world.saksbehandler, tiltak_id=t.pk)
    assert withdrawn_consents_for(world.saksbehandler) == []
    assert s.history.first().trukket_dato == timezone.localdate()
    assert g.sak.samtykker.filter(pk=s.pk).exists()


def test_SAM_04_information_sharing_names_one_recipient(world):
    sak = world.sak_a
    base = {
        "formal": "Samarbeid med skolen",
        "informasjon": "Fravær",
        "gitt_dato": timezone.localdate(),
        "informert_om_tilbaketrekking": True,
        "informert_om_rettigheter": True,
        "formal_type": "informasjonsdeling",
    }
    with pytest.raises(RuleViolation) as exc:
        services.samtykke_create(
            actor=world.saksbehandler,
            sak_id=sak.pk,
            giver=f"part-{sak.parter.first().pk}",
            data=base,
        )
    assert rule_ids(exc) == {"SAM-04"}
    s = services.samtykke_create(
        actor=world.saksbehandler,
        sak_id=sak.pk,
        giver=f"part-{sak.parter.first().pk}",
        data={**base, "mottaker": "Fjordvik skole", "mottakertype": "skole"},
    )
    assert s.mottaker == "Fjordvik skole"


@pytest.mark.parametrize(
    "user", ["saksbehandler_b", "teamleder_b", "annen_tjeneste", "kontorfaglig"]
)
def test_ROLE_02_other_teams_cannot_touch_the_decision(world, user):
    from django.http import Http404

    v = f.draft(world)
    with pytest.raises((Http404, PermissionDenied)):
        services.vedtak_update(
            actor=getattr(world, user), vedtak_id=v.pk, versjon=v.versjon, data={"bakgrunn": "x"}
        )
