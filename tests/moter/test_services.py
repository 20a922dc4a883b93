"""Meetings through the real services: MOTE-01 … MOTE-05, each test named after its rule.

Dates are built from the day the test runs (a meeting two hours ago, a consent ten days old)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core.exceptions import NotFound, RuleViolation
from journal.models import Journalnotat
from moter import rules, selectors, services
from moter.actions import MACHINE, TRANSITIONS
from moter.models import Mote

from .factories import consent, make_mote, plan_data

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def breach_ids(exc) -> set[str]:
    return {b.rule_id for b in exc.value.breaches}


def test_MOTE_01_a_meeting_has_kind_date_participants_and_a_referent(world, sak):
    sb = world.saksbehandler
    with pytest.raises(RuleViolation) as exc:
        services.mote_plan(
            actor=sb, sak_id=sak.pk, data=plan_data(sb, type="", referent=None), parter=[]
        )
    fields = {b.field for b in exc.value.breaches}
    assert {"type", "referent", "parter"} <= fields
    assert breach_ids(exc) == {"MOTE-01"}
    mote = make_mote(sb, sak)
    assert mote.status == Mote.Status.PLANLAGT
    assert list(mote.parter.all()) == [sak.parter.first()]
    assert mote.history.count() >= 1  # LOG-01


def test_MOTE_01_the_referent_is_one_of_the_case_team(world, sak):
    sb = world.saksbehandler
    with pytest.raises(RuleViolation) as exc:
        make_mote(sb, sak, referent=world.saksbehandler_b.pk)
    assert [b.field for b in exc.value.breaches] == ["referent"]


def test_MOTE_01_signed_minutes_are_a_signed_journal_note(world, sak):
    sb = world.saksbehandler
    mote = make_mote(sb, sak, held=True)
    with pytest.raises(RuleViolation) as exc:
        services.mote_sign(actor=sb, mote_id=mote.pk)
    assert {b.field for b in exc.value.breaches} == {"referat", "vurdering"}
    assert not Journalnotat.objects.filter(sak=sak).exists()  # nothing half-done
    mote = make_mote(sb, sak, signed=True)
    notat = mote.notat
    assert mote.status == Mote.Status.SIGNERT
    assert notat.status == Journalnotat.Status.SIGNERT and notat.type == "mote"
    assert notat.forfatter == sb and notat.signert_av == sb
    assert "Skolen melder bedre oppmøte." in notat.hva_ble_sagt
    assert list(notat.parter.all()) == [sak.parter.first()]
    # JOUR-02: the minutes are locked now.
    assert MACHINE.offer(mote, sb, "minutes") is None
    with pytest.raises(RuleViolation):
        services.mote_write_minutes(actor=sb, mote_id=mote.pk, referat="Endret")


def test_MOTE_01_only_the_referent_writes_and_signs(world, sak):
    mote = make_mote(world.saksbehandler, sak, held=True)
    with pytest.raises(NotFound):
        services.mote_write_minutes(actor=world.teamleder, mote_id=mote.pk, referat="x")
    with pytest.raises(NotFound):
        services.mote_sign(actor=world.teamleder, mote_id=mote.pk)


def test_MOTE_01_a_meeting_is_held_on_or_after_its_date(world, sak):
    sb = world.saksbehandler
    mote = make_mote(sb, sak, tidspunkt=timezone.now() + timedelta(days=2))
    with pytest.raises(RuleViolation) as exc:
        services.mote_hold(actor=sb, mote_id=mote.pk)
    assert breach_ids(exc) == {"MOTE-01"}
    cancelled = services.mote_cancel(actor=sb, mote_id=mote.pk, reason="Sykdom")
    assert cancelled.status == Mote.Status.AVLYST


def test_MOTE_01_the_kinds_are_the_rulebooks():
    assert set(Mote.Type.values) == {
        "overgangsmote",
        "oppstartsmote",
        "samarbeidsmote",
        "ansvarsgruppemote",
        "evalueringsmote",
        "henvisningsmote",
        "tilbakemeldingsmote",
        "droftingsmote",
    }
    assert set(TRANSITIONS) == {"hold", "sign", "cancel"}


def test_MOTE_01_outsiders_cannot_plan_or_read(world, sak):
    with pytest.raises(NotFound):
        make_mote(world.saksbehandler_b, sak)
    mote = make_mote(world.saksbehandler, sak)
    with pytest.raises(NotFound):
        services.mote_hold(actor=world.annen_tjeneste, mote_id=mote.pk)


def test_MOTE_03_outside_participant_refused_without_consent(world, sak):
    sb = world.saksbehandler
    with pytest.raises(RuleViolation) as exc:
        make_mote(sb, sak, eksterne=[("Kari Nilsen", "Solbakken skole")])
    (breach,) = exc.value.breaches
    assert (breach.rule_id, breach.field) == ("MOTE-03", "eksterne")
    assert "Kari Nilsen" in str(breach.message) and "MOTE-03" in str(breach.message)
    assert not Mote.objects.filter(sak=sak).exists()


def test_MOTE_03_consent_must_name_the_service_and_be_active(world, sak):
    sb = world.saksbehandler
    consent(sak, mottaker="Helsestasjonen")  # another service
    consent(sak, mottaker="Solbakken skole", trukket_dato=today() - timedelta(days=1))
    consent(sak, mottaker="Solbakken skole", gyldig_til=today() - timedelta(days=2))
    with pytest.raises(RuleViolation):
        make_mote(sb, sak, eksterne=[("Kari Nilsen", "Solbakken skole")])
    ok = consent(sak, mottaker="Solbakken skole")
    mote = make_mote(sb, sak, eksterne=[("Kari Nilsen", "solbakken  skole")])
    (ekstern,) = mote.eksterne.all()
    assert ekstern.samtykke == ok


def test_MOTE_03_anonymous_drofting_needs_no_consent_and_names_no_party(world, sak):
    sb = world.saksbehandler
    with pytest.raises(RuleViolation) as exc:
        make_mote(sb, sak, type="samarbeidsmote", anonym=True, eksterne=[("Per", "PPT")])
    # Not a drøftingsmøte: the anonymity is dropped, so the consent is asked for.
    assert breach_ids(exc) == {"MOTE-03"}
    with pytest.raises(RuleViolation) as exc:
        make_mote(sb, sak, type="droftingsmote", anonym=True, eksterne=[("Per", "PPT")])
    assert [b.field for b in exc.value.breaches] == ["parter"]
    mote = make_mote(
        sb, sak, type="droftingsmote", anonym=True, parter=[], eksterne=[("Per", "PPT")]
    )
    assert mote.anonym and mote.eksterne.get().samtykke is None


def test_MOTE_03_removing_an_outside_participant_keeps_the_row(world, sak):
    sb = world.saksbehandler
    consent(sak)
    mote = make_mote(sb, sak, eksterne=[("Kari Nilsen", "Solbakken skole")])
    services.mote_update(
        actor=sb, mote_id=mote.pk, data=plan_data(sb), parter=[sak.parter.first()], eksterne=[]
    )
    (row,) = mote.eksterne.all()
    assert row.fjernet


def test_MOTE_04_an_agreed_action_has_who_what_and_a_deadline(world, sak):
    sb = world.saksbehandler
    mote = make_mote(sb, sak, held=True)
    with pytest.raises(RuleViolation) as exc:
        services.oppgave_create(actor=sb, mote_id=mote.pk, ansvarlig=None, hva="", frist=None)
    assert breach_ids(exc) == {"MOTE-04"}
    assert {b.field for b in exc.value.breaches} == {"ansvarlig", "hva", "frist"}
    oppgave = services.oppgave_create(
        actor=sb,
        mote_id=mote.pk,
        ansvarlig=world.teamleder,
        hva="Ring skolen",
        frist=today() + timedelta(days=3),
    )
    panel = selectors.case_panel(sb, sak)
    assert panel.open_oppgaver == [oppgave]
    services.oppgave_complete(actor=world.teamleder, oppgave_id=oppgave.pk)
    assert selectors.case_panel(sb, sak).open_oppgaver == []


def test_MOTE_02_a_transfer_offers_its_overgangsmote(world, sak):
    from cases.services import sak_transfer

    overforing = sak_transfer(
        actor=world.teamleder,
        sak_id=sak.pk,
        til_saksbehandler=world.teamleder,
        til_team=world.team_a,
        overgangsmote_dato=today(),
        overgangsmote_notat="Overlevert.",
    )
    panel = selectors.case_panel(world.teamleder, sak)
    (flag,) = [f for f in panel.suggestions if f.rule == "MOTE-02"]
    assert f"overforing={overforing.pk}" in flag.url
    mote = services.mote_plan(
        actor=world.teamleder,
        sak_id=sak.pk,
        data=plan_data(world.saksbehandler, type=rules.OVERGANGSMOTE, referent=world.teamleder.pk),
        ansatte=[world.saksbehandler],
        overforing_id=overforing.pk,
    )
    assert mote.overforing == overforing
    assert not [
        f for f in selectors.case_panel(world.teamleder, sak).suggestions if f.rule == "MOTE-02"
    ]


def test_MOTE_05_a_missed_ansvarsgruppe_meeting_is_flagged(world, sak):
    sb = world.saksbehandler
    services.ansvarsgruppe_create(
        actor=sb,
        sak_id=sak.pk,
        data={
            "koordinator": sb.pk,
            "medlemmer": "Kari Nilsen, Solbakken skole",
            "rytme_uker": 4,
            "startdato": today() - timedelta(weeks=6),
        },
    )
    assert [f.rule for f in selectors.case_panel(sb, sak).flags] == ["MOTE-05"]
    make_mote(sb, sak, type=rules.ANSVARSGRUPPEMOTE, held=True)
    assert selectors.case_panel(sb, sak).flags == []


def test_MOTE_05_the_rhythm_and_its_grace():
    start = today() - timedelta(weeks=10)
    assert rules.ansvarsgruppe_due(start, None, 4) == start + timedelta(weeks=4, days=7)
    held = today() - timedelta(days=3)
    assert rules.ansvarsgruppe_due(start, held, 4) == held + timedelta(weeks=4, days=7)
