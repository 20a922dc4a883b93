"""A time typed on the wall clock means the right instant on the nights Oslo's clocks change
(issue 17: the date sweep found the dispatch forms refusing their own default, now, in the
hour that happens twice when the clocks fall back). DOK-02 and PLAN-03 record when a letter
was sent."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from core.forms import WallClockDateTimeField
from documents.forms import UtsendingForm
from plans.forms import DispatchForm as PlanDispatchForm


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "typed", "meant"),
    [
        # 31 Oct 2027: 03:00 summer time becomes 02:00 at 01:00 UTC; 02:00-02:59 comes twice.
        (utc(2027, 10, 31, 0, 58), "2027-10-31T02:58", utc(2027, 10, 31, 0, 58)),  # first pass
        (utc(2027, 10, 31, 1, 30), "2027-10-31T02:30", utc(2027, 10, 31, 1, 30)),  # second
        (utc(2027, 10, 31, 1, 30), "2027-10-31T02:45", utc(2027, 10, 31, 0, 45)),  # still to come
        (utc(2027, 11, 5, 12, 0), "31.10.2027 02:30", utc(2027, 10, 31, 1, 30)),  # days later
        # 28 Mar 2027: 02:00 winter time becomes 03:00; 02:30 does not exist.
        (utc(2027, 3, 28, 12, 0), "2027-03-28T02:30", utc(2027, 3, 28, 1, 30)),
        # An ordinary summer and winter day.
        (utc(2027, 6, 30, 12, 0), "2027-06-30 12:00", utc(2027, 6, 30, 10, 0)),
        (utc(2028, 2, 29, 12, 0), "2028-02-29T12:00", utc(2028, 2, 29, 11, 0)),
    ],
)
def test_DOK_02_a_typed_time_is_the_instant_meant_across_a_change_of_summer_time(now, typed, meant):
    with time_machine.travel(now, tick=False):
        assert WallClockDateTimeField(input_formats=["%d.%m.%Y %H:%M"]).clean(typed) == meant


@pytest.mark.parametrize("form", [UtsendingForm, PlanDispatchForm])
def test_DOK_02_PLAN_03_the_dispatch_forms_read_the_wall_clock(form):
    assert isinstance(form.base_fields["tidspunkt"], WallClockDateTimeField)


def test_an_invalid_time_is_still_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        WallClockDateTimeField().clean("2027-10-31T25:00")
