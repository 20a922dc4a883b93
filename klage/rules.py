"""The complaint rules (KLAGE-01 … KLAGE-04): pure, no I/O.

The deadline (KLAGE-01): a complaint is due within 3 weeks of the day the party was notified of
the decision (forvaltningsloven § 29). A deadline whose last day is a Saturday, a Sunday or a
public holiday moves to the next working day (fvl § 30 refers to domstolloven § 148: «fristen
forlenges til nærmeste virkedag»). The public holidays are those of helligdagsloven and the two
høytidsdager of 1 and 17 May.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from dateutil.easter import easter

#: fvl § 29: three weeks.
COMPLAINT_WEEKS = 3


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


def complaint_deadline(notified: date) -> date:
    """KLAGE-01: the last day to complain, notified on ``notified`` (fvl §§ 29-30)."""
    return next_working_day(notified + timedelta(weeks=COMPLAINT_WEEKS))


def is_late(received: date, notified: date) -> bool:
    """KLAGE-01: received after the deadline."""
    return received > complaint_deadline(notified)
