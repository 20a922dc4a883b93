"""Shared helpers of the complaint tests: a decision sent on a chosen day, a complaint on it.

The clock is frozen (time-machine) on days counted from today, so the tests pass any day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from core import calendar
from klage import services
from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)
from tests.vedtak import factories as vf

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture(autouse=True)
def _documents_in_tmp(documents_storage):  # noqa: F811
    return documents_storage


def at(day: date):
    """The clock frozen at noon in Oslo on ``day``."""
    return time_machine.travel(datetime.combine(day, time(12), tzinfo=OSLO), tick=False)


def first(weekday: int, *, after: date | None = None, ok=lambda d: True) -> date:
    """The first ``weekday`` (0 = Monday) at least a week after ``after`` (today) for which
    ``ok(day)`` holds."""
    day = (after or timezone.localdate()) + timedelta(days=7)
    while day.weekday() != weekday or not ok(day):
        day += timedelta(days=1)
    return day


def working(*days: date) -> bool:
    return all(calendar.is_working_day(d) for d in days)


def sent_on(world, day: date):
    """A decision of team A's case sent to every party on ``day`` (its dispatch registered
    that day, DOK-02)."""
    with at(day):
        return vf.ekspedert(world)


def register(world, vedtak, *, received: date, on: date | None = None, **kw):
    data = {
        "kanal": "post",
        "gjelder": "Vi er uenige i at tiltaket skal endres.",
        "klager_id": vedtak.sak.parter.order_by("pk").first().pk,
    }
    data.update(kw)
    with at(on or received):
        return services.klage_register(
            actor=world.saksbehandler,
            sak_id=vedtak.sak_id,
            vedtak_id=vedtak.pk,
            mottatt=received,
            **data,
        )
