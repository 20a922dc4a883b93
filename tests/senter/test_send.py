"""SENTER-01 and SENTER-02 in the referral's send (henvisning.registry, filled by senter): a
referral to a centre is refused without a child of the family aged 0–6 on the day it is sent,
and warns without a recent Bufetat investigation until the caseworker gives a reason, which is
kept on the course. The clock is frozen on fixed days."""

from __future__ import annotations

from datetime import date

import pytest

from core.exceptions import RuleViolation
from henvisning import services as henv
from henvisning.actions import MACHINE
from henvisning.models import Henvisning
from senter import services
from senter.models import Senterforlop
from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)
from tests.factories import make_sak
from tests.henvisning import factories as hf

from .factories import at, senter

pytestmark = pytest.mark.django_db

SEND = date(2027, 3, 11)


@pytest.fixture(autouse=True)
def _storage(documents_storage):  # noqa: F811
    return documents_storage


def _made(sak):
    with at(SEND):
        return hf.made(hf.draft(sak, senter(sak.tjeneste)))


def _send(h, **kw):
    with at(SEND):
        return henv.henvisning_send(
            actor=h.sak.saksbehandler, henvisning_id=h.pk, kanal="brev", sendt=SEND, **kw
        )


def test_SENTER_01_a_family_whose_child_turned_7_the_day_before_is_refused(world):
    with at(SEND):
        sak = make_sak(world.saksbehandler, world.team_a, born=date(2020, 3, 10), parter=1)
    h = _made(sak)
    with pytest.raises(RuleViolation) as caught:
        _send(h, override_reason="Kommunen betaler.")
    assert "SENTER-01" in [b.rule_id for b in caught.value.breaches]
    assert Henvisning.objects.get(pk=h.pk).status != Henvisning.Status.SENDT


def test_SENTER_01_a_sibling_aged_6_makes_it_allowed_and_SENTER_02_wants_a_reason(world):
    with at(SEND):
        sak = make_sak(world.saksbehandler, world.team_a, born=date(2020, 3, 10), parter=1)
        sibling = make_sak(world.saksbehandler, world.team_a, born=date(2020, 9, 1))
    sak.soskensaker.add(sibling)
    h = _made(sak)
    with at(SEND):
        offer = MACHINE.offer(Henvisning.objects.get(pk=h.pk), world.saksbehandler, "send")
    assert [b.rule_id for b in offer.blocked] == []
    assert [b.rule_id for b in offer.warnings] == ["SENTER-02"]
    with pytest.raises(RuleViolation) as caught:
        _send(h)
    assert [(b.rule_id, b.field) for b in caught.value.breaches] == [
        ("SENTER-02", "override_reason")
    ]
    h = _send(h, override_reason="Familien trenger hjelpen nå; kommunen fullfinansierer.")
    assert h.status == Henvisning.Status.SENDT
    forlop = Senterforlop.objects.get(henvisning=h)
    assert forlop.videre_begrunnelse == "Familien trenger hjelpen nå; kommunen fullfinansierer."


def test_SENTER_02_a_recent_investigation_sends_without_a_warning(world):
    with at(SEND):
        sak = make_sak(world.saksbehandler, world.team_a, born=date(2024, 1, 1), parter=1)
    h = _made(sak)
    with at(SEND):
        services.forlop_record_investigation(
            actor=world.saksbehandler,
            henvisning_id=h.pk,
            bufetat_utredning_avsluttet=date(2026, 9, 11),  # exactly 6 months before
        )
    h = _send(h)
    assert h.status == Henvisning.Status.SENDT
    assert Senterforlop.objects.get(henvisning=h).videre_begrunnelse == ""
