"""The closing tests run on a fixed day (time-machine), so deadlines counted from today are the
same whatever day the suite runs; their documents go to a temporary directory."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)

OSLO = ZoneInfo("Europe/Oslo")
DAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _fixed_day():
    with time_machine.travel(datetime.combine(DAY, time(12), tzinfo=OSLO), tick=False):
        yield


@pytest.fixture(autouse=True)
def _documents_in_tmp(documents_storage):  # noqa: F811
    return documents_storage
