"""Shared helpers of the ettervern tests: a youth with known birthdays, the clock frozen.

Every date here is fixed: the youth is born 20 May 2013, so turns 17½ on 20 November 2030, 18
on 20 May 2031 and 25 on 20 May 2038; the clock is frozen (time-machine) on the days a test
needs, so the tests pass whatever the real date is."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)

OSLO = ZoneInfo("Europe/Oslo")

BORN = date(2013, 5, 20)
#: 17 years and 6 months: «Ettervern: samtale må starte» from this day (ETT-01).
HALF = date(2030, 11, 20)
EIGHTEEN = date(2031, 5, 20)
TWENTY_FIVE = date(2038, 5, 20)


@pytest.fixture(autouse=True)
def _documents_in_tmp(documents_storage):  # noqa: F811
    return documents_storage


def at(day: date):
    """The clock frozen at noon in Oslo on ``day``."""
    return time_machine.travel(datetime.combine(day, time(12), tzinfo=OSLO), tick=False)


def rule_ids(exc) -> set[str]:
    return {b.rule_id for b in exc.value.breaches}
