"""AVS-01: a case closes only when nothing stands in the way, approved by the team leader;
AVS-02: a closed case is read-only, reopened with a reason by a team leader, and still read
under need-to-know with the access log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from avslutning import rules, services
from avslutning.actions import MACHINE, SAK
from avslutning.models import Avslutning
from cases import services as case_services
from cases.models import Sak
from core.actions import Action, Machine
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.models import AccessLogEntry
from rutiner import services as rutiner_services
from rutiner.models import Sjekkpunkt
from tests.factories import make_sak
from tests.innkommende.factories import receive
from tests.plans import factories as pf
from vedtak import services as vedtak_services
from vedtak.models import Tiltak, Vedtak

from .helpers import blocked, close, complete_checklist, propose

pytestmark = pytest.mark.django_db


def _has(found: list[str], *parts: str) -> bool:
    return any(all(p in line for p in parts) for line in found)


def _unmet(sak) -> set[str]:
    """Which of AVS-01's rules stand in the way (the page lists exactly their breaches)."""
    sak = Sak.objects.get(pk=sak.pk)
    return {name for name, rule in NAMED.items() if rule.unmet(sak)}


NAMED = {
    "measures": rules.MEASURES,
    "ending": rules.ENDING_DECISION,
    "evaluation": rules.EVALUATION,
    "checklist": rules.CLOSE[3],
    "deadlines": rules.DEADLINES,
    "referrals": rules.REFERRALS,
    "incoming": rules.INCOMING,
}


def _refused(world, sak, rule_id: str) -> None:
    with pytest.raises(RuleViolation) as exc:
        propose(world, sak)
    assert rule_id in {b.rule_id for b in exc.value.breaches}
    assert not Avslutning.objects.filter(sak=sak).exists()


def test_AVS_01_RUT_01_the_closing_checklist_must_be_complete(world):
    sak = make_sak(world.saksbehandler, world.team_a)
    found = blocked(world, sak)
    assert len(found) == 1
    assert "«Avslutning av sak»" in found[0]
    assert found[0].endswith("(RUT-01)")
    _refused(world, sak, "RUT-01")

    complete_checklist(world, sak)
    last = Sjekkpunkt.objects.filter(sjekkliste__sak=sak).order_by("nr").last()
    rutiner_services.sjekkpunkt_tick(
        actor=world.saksbehandler, sak_id=sak.pk, punkt_id=last.pk, ticked=False
    )
    assert _has(blocked(world, sak), "«Avslutning av sak»", "1 ")
    rutiner_services.sjekkpunkt_tick(
        actor=world.saksbehandler, sak_id=sak.pk, punkt_id=last.pk, ticked=True
    )
    assert blocked(world, sak) == []
    avslutning = propose(world, sak)
    assert avslutning.status == Avslutning.Status.FORESLATT
    sak.refresh_from_db()
    assert sak.status == Sak.Status.AKTIV  # the team leader has not approved it yet


def test_AVS_01_closing_refused_for_each_reason_in_turn_then_allowed(world):
    today = timezone.localdate()
    sak = make_sak(
        world.saksbehandler,
        world.team_a,
        parter=2,
        melding_mottatt=today - timedelta(days=100),
    )
    _vedtak, _versjon, measure = pf.running_plan(world, sak, started_days_ago=30)
    dokument = receive(world.saksbehandler, sak)

    found = blocked(world, sak)
    assert _unmet(sak) == {"measures", "evaluation", "checklist", "deadlines", "incoming"}
    assert _has(found, "«Støttekontakt»", "(VED-11)", "(AVS-01)")
    assert _has(found, "(SAK-03)", "(AVS-01)")  # the investigation's deadline is open
    assert _has(found, dokument.tittel, "(AVS-01)")
    assert _has(found, "«Avslutning av sak»", "(RUT-01)")
    assert len(found) == len(
        [b for rule in rules.CLOSE for b in rule.unmet(Sak.objects.get(pk=sak.pk))]
    )
    _refused(world, sak, "AVS-01")

    # The investigation completed: its deadline is no longer open.
    case_services.undersokelse_complete(
        actor=world.saksbehandler,
        sak_id=sak.pk,
        avsluttet=today,
        konklusjon="tiltak",
    )
    assert not _has(blocked(world, sak), "(SAK-03)")
    _refused(world, sak, "AVS-01")

    # The last evaluation done.
    pf.evaluation(world, sak, konklusjon="avslutte")
    assert "evaluation" not in _unmet(sak)
    _refused(world, sak, "AVS-01")

    # The measure ended by a decision: until that decision is sent, it stands in the way.
    endings = Vedtak.objects.filter(sak=sak, type=Vedtak.Type.AVSLUTNING)
    if not endings.exists():  # (an evaluation concluding «avslutte» may have opened it)
        vedtak_services.vedtak_create(
            actor=world.saksbehandler,
            sak_id=sak.pk,
            type=Vedtak.Type.AVSLUTNING,
            endrer_tiltak_ids=[measure.pk],
        )
    Tiltak.objects.filter(pk=measure.pk).update(til_dato=today - timedelta(days=1))
    assert "measures" not in _unmet(sak)
    assert "ending" in _unmet(sak)
    _refused(world, sak, "AVS-01")
    # (Its sending is the decisions' own path, tested there: here only its state.)
    endings.update(
        status=Vedtak.Status.EKSPEDERT,
        godkjent=timezone.now(),
        godkjent_av=world.barnevernleder,
        ekspedert=timezone.now(),
    )
    assert "ending" not in _unmet(sak)

    # The incoming document read by someone other than the one who registered it.
    AccessLogEntry.objects.create(
        user=world.teamleder,
        sak=sak,
        action=AccessLogEntry.Action.VIEW,
        path=reverse("innkommende:detail", args=[sak.pk, dokument.pk]),
        ip_address="127.0.0.1",
    )
    assert not _has(blocked(world, sak), dokument.tittel)

    # The checklist, last.
    assert _unmet(sak) == {"checklist"}
    _refused(world, sak, "RUT-01")
    complete_checklist(world, sak)
    assert blocked(world, sak) == []

    avslutning = propose(world, sak)
    services.avslutning_approve(actor=world.teamleder, sak_id=sak.pk, avslutning_id=avslutning.pk)
    sak.refresh_from_db()
    assert sak.status == Sak.Status.AVSLUTTET


def test_AVS_01_only_the_team_leader_approves_and_the_rules_are_checked_again(world):
    sak = make_sak(world.saksbehandler, world.team_a)
    complete_checklist(world, sak)
    avslutning = propose(world, sak)
    for user in (world.saksbehandler, world.teamleder_b, world.barnevernleder):
        with pytest.raises(NotFound):
            services.avslutning_approve(actor=user, sak_id=sak.pk, avslutning_id=avslutning.pk)
    assert MACHINE.offers(avslutning, world.saksbehandler) == []
    # Something came in the way after the proposal: the approval is refused.
    punkt = Sjekkpunkt.objects.filter(sjekkliste__sak=sak).first()
    rutiner_services.sjekkpunkt_tick(
        actor=world.saksbehandler, sak_id=sak.pk, punkt_id=punkt.pk, ticked=False
    )
    with pytest.raises(RuleViolation) as exc:
        services.avslutning_approve(
            actor=world.teamleder, sak_id=sak.pk, avslutning_id=avslutning.pk
        )
    assert {b.rule_id for b in exc.value.breaches} == {"RUT-01"}
    rutiner_services.sjekkpunkt_tick(
        actor=world.saksbehandler, sak_id=sak.pk, punkt_id=punkt.pk, ticked=True
    )
    services.avslutning_approve(actor=world.teamleder, sak_id=sak.pk, avslutning_id=avslutning.pk)
    sak.refresh_from_db()
    assert sak.status == Sak.Status.AVSLUTTET
    assert sak.history.first().history_change_reason.startswith("Case closed") or "AVS-01" in (
        sak.history.first().history_change_reason
    )


def test_AVS_01_the_team_leader_returns_a_closing_with_a_reason(world):
    sak = make_sak(world.saksbehandler, world.team_a)
    complete_checklist(world, sak)
    avslutning = propose(world, sak)
    assert SAK.offer(sak, world.saksbehandler, "propose") is None  # one awaits approval
    returned = services.avslutning_reject(
        actor=world.teamleder,
        sak_id=sak.pk,
        avslutning_id=avslutning.pk,
        begrunnelse="Ettervern er ikke vurdert.",
    )
    assert returned.status == Avslutning.Status.AVVIST
    assert returned.avvist_begrunnelse == "Ettervern er ikke vurdert."
    assert SAK.offer(sak, world.saksbehandler, "propose") is not None


def test_AVS_02_a_closed_case_refuses_every_kernel_action(world):
    sak = make_sak(world.saksbehandler, world.team_a)
    complete_checklist(world, sak)
    close(world, sak)
    sak.refresh_from_db()
    anything = Machine(
        "test",
        [Action("touch", label="x", done="x", may=lambda o, u: True, transition=None)],
        state_breach=lambda o, s: RuleBreach("X", "x"),
    )
    with pytest.raises(RuleViolation) as exc:
        anything.perform("touch", sak, world.teamleder)
    assert [b.rule_id for b in exc.value.breaches] == ["AVS-02"]
    # A record of the case too, found through its case; the page shows why.
    punkt = Sjekkpunkt.objects.select_related("sjekkliste__sak").filter(sjekkliste__sak=sak)[0]
    with pytest.raises(RuleViolation):
        anything.perform("touch", punkt, world.teamleder)
    [offer] = anything.offers(sak, world.teamleder)
    assert [b.rule_id for b in offer.blocked] == ["AVS-02"]
    # An active case's records are not touched by the guard.
    other = make_sak(world.saksbehandler, world.team_a)
    assert anything.perform("touch", other, world.teamleder) is None
    # And the services that go round the kernel are refused too: a checklist item.
    with pytest.raises((NotFound, Exception)):
        rutiner_services.sjekkpunkt_tick(
            actor=world.saksbehandler, sak_id=sak.pk, punkt_id=punkt.pk, ticked=False
        )
    assert Sjekkpunkt.objects.get(pk=punkt.pk).avkrysset is not None


def test_AVS_02_a_team_leader_reopens_with_a_reason(world):
    sak = make_sak(world.saksbehandler, world.team_a)
    complete_checklist(world, sak)
    avslutning = close(world, sak)
    for user in (world.saksbehandler, world.teamleder_b, world.barnevernleder):
        with pytest.raises(NotFound):
            services.avslutning_reopen(
                actor=user, sak_id=sak.pk, avslutning_id=avslutning.pk, begrunnelse="x"
            )
    reopened = services.avslutning_reopen(
        actor=world.teamleder,
        sak_id=sak.pk,
        avslutning_id=avslutning.pk,
        begrunnelse="Ny bekymringsmelding.",
    )
    assert reopened.status == Avslutning.Status.GJENAPNET
    assert reopened.gjenapnet_begrunnelse == "Ny bekymringsmelding."
    assert reopened.gjenapnet_av == world.teamleder
    sak.refresh_from_db()
    assert sak.status == Sak.Status.AKTIV
    # LOG-01: closed and reopened, each in the case's history with who.
    reasons = list(sak.history.values_list("history_change_reason", "history_user_id")[:2])
    assert reasons[0][1] == world.teamleder.pk
    assert reopened.history.count() == 3  # proposed, approved, reopened
    # A reopened case closes again by a new closing.
    assert SAK.offer(sak, world.saksbehandler, "propose") is not None
    close(world, sak)
    assert Avslutning.objects.filter(sak=sak).count() == 2


def test_AVS_02_a_closed_case_stays_readable_under_need_to_know(client, world):
    sak = make_sak(world.saksbehandler, world.team_a)
    complete_checklist(world, sak)
    close(world, sak)
    for role in ("saksbehandler", "teamleder", "barnevernleder"):
        user = world.users()[role]
        client.force_login(user)
        before = AccessLogEntry.objects.filter(sak=sak, user=user).count()
        for name in ("cases:detail", "avslutning:page", "rutiner:sak_list"):
            response = client.get(reverse(name, args=[sak.pk]))
            assert response.status_code == 200, (role, name)
        assert AccessLogEntry.objects.filter(sak=sak, user=user).count() == before + 3
    for role in ("saksbehandler_b", "teamleder_b", "kontorfaglig", "annen_tjeneste"):
        client.force_login(world.users()[role])
        for name in ("cases:detail", "avslutning:page"):
            assert client.get(reverse(name, args=[sak.pk])).status_code == 404, (role, name)


def test_AVS_02_the_case_list_filters_open_and_closed(client, world):
    open_sak = make_sak(world.saksbehandler, world.team_a)
    closed = make_sak(world.saksbehandler, world.team_a)
    complete_checklist(world, closed)
    close(world, closed)
    client.force_login(world.saksbehandler)
    shown_closed = client.get(reverse("cases:list"), {"status": "avsluttet"}).content.decode()
    shown_open = client.get(reverse("cases:list"), {"status": "aktiv"}).content.decode()
    assert closed.saksnummer in shown_closed and open_sak.saksnummer not in shown_closed
    assert open_sak.saksnummer in shown_open and closed.saksnummer not in shown_open


def test_AVS_01_an_open_referral_stands_in_the_way(world):
    from henvisning import services as henvisning_services
    from tests.henvisning import factories as hf

    sak = make_sak(world.saksbehandler, world.team_a, parter=2)
    complete_checklist(world, sak)
    referral = hf.draft(sak)
    assert _unmet(sak) == {"referrals"}
    assert _has(blocked(world, sak), referral.mottaker.navn, "(AVS-01)")
    _refused(world, sak, "AVS-01")
    henvisning_services.henvisning_close(
        actor=world.saksbehandler, henvisning_id=referral.pk, begrunnelse="Ikke lenger aktuelt."
    )
    assert blocked(world, sak) == []
    propose(world, sak)
