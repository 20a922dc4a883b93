"""When a plan is evaluated (EVAL-01, EVAL-02): the date rule, as pure functions over dates.

The rule belongs to the plan: the plan's next evaluation date is set by an approved version
(EVAL-02 at plan time) and by a completed evaluation, and the plan page, the case page and the
nightly deadline finder all read it. It lives here and only here; :mod:`evaluations.rules`,
above the plan, reads it from here.

EVAL-01: no more than ``months`` calendar months (the setting ``EVALUERING_INTERVALL_MANEDER``,
3 by default) may pass from the first measure's start, or from the last completed evaluation,
to the next completed evaluation. The first evaluation should come 4–6 weeks after the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from cases.rules import add_months
from core.exceptions import RuleBreach
from core.rules import format_date

#: EVAL-01: the first evaluation should come 4–6 weeks after the first measure's start.
FIRST_EARLIEST = timedelta(weeks=4)
FIRST_LATEST = timedelta(weeks=6)


def default_interval() -> int:
    """EVAL-01: the service's interval in calendar months (a setting, 3 by default)."""
    return int(getattr(settings, "EVALUERING_INTERVALL_MANEDER", 3))


@dataclass(frozen=True)
class Schedule:
    """When a plan's next evaluation is due, by EVAL-01/02."""

    anchor: date  # the first measure's start, or the last completed evaluation
    first: bool  # no evaluation has been completed since the first start
    limit: date  # EVAL-01 (must): the last day the next evaluation may be completed
    window: tuple[date, date] | None  # the first evaluation: 4–6 weeks after start (should)
    planned: date | None  # the plan's next evaluation date, as recorded
    due: date  # the day it is due: the planned date, never later than the limit

    def is_late(self, today: date) -> bool:
        return today > self.due

    def is_over_limit(self, today: date) -> bool:
        return today > self.limit

    def days_left(self, today: date) -> int:
        return (self.due - today).days


def evaluation_limit(anchor: date, months: int | None = None) -> date:
    """EVAL-01: the last day of the interval that starts on ``anchor`` – the same day
    ``months`` calendar months later, or the month's last day (31 Nov → 30 Nov)."""
    return add_months(anchor, default_interval() if months is None else months)


def anchor_of(first_start: date, last_completed: date | None) -> tuple[date, bool]:
    """The day the EVAL-01 clock runs from and whether the next evaluation is the first: the
    last completed evaluation moves the clock (EVAL-05); one held before the measures started
    does not."""
    if last_completed is not None and last_completed >= first_start:
        return last_completed, False
    return first_start, True


def schedule(
    *,
    first_start: date | None,
    last_completed: date | None = None,
    planned: date | None = None,
    months: int | None = None,
) -> Schedule | None:
    """The EVAL-01/02 schedule of a plan, or ``None`` when no measure has started or been
    planned to start (nothing to evaluate yet)."""
    if first_start is None:
        return None
    anchor, first = anchor_of(first_start, last_completed)
    limit = evaluation_limit(anchor, months)
    window = None
    if first:
        window = (anchor + FIRST_EARLIEST, min(anchor + FIRST_LATEST, limit))
    if planned is not None:
        due = min(planned, limit)
    elif window is not None:
        due = window[1]
    else:
        due = limit
    return Schedule(
        anchor=anchor, first=first, limit=limit, window=window, planned=planned, due=due
    )


def next_date_breaches(
    *,
    planned: date | None,
    first_start: date | None,
    last_completed: date | None = None,
    months: int | None = None,
    field: str = "neste_evaluering",
) -> list[RuleBreach]:
    """EVAL-02 (must): the next evaluation date may not be later than the EVAL-01 limit, nor
    before the day the clock runs from."""
    s = schedule(first_start=first_start, last_completed=last_completed, months=months)
    if planned is None or s is None:
        return []
    if planned > s.limit:
        return [
            RuleBreach(
                "EVAL-02",
                _(
                    "The next evaluation must be on or before %(limit)s: no more than "
                    "%(months)s months may pass from %(anchor)s (EVAL-01)."
                )
                % {
                    "limit": format_date(s.limit),
                    "months": default_interval() if months is None else months,
                    "anchor": format_date(s.anchor),
                },
                field,
            )
        ]
    if last_completed is not None and planned <= last_completed:
        return [
            RuleBreach(
                "EVAL-02",
                _("The next evaluation must come after the last one, %(date)s.")
                % {"date": format_date(last_completed)},
                field,
            )
        ]
    return []


def first_window_warning(
    *, planned: date | None, first_start: date | None, last_completed: date | None = None
) -> RuleBreach | None:
    """EVAL-01 (should): the first evaluation 4–6 weeks after the start."""
    s = schedule(first_start=first_start, last_completed=last_completed)
    if planned is None or s is None or s.window is None:
        return None
    earliest, latest = s.window
    if earliest <= planned <= latest:
        return None
    return RuleBreach(
        "EVAL-01",
        _("The first evaluation should be between %(from)s and %(to)s (4–6 weeks after start).")
        % {"from": format_date(earliest), "to": format_date(latest)},
        "neste_evaluering",
    )


def latest_anchor_for(horizon: date, months: int | None = None) -> date:
    """The latest anchor whose EVAL-01 limit falls on or before ``horizon``: the exact inverse
    of :func:`evaluation_limit`, so that "limit ≤ horizon" is a plain ``anchor <= X`` in SQL."""
    months = default_interval() if months is None else months
    candidate = add_months(horizon, -months)
    while evaluation_limit(candidate + timedelta(days=1), months) <= horizon:
        candidate += timedelta(days=1)
    while evaluation_limit(candidate, months) > horizon:
        candidate -= timedelta(days=1)
    return candidate
