"""SENTER-04: a pålegg of residential help at a centre is for at most 3 months.

Our count: the planned end may be the same day 3 calendar months after the planned start
(5 January → 5 April); one day more is refused. The clock is frozen on fixed days."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.exceptions import RuleViolation
from senter.catalogue import DOGN, seed_senter_types
from tests.vedtak.factories import CONTENT
from vedtak import rules, services
from vedtak.models import Tiltakstype, Vedtak

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
TODAY = date(2027, 1, 4)
START = date(2027, 1, 5)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.combine(TODAY, time(12), tzinfo=OSLO), tick=False):
        yield


def ordered(world, *, kode=DOGN, end: date | None, palegg=True) -> Vedtak:
    seed_senter_types()
    author = world.saksbehandler
    v = services.vedtak_create(actor=author, sak_id=world.sak_a.pk)
    data = dict(CONTENT)
    if palegg:
        data |= {"palegg": True, "nemnd_referanse": "FN-2027-1", "nemnd_vedtaksdato": TODAY}
    v = services.vedtak_update(actor=author, vedtak_id=v.pk, versjon=v.versjon, data=data)
    services.tiltak_add(
        actor=author,
        vedtak_id=v.pk,
        versjon=v.versjon,
        data={
            "type": Tiltakstype.objects.get(kode=kode),
            "omfang": "Døgnopphold med foreldrene",
            "startdato": START,
            "sluttdato": end,
        },
    )
    return Vedtak.objects.get(pk=v.pk)


def _ids(v: Vedtak) -> list[str]:
    return [b.rule_id for b in rules.unmet_rules(v, "send_to_guidance")]


def test_SENTER_04_exactly_three_months_is_allowed(world):
    v = ordered(world, end=date(2027, 4, 5))
    assert "SENTER-04" not in _ids(v)
    v = services.vedtak_send_to_guidance(actor=world.saksbehandler, vedtak_id=v.pk)
    assert v.status == Vedtak.Status.TIL_VEILEDNING


def test_SENTER_04_one_day_more_is_refused_with_the_rule(world):
    v = ordered(world, end=date(2027, 4, 6))
    assert "SENTER-04" in _ids(v)
    with pytest.raises(RuleViolation) as caught:
        services.vedtak_send_to_guidance(actor=world.saksbehandler, vedtak_id=v.pk)
    breach = next(b for b in caught.value.breaches if b.rule_id == "SENTER-04")
    assert "SENTER-04" in str(breach.message)
    assert "5. april 2027" in str(breach.message)
    assert Vedtak.objects.get(pk=v.pk).status == Vedtak.Status.UTKAST


def test_SENTER_04_an_order_without_a_planned_end_is_refused(world):
    assert "SENTER-04" in _ids(ordered(world, end=None))


def test_SENTER_04_is_checked_again_at_approval(world):
    v = ordered(world, end=date(2027, 4, 6))
    assert any(b.rule_id == "SENTER-04" for b in rules.unmet_rules(v, "approve"))


def test_SENTER_04_a_voluntary_stay_or_help_at_home_is_not_limited(world):
    assert "SENTER-04" not in _ids(ordered(world, end=date(2027, 7, 5), palegg=False))
    assert "SENTER-04" not in _ids(ordered(world, kode="senter-hjelpetiltak", end=date(2027, 7, 5)))


def test_SENTER_04_end_of_month_is_clamped():
    """30 November + 3 months is 28 February (29 in a leap year)."""
    assert rules.senter_dogn_latest_end(date(2026, 11, 30)) == date(2027, 2, 28)
    assert rules.senter_dogn_latest_end(date(2027, 11, 30)) == date(2028, 2, 29)


def test_SENTER_04_the_decision_page_says_why_it_cannot_go_on(client, world):
    from django.urls import reverse

    v = ordered(world, end=date(2027, 4, 6))
    client.force_login(world.saksbehandler)
    url = reverse("vedtak:transition", args=[v.sak_id, v.pk, "send_to_guidance"])
    page = client.get(url).content.decode()
    assert "SENTER-04" in page
    assert "5. april 2027" in page


def test_SENTER_04_the_planned_end_is_not_before_the_start(world):
    from vedtak.forms import TiltakForm

    v = services.vedtak_create(actor=world.saksbehandler, sak_id=world.sak_a.pk)
    data = {"omfang": "Døgnopphold", "startdato": "05.01.2027", "sluttdato": "04.01.2027"}
    form = TiltakForm.for_action(data, obj=v, versjon=v.versjon)
    assert not form.is_valid()
    assert "sluttdato" in form.errors
