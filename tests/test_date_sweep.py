"""The date sweep itself (issue 17): SWEEP_DATE is read as the README says, and under the sweep
the clock really is there (else the sweep would quietly test today again and again)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from .conftest import OSLO, sweep_instant

pytestmark = pytest.mark.date_sensitive


@pytest.mark.parametrize(
    ("value", "instant"),
    [
        ("2028-02-29", datetime(2028, 2, 29, 11, 0, tzinfo=UTC)),  # noon in Oslo, winter time
        ("2027-06-30", datetime(2027, 6, 30, 10, 0, tzinfo=UTC)),  # noon in Oslo, summer time
        ("2027-03-28T01:30", datetime(2027, 3, 28, 0, 30, tzinfo=UTC)),  # Oslo's wall clock
        ("2027-12-31T23:30Z", datetime(2027, 12, 31, 23, 30, tzinfo=UTC)),
        ("2027-10-31T02:58+02:00", datetime(2027, 10, 31, 0, 58, tzinfo=UTC)),
    ],
)
def test_sweep_dates_are_read_as_documented(value, instant):
    assert sweep_instant(value) == instant


def test_under_the_sweep_the_clock_is_at_the_sweep_date():
    value = os.environ.get("SWEEP_DATE", "").strip()
    if not value or value == "today":
        pytest.skip("not under the date sweep")
    moved = sweep_instant(value)
    now = timezone.now()
    # The clock ticks on from where the session started: a few minutes at most.
    assert moved <= now < moved + timedelta(minutes=30)
    assert timezone.localdate() == now.astimezone(OSLO).date()
