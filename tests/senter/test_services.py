"""The centre course through its services (SENTER-02, SENTER-03, SENTER-05): the investigation
before sending, the centre's call, the meetings, the reports and the measure; a record of
another case is 404 (ROLE-02). The clock is frozen on a fixed day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from core.exceptions import NotFound, RuleViolation
from evaluations.registry import entries
from henvisning.models import Henvisning
from innkommende.models import InnkommendeDokument
from moter.models import Mote
from senter import rules, services
from senter.actions import MACHINE
from senter.models import Senterforlop
from tests.innkommende.factories import receive
from tests.plans import factories as pf
from tests.vedtak import factories as vf

from .factories import OSLO, at, offered, referral

pytestmark = pytest.mark.django_db

TODAY = date(2027, 6, 15)


@pytest.fixture(autouse=True)
def _frozen():
    with at(TODAY):
        yield


def _mote(sak, kind, day, status=Mote.Status.AVHOLDT) -> Mote:
    return Mote.objects.create(
        sak=sak,
        type=kind,
        tidspunkt=datetime.combine(day, time(10), tzinfo=OSLO),
        leder=sak.saksbehandler,
        referent=sak.saksbehandler,
        opprettet_av=sak.saksbehandler,
        status=status,
    )


def test_SENTER_02_the_investigation_is_recorded_before_the_referral_is_sent(world):
    h = referral(world.sak_a)
    forlop = services.forlop_record_investigation(
        actor=world.saksbehandler,
        henvisning_id=h.pk,
        sak_id=world.sak_a.pk,
        bufetat_utredning_avsluttet=date(2027, 2, 1),
    )
    assert Senterforlop.objects.get(pk=forlop.pk).bufetat_utredning_avsluttet == date(2027, 2, 1)
    assert forlop.history.count() == 1
    with pytest.raises(RuleViolation) as caught:
        services.forlop_record_investigation(
            actor=world.saksbehandler,
            henvisning_id=h.pk,
            bufetat_utredning_avsluttet=TODAY + timedelta(days=1),
        )
    assert caught.value.breaches[0].field == "bufetat_utredning_avsluttet"


def test_SENTER_02_not_after_the_referral_is_sent(world):
    h = referral(world.sak_a, status=Henvisning.Status.SENDT, sendt=TODAY)
    with pytest.raises(RuleViolation):
        services.forlop_record_investigation(
            actor=world.saksbehandler, henvisning_id=h.pk, bufetat_utredning_avsluttet=None
        )


def test_SENTER_02_the_reason_for_sending_anyway_is_kept_on_the_course(world):
    h = referral(world.sak_a, status=Henvisning.Status.SENDT, sendt=TODAY)
    services.record_reason_for_sending(
        h, actor=world.saksbehandler, override_reason="  Kommunen betaler hele tiltaket. "
    )
    assert h.senterforlop.videre_begrunnelse == "Kommunen betaler hele tiltaket."


def test_outsiders_get_404(world):
    h = referral(world.sak_a)
    for actor in (world.saksbehandler_b, world.annen_tjeneste, world.kontorfaglig):
        with pytest.raises(NotFound):
            services.forlop_record_investigation(
                actor=actor, henvisning_id=h.pk, bufetat_utredning_avsluttet=None
            )
    with pytest.raises(NotFound):  # the referral of another case in the URL
        services.forlop_record_investigation(
            actor=world.saksbehandler,
            henvisning_id=h.pk,
            sak_id=world.sak_b.pk,
            bufetat_utredning_avsluttet=None,
        )


def test_SENTER_03_the_course_starts_with_the_offer(world):
    h = referral(world.sak_a)
    offers = {
        o.name for o in MACHINE.offers(Senterforlop(henvisning=h, sak=h.sak), world.saksbehandler)
    }
    assert offers == {"investigation"}
    h2 = offered(world.sak_a, sendt=date(2027, 5, 3), svar=date(2027, 5, 20))
    offers = {
        o.name for o in MACHINE.offers(Senterforlop(henvisning=h2, sak=h2.sak), world.saksbehandler)
    }
    assert offers == {"centre_contact", "add_meeting", "reports", "measure"}
    assert MACHINE.offers(Senterforlop(henvisning=h2, sak=h2.sak), world.saksbehandler_b) == []
    # An offer the family declined starts no course.
    h3 = offered(
        world.sak_a, sendt=date(2027, 5, 3), svar=date(2027, 5, 20), oppfolging="takket_nei"
    )
    assert MACHINE.offers(Senterforlop(henvisning=h3, sak=h3.sak), world.saksbehandler) == []


def test_SENTER_03_the_centre_call_is_recorded_and_checked(world):
    sak = world.sak_a
    h = offered(sak, sendt=date(2027, 5, 3), svar=date(2027, 5, 20))
    with pytest.raises(RuleViolation) as caught:
        services.forlop_record_contact(
            actor=world.saksbehandler,
            henvisning_id=h.pk,
            vurderingsmote=date(2027, 5, 18),
            kontaktet=date(2027, 5, 17),
        )
    assert [b.field for b in caught.value.breaches] == ["kontaktet"]
    with pytest.raises(RuleViolation) as caught:
        services.forlop_record_contact(
            actor=world.saksbehandler,
            henvisning_id=h.pk,
            vurderingsmote=date(2027, 4, 30),
            kontaktet=None,
        )
    assert [b.field for b in caught.value.breaches] == ["vurderingsmote"]
    # Tuesday 18 May 2027: 2 working days on is Thursday 20 May; the call on Friday 21 is late.
    forlop = services.forlop_record_contact(
        actor=world.saksbehandler,
        henvisning_id=h.pk,
        vurderingsmote=date(2027, 5, 18),
        kontaktet=date(2027, 5, 21),
    )
    assert [b.rule_id for b in rules.SENTER_03.unmet(forlop)] == ["SENTER-03"]


def test_SENTER_03_the_meetings_and_reports_of_the_course(world):
    sak = world.sak_a
    h = offered(sak, sendt=date(2027, 5, 3), svar=date(2027, 5, 20))
    start = _mote(sak, Mote.Type.OPPSTARTSMOTE, date(2027, 5, 27))
    feedback = _mote(sak, Mote.Type.TILBAKEMELDINGSMOTE, date(2027, 6, 14))
    other = _mote(sak, Mote.Type.ANSVARSGRUPPEMOTE, date(2027, 6, 1))
    for mote in (start, feedback):
        services.forlop_add_meeting(actor=world.saksbehandler, henvisning_id=h.pk, mote=mote.pk)
    with pytest.raises(RuleViolation):
        services.forlop_add_meeting(actor=world.saksbehandler, henvisning_id=h.pk, mote=other.pk)
    with pytest.raises(RuleViolation):  # already the course's
        services.forlop_add_meeting(actor=world.saksbehandler, henvisning_id=h.pk, mote=start.pk)
    elsewhere = _mote(world.sak_b, Mote.Type.OPPSTARTSMOTE, date(2027, 5, 27))
    with pytest.raises(NotFound):
        services.forlop_add_meeting(
            actor=world.saksbehandler, henvisning_id=h.pk, mote=elsewhere.pk
        )
    forlop = Senterforlop.objects.get(henvisning=h)
    assert forlop.linked_meetings() == [start, feedback]
    # Held without the sluttrapport: flagged; with it received the day before: not.
    assert [b.rule_id for b in rules.SENTER_03.unmet(forlop)] == ["SENTER-03"]
    plan = receive(world.saksbehandler, sak, mottatt=date(2027, 6, 1), tittel="Handlingsplan")
    report = receive(world.saksbehandler, sak, mottatt=date(2027, 6, 13), tittel="Sluttrapport")
    forlop = services.forlop_record_reports(
        actor=world.saksbehandler,
        henvisning_id=h.pk,
        handlingsplan=plan.pk,
        sluttrapport=report.pk,
    )
    forlop = Senterforlop.objects.get(pk=forlop.pk)
    assert (forlop.handlingsplan, forlop.sluttrapport) == (plan, report)
    assert rules.SENTER_03.unmet(forlop) == []
    foreign = receive(world.saksbehandler_b, world.sak_b, tittel="Annen sak")
    with pytest.raises(NotFound):
        services.forlop_record_reports(
            actor=world.saksbehandler,
            henvisning_id=h.pk,
            handlingsplan=foreign.pk,
            sluttrapport=None,
        )


def test_SENTER_05_the_course_measure_is_evaluated_with_the_centre_reports(world):
    """SENTER-05: the course's measure is the service's own measure under a decision; the
    evaluation's «since last» (INN-02) lists the centre's reports received in the period, by
    the incoming documents' own contribution."""
    sak = world.sak_a
    _vedtak, _plan, measure = pf.running_plan(world, sak, started_days_ago=40)
    h = offered(sak, sendt=date(2027, 4, 1), svar=date(2027, 4, 20))
    forlop = services.forlop_record_measure(
        actor=world.saksbehandler, henvisning_id=h.pk, tiltak=measure.pk
    )
    assert Senterforlop.objects.get(pk=forlop.pk).tiltak == measure
    report = receive(
        world.saksbehandler,
        sak,
        mottatt=TODAY - timedelta(days=3),
        tittel="Handlingsplan fra senteret",
        type=InnkommendeDokument.Type.RAPPORT_SENTER,
    )
    services.forlop_record_reports(
        actor=world.saksbehandler, henvisning_id=h.pk, handlingsplan=report.pk, sluttrapport=None
    )
    evaluering = pf.evaluation(world, sak, complete=False)
    shown = entries(world.saksbehandler, evaluering, TODAY - timedelta(days=30), TODAY)
    assert "Handlingsplan fra senteret" in [e.title for e in shown]
    # A measure of another case is not the course's (ROLE-02).
    foreign = vf.draft(world, sak=world.sak_b, author=world.saksbehandler_b).tiltak.first()
    with pytest.raises(NotFound):
        services.forlop_record_measure(
            actor=world.saksbehandler, henvisning_id=h.pk, tiltak=foreign.pk
        )
