"""Norway's working days: the public holidays and the days a deadline may end on.

The public holidays are those of helligdagsloven and the two høytidsdager of 1 and 17 May. A
deadline whose last day is a Saturday, a Sunday or a public holiday moves to the next working
day (domstolloven § 148, which forvaltningsloven § 30 refers to). Pure, no I/O: the complaint
deadline (KLAGE-01) and the centre's call within 2 working days (SENTER-03) count with it.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from dateutil.easter import easter


@cache
def public_holidays(year: int) -> frozenset[date]:
    """Norway's public holidays (helligdager and høytidsdager) of ``year``, Sundays aside."""
    e = easter(year)
    movable = (-3, -2, 0, 1, 39, 49, 50)  # skjærtorsdag … 2. pinsedag
    fixed = ((1, 1), (5, 1), (5, 17), (12, 25), (12, 26))
    return frozenset(
        [e + timedelta(days=d) for d in movable] + [date(year, m, d) for m, d in fixed]
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (``day`` itself is not counted)."""
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day
