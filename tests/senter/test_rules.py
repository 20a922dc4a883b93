"""SENTER-01, SENTER-02 and SENTER-03 as rules, on the boundaries the issue names. The clock is
frozen on fixed days; the referral is a record (its flow is tested in tests/henvisning)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from cases.rules import add_months
from core import calendar
from henvisning.models import Mottaker
from moter.models import Mote
from senter import rules
from senter.models import Senterforlop, Sentermote
from tests.factories import make_sak

from .factories import at, offered, referral

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
#: The day the referral is sent in the SENTER-01 tests.
SEND = date(2027, 3, 11)


@pytest.fixture(autouse=True)
def _frozen():
    with at(SEND):
        yield


def _ids(rule, obj, on) -> list[str]:
    return [b.rule_id for b in rule.unmet(obj, on)]


# --- SENTER-01: a child of the family aged 0–6 on the day it is sent --------------------------


def test_SENTER_01_aged_0_6_until_the_day_before_the_7th_birthday():
    born = date(2020, 3, 10)
    assert rules.aged_0_6(born, date(2027, 3, 9))  # 6 years, 364 days
    assert not rules.aged_0_6(born, date(2027, 3, 10))  # the 7th birthday
    assert not rules.aged_0_6(born, date(2027, 3, 11))  # turned 7 the day before
    assert rules.aged_0_6(date(2027, 3, 11), date(2027, 3, 11))  # born that day: 0
    assert not rules.aged_0_6(date(2027, 3, 12), date(2027, 3, 11))  # not born yet


def test_SENTER_01_a_child_who_turned_7_the_day_before_is_refused(world):
    sak = make_sak(world.saksbehandler, world.team_a, born=date(2020, 3, 10))  # 7 on 10.3.2027
    h = referral(sak)
    breaches = rules.SENTER_01.unmet(h, SEND)
    assert [b.rule_id for b in breaches] == ["SENTER-01"]
    assert "SENTER-01" in str(breaches[0].message)
    assert "11. mars 2027" in str(breaches[0].message)


def test_SENTER_01_a_sibling_aged_6_makes_it_allowed(world):
    sak = make_sak(world.saksbehandler, world.team_a, born=date(2020, 3, 10))  # 7 on SEND
    sibling = make_sak(world.saksbehandler, world.team_a, born=date(2020, 9, 1))  # 6 on SEND
    sak.soskensaker.add(sibling)
    h = referral(sak)
    assert _ids(rules.SENTER_01, h, SEND) == []


def test_SENTER_01_a_sibling_aged_7_does_not(world):
    sak = make_sak(world.saksbehandler, world.team_a, born=date(2019, 1, 1))
    sibling = make_sak(world.saksbehandler, world.team_a, born=date(2020, 3, 10))  # 7 on SEND
    sak.soskensaker.add(sibling)
    assert _ids(rules.SENTER_01, referral(sak), SEND) == ["SENTER-01"]


def test_SENTER_01_is_about_referrals_to_a_centre_only(world):
    sak = make_sak(world.saksbehandler, world.team_a, born=date(2015, 1, 1))
    bup = Mottaker.objects.create(
        tjeneste=sak.tjeneste, navn="BUP", type=Mottaker.Type.BUP, adresse="Postboks 1"
    )
    assert _ids(rules.SENTER_01, referral(sak, bup), SEND) == []
    assert _ids(rules.SENTER_01, referral(sak), SEND) == ["SENTER-01"]


# --- SENTER-02: a Bufetat investigation ended within 6 months --------------------------------

ENDED = date(2027, 2, 15)


@pytest.mark.parametrize(
    ("sent", "warns"),
    [
        (date(2027, 8, 14), False),  # 5 months 30 days after
        (date(2027, 8, 15), False),  # exactly 6 months
        (date(2027, 8, 16), True),  # 6 months 1 day
    ],
)
def test_SENTER_02_the_6_month_boundary(world, sent, warns):
    assert add_months(ENDED, 5) + timedelta(days=30) == date(2027, 8, 14)
    sak = make_sak(world.saksbehandler, world.team_a, born=date(2025, 1, 1))
    h = referral(sak)
    Senterforlop.objects.create(
        henvisning=h, sak=sak, bufetat_utredning_avsluttet=ENDED, opprettet_av=sak.saksbehandler
    )
    h.refresh_from_db()
    assert rules.investigation_recent(ENDED, sent) is not warns
    assert (_ids(rules.SENTER_02, h, sent) == ["SENTER-02"]) is warns


def test_SENTER_02_no_investigation_recorded_warns_about_fullfinansiering(world):
    sak = make_sak(world.saksbehandler, world.team_a, born=date(2025, 1, 1))
    breaches = rules.SENTER_02.unmet(referral(sak), SEND)
    assert [b.rule_id for b in breaches] == ["SENTER-02"]
    assert breaches[0].field == "override_reason"
    assert "fullfinansiering" in str(breaches[0].message)
    assert rules.SENTER_02.strength == "should"


# --- SENTER-03: the centre's call and the sluttrapport before the tilbakemeldingsmøte --------


def test_SENTER_03_the_centre_calls_within_2_working_days():
    # Tuesday 23 March 2027: Wednesday 24 is a working day, skjærtorsdag 25 and langfredag 26
    # are holidays, so the second working day is Tuesday 30 March (2. påskedag is the 29th).
    vurdert = date(2027, 3, 23)
    frist = date(2027, 3, 30)
    assert calendar.add_working_days(vurdert, 2) == frist
    assert rules.contact_deadline(vurdert) == frist
    assert not rules.contact_late(vurdert, frist, frist)
    assert rules.contact_late(vurdert, frist + timedelta(days=1), frist + timedelta(days=1))
    assert not rules.contact_late(vurdert, None, frist)
    assert rules.contact_late(vurdert, None, frist + timedelta(days=1))
    assert not rules.contact_late(None, None, SEND)


def _meeting(sak, kind: str, day: date, *, held: bool) -> Mote:
    return Mote.objects.create(
        sak=sak,
        type=kind,
        tidspunkt=datetime.combine(day, time(10), tzinfo=OSLO),
        leder=sak.saksbehandler,
        referent=sak.saksbehandler,
        opprettet_av=sak.saksbehandler,
        status=Mote.Status.AVHOLDT if held else Mote.Status.PLANLAGT,
    )


def test_SENTER_03_a_tilbakemeldingsmote_held_without_the_sluttrapport_is_flagged(world):
    sak = make_sak(world.saksbehandler, world.team_a, born=date(2025, 1, 1), parter=1)
    h = offered(sak, sendt=date(2027, 1, 4), svar=date(2027, 1, 11))
    forlop = Senterforlop.objects.create(henvisning=h, sak=sak, opprettet_av=sak.saksbehandler)
    mote = _meeting(sak, Mote.Type.TILBAKEMELDINGSMOTE, date(2027, 3, 1), held=True)
    Sentermote.objects.create(forlop=forlop, mote=mote)
    assert _ids(rules.SENTER_03, forlop, SEND) == ["SENTER-03"]
    assert "1. mars 2027" in str(rules.SENTER_03.unmet(forlop, SEND)[0].message)


def test_SENTER_03_the_sluttrapport_received_the_day_of_the_meeting_is_in_time(world):
    from tests.innkommende.factories import receive

    sak = make_sak(world.saksbehandler, world.team_a, born=date(2025, 1, 1), parter=1)
    h = offered(sak, sendt=date(2027, 1, 4), svar=date(2027, 1, 11))
    held = date(2027, 3, 1)
    late = receive(sak.saksbehandler, sak, mottatt=held + timedelta(days=1), tittel="Sluttrapport")
    forlop = Senterforlop.objects.create(
        henvisning=h, sak=sak, opprettet_av=sak.saksbehandler, sluttrapport=late
    )
    Sentermote.objects.create(
        forlop=forlop, mote=_meeting(sak, Mote.Type.TILBAKEMELDINGSMOTE, held, held=True)
    )
    assert _ids(rules.SENTER_03, forlop, SEND) == ["SENTER-03"]  # received the day after
    forlop.sluttrapport = receive(sak.saksbehandler, sak, mottatt=held, tittel="Sluttrapport")
    forlop.save()
    assert _ids(rules.SENTER_03, forlop, SEND) == []


def test_SENTER_03_a_planned_tilbakemeldingsmote_is_not_flagged(world):
    sak = make_sak(world.saksbehandler, world.team_a, born=date(2025, 1, 1))
    h = offered(sak, sendt=date(2027, 1, 4), svar=date(2027, 1, 11))
    forlop = Senterforlop.objects.create(henvisning=h, sak=sak, opprettet_av=sak.saksbehandler)
    Sentermote.objects.create(
        forlop=forlop,
        mote=_meeting(sak, Mote.Type.TILBAKEMELDINGSMOTE, date(2027, 3, 20), held=False),
    )
    assert _ids(rules.SENTER_03, forlop, SEND) == []
