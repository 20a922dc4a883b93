"""KLAGE-01's deadline: three weeks from the notification (fvl § 29), moved to the next working
day when the last day is a Saturday, a Sunday or a public holiday (fvl § 30 with domstolloven
§ 148). Fixed dates: these tests read no clock."""

from __future__ import annotations

from datetime import date

import pytest

from core import calendar
from klage import rules


@pytest.mark.parametrize(
    ("notified", "deadline", "why"),
    [
        (date(2026, 3, 2), date(2026, 3, 23), "fvl § 29: three weeks, a Monday"),
        (date(2026, 3, 7), date(2026, 3, 30), "§ 148: a Saturday moves to Monday"),
        (date(2026, 3, 8), date(2026, 3, 30), "§ 148: a Sunday moves to Monday"),
        (date(2026, 3, 16), date(2026, 4, 7), "§ 148: 2. påskedag moves to Tuesday"),
        (date(2026, 3, 12), date(2026, 4, 7), "§ 148: skjærtorsdag to 2. påskedag"),
        (date(2026, 4, 26), date(2026, 5, 18), "§ 148: 17 May on a Sunday"),
        (date(2026, 12, 4), date(2026, 12, 28), "§ 148: 1. juledag, 2. juledag, Sunday"),
    ],
)
def test_KLAGE_01_deadline(notified, deadline, why):
    assert rules.complaint_deadline(notified) == deadline, why


def test_KLAGE_01_public_holidays_follow_easter():
    assert {date(2027, 3, 25), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 6)} <= (
        calendar.public_holidays(2027)
    )
    assert calendar.is_working_day(date(2027, 3, 24))
    assert not calendar.is_working_day(date(2027, 5, 17))


def test_KLAGE_01_late_is_after_the_last_day():
    notified = date(2026, 3, 2)
    assert not rules.is_late(date(2026, 3, 23), notified)
    assert rules.is_late(date(2026, 3, 24), notified)
