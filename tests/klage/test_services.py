"""KLAGE-01 … KLAGE-04 through the services. The clock is frozen on days counted from today
(see conftest), so the tests pass any day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.exceptions import NotFound, RuleViolation
from documents.models import Dokument
from documents.services import dokument_register_dispatch
from klage import rules, selectors, services
from klage.models import Klage
from reminders import finders
from tests.vedtak import factories as vf
from vedtak.models import Vedtak

from .conftest import at, first, register, sent_on, working

pytestmark = pytest.mark.django_db


def rule_ids(exc) -> set[str]:
    return {b.rule_id for b in exc.value.breaches}


def fields(exc) -> set:
    return {b.field for b in exc.value.breaches}


def test_KLAGE_01_day_21_is_in_time_day_22_is_late(world):
    """fvl § 29: three weeks from the party's notification; the 21st day is the last."""
    notified = first(0, ok=lambda d: working(d, d + timedelta(21), d + timedelta(22)))
    v = sent_on(world, notified)
    in_time = register(world, v, received=notified + timedelta(days=21))
    assert in_time.underrettet == notified
    assert in_time.frist == notified + timedelta(days=21)
    assert not in_time.for_sent
    with pytest.raises(RuleViolation) as exc:
        register(world, v, received=notified + timedelta(days=22))
    assert fields(exc) == {"behandles_likevel"}  # late: say whether it is considered anyway
    late = register(
        world,
        v,
        received=notified + timedelta(days=22),
        behandles_likevel=True,
        likevel_begrunnelse="Forelderen var innlagt på sykehus.",
    )
    assert late.for_sent and late.behandles_likevel


def test_KLAGE_01_deadline_on_a_saturday_moves_to_monday(world):
    """fvl § 30 with domstolloven § 148: a deadline ending on a Saturday moves to the next
    working day. Notified on a Saturday (a letter handed over), the 21st day is a Saturday."""
    notified = first(5, ok=lambda d: working(d + timedelta(23), d + timedelta(24)))
    v = sent_on(world, notified)
    monday = notified + timedelta(days=23)
    assert rules.complaint_deadline(notified) == monday
    assert not register(world, v, received=monday).for_sent
    tuesday = register(world, v, received=monday + timedelta(days=1), behandles_likevel=False)
    assert tuesday.for_sent and tuesday.behandles_likevel is False


def test_KLAGE_01_refuses_a_decision_never_sent(world):
    v = vf.godkjent(world)
    with pytest.raises(RuleViolation) as exc:
        register(world, v, received=v.godkjent.date())
    assert "KLAGE-01" in rule_ids(exc)


def test_KLAGE_01_refuses_dates_before_sending_or_in_the_future(world):
    notified = first(2)
    v = sent_on(world, notified)
    with pytest.raises(RuleViolation) as exc:
        register(world, v, received=notified - timedelta(days=1), on=notified + timedelta(3))
    assert fields(exc) == {"mottatt"}
    with pytest.raises(RuleViolation) as exc:
        register(world, v, received=notified + timedelta(days=4), on=notified + timedelta(3))
    assert fields(exc) == {"mottatt"}


def test_KLAGE_01_oral_complaint_is_written_in_the_journal(world):
    notified = first(2)
    v = sent_on(world, notified)
    k = register(world, v, received=notified + timedelta(days=2), kanal="muntlig")
    assert k.notat is not None and k.notat.sak_id == v.sak_id
    assert "Vi er uenige" in k.notat.hva_ble_sagt


def test_KLAGE_01_outside_need_to_know_is_not_found(world):
    notified = first(2)
    v = sent_on(world, notified)
    with at(notified + timedelta(days=2)), pytest.raises(NotFound):
        services.klage_register(
            actor=world.saksbehandler_b,
            sak_id=v.sak_id,
            vedtak_id=v.pk,
            klager_id=v.sak.parter.first().pk,
            mottatt=notified + timedelta(days=2),
            kanal="post",
            gjelder="x",
        )


def _assessed(world):
    notified = first(2)
    v = sent_on(world, notified)
    day = notified + timedelta(days=3)
    k = register(world, v, received=day)
    with at(day):
        k = services.klage_assess(
            actor=world.saksbehandler, klage_id=k.pk, vurdering="Vedtaket er riktig."
        )
    return k, v, day


def test_KLAGE_02_caseworker_may_not_handle_like_a_decision(world):
    k, _v, day = _assessed(world)
    with at(day), pytest.raises(NotFound):
        services.klage_forward(actor=world.saksbehandler, klage_id=k.pk)


def test_KLAGE_02_and_KLAGE_03_upheld_end_to_end(world):
    k, v, day = _assessed(world)
    assert k in selectors.waiting_for_leader(world.teamleder)
    with at(day):
        k = services.klage_forward(actor=world.teamleder, klage_id=k.pk)
    assert k.status == Klage.Status.OVERSENDT
    letters = Dokument.objects.for_source(k)
    # The letter to the statsforvalteren and one copy per party.
    assert letters.count() == 1 + v.sak.parter.filter(aktiv=True).count()
    assert {d.type for d in letters} == {Dokument.Type.KLAGEOVERSENDELSE}
    vf.render_documents(v)
    with at(day + timedelta(days=1)):  # DOK-02: each party's copy, its dispatch recorded
        for d in Dokument.objects.for_source(k):
            dokument_register_dispatch(
                actor=world.saksbehandler,
                dokument=d,
                part=d.part,
                kanal="brev",
                mottaker="" if d.part else "Statsforvalteren",
            )
    assert all(d.status == "sendt" for d in Dokument.objects.for_source(k))
    with at(day + timedelta(days=30)):
        k = services.klage_record_outcome(
            actor=world.saksbehandler,
            klage_id=k.pk,
            utfall="stadfestet",
            utfall_dato=day + timedelta(days=30),
        )
    assert k.status == Klage.Status.AVGJORT and k.nytt_vedtak is None


def test_KLAGE_03_outcome_that_changes_opens_a_linked_draft(world):
    k, _v, day = _assessed(world)
    with at(day):
        k = services.klage_forward(actor=world.barnevernleder, klage_id=k.pk)
    with at(day + timedelta(days=10)), pytest.raises(RuleViolation) as exc:
        services.klage_record_outcome(
            actor=world.saksbehandler, klage_id=k.pk, utfall="", utfall_dato=None
        )
    assert fields(exc) == {"utfall", "utfall_dato"}
    with at(day + timedelta(days=10)):
        k = services.klage_record_outcome(
            actor=world.saksbehandler,
            klage_id=k.pk,
            utfall="opphevet",
            utfall_dato=day + timedelta(days=9),
        )
    assert k.nytt_vedtak.status == Vedtak.Status.UTKAST
    assert k.nytt_vedtak.type == Vedtak.Type.ENDRING
    assert k.nytt_vedtak.fra_klage.get() == k


def test_KLAGE_02_service_changes_its_decision_end_to_end(world):
    k, v, day = _assessed(world)
    with at(day):
        k = services.klage_change(actor=world.teamleder, klage_id=k.pk)
    assert k.status == Klage.Status.OMGJORT
    ny = k.nytt_vedtak
    assert ny.type == Vedtak.Type.ENDRING and ny.status == Vedtak.Status.UTKAST
    assert {t.endrer.vedtak_id for t in ny.tiltak.all()} == {v.pk}


def test_KLAGE_04_waiting_complaints_are_reminded_until_sent_on(world):
    k, v, day = _assessed(world)
    kind = finders.KINDS_BY_ID["klage"]
    assert [f.ref_id for f in finders.kind_rows(kind, day)] == [k.pk]
    assert selectors.waiting_per_team(world.barnevernleder) == [
        {"sak__team__navn": v.sak.team.navn, "antall": 1}
    ]
    with at(day):
        services.klage_forward(actor=world.teamleder, klage_id=k.pk)
    assert finders.kind_rows(kind, day) == []
