"""core.calendar: Norway's working days, shared by the complaint deadline (KLAGE-01) and the
centre's call within two working days (SENTER-03)."""

from datetime import date

import pytest

from core import calendar


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        (date(2027, 3, 1), 2, date(2027, 3, 3), "Monday + 2 = Wednesday"),
        (date(2027, 3, 4), 2, date(2027, 3, 8), "Thursday + 2 skips the weekend"),
        (date(2027, 3, 23), 2, date(2027, 3, 30), "Easter: 25, 26 and 29 March are holidays"),
        (date(2027, 5, 14), 1, date(2027, 5, 18), "17 May is a holiday"),
        (date(2027, 3, 6), 0, date(2027, 3, 6), "no days: the day itself"),
    ],
)
def test_add_working_days(start, n, expected, why):
    assert calendar.add_working_days(start, n) == expected, why


def test_next_working_day_moves_past_christmas():
    assert calendar.next_working_day(date(2027, 12, 25)) == date(2027, 12, 27)
    assert calendar.next_working_day(date(2027, 12, 27)) == date(2027, 12, 27)
