"""EVAL-01/02: the date rule, computed in one place (``evaluations.rules``), tested with
hypothesis over start dates, evaluation dates, month ends and leap years.

The tests compare the rule with an independent reading of "no more than N calendar months
pass from A to D": D lies in a month less than N months after A's, or exactly N months after
on a day no later than A's day (or on the last day of a month too short for A's day)."""

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from evaluations import rules

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
#: Month ends and leap days, where calendar arithmetic goes wrong.
tricky = st.sampled_from(
    [
        date(2027, 11, 30),
        date(2027, 11, 29),
        date(2028, 2, 29),
        date(2028, 1, 31),
        date(2026, 1, 31),
        date(2026, 3, 31),
        date(2026, 5, 31),
        date(2026, 8, 31),
        date(2026, 12, 31),
        date(2100, 11, 30),  # 2100 is not a leap year
        date(2000, 11, 30),  # 2000 is
    ]
)
starts = st.one_of(dates, tricky)
intervals = st.integers(min_value=1, max_value=12)


def within_months(a: date, d: date, n: int) -> bool:
    """Independent of the implementation: at most ``n`` calendar months from a to d."""
    months = (d.year - a.year) * 12 + (d.month - a.month)
    if months < n:
        return True
    if months > n:
        return False
    last_day = calendar.monthrange(d.year, d.month)[1]
    return d.day <= a.day or (a.day > last_day and d.day == last_day)


@given(anchor=starts, months=intervals, offset=st.integers(0, 400))
def test_EVAL_01_the_limit_never_lets_more_than_the_interval_pass(anchor, months, offset):
    assume(anchor.year < 2090)
    limit = rules.evaluation_limit(anchor, months)
    day = anchor + timedelta(days=offset)
    assert (day <= limit) == within_months(anchor, day, months)
    assert limit > anchor


@given(start=starts, months=intervals, delays=st.lists(st.integers(0, 120), min_size=1, max_size=8))
def test_EVAL_01_evaluations_held_by_their_due_date_are_never_too_far_apart(start, months, delays):
    """Whatever day within the limit each evaluation is held, the clock moves with it (EVAL-05)
    and no two consecutive evaluations – the first counted from the start – are further apart
    than the interval."""
    assume(start.year < 2080)
    last = None
    previous = start
    for delay in delays:
        s = rules.schedule(first_start=start, last_completed=last, months=months)
        held = max(s.anchor, s.due - timedelta(days=delay))
        assert within_months(previous, held, months)
        assert held <= s.limit
        last = previous = held


@given(start=starts, last=st.one_of(st.none(), st.integers(0, 200)), planned=st.integers(-30, 200))
def test_EVAL_02_a_next_date_beyond_the_limit_is_refused(start, last, planned):
    assume(start.year < 2080)
    last_completed = None if last is None else start + timedelta(days=last)
    planned_date = (last_completed or start) + timedelta(days=planned)
    breaches = rules.next_date_breaches(
        planned=planned_date, first_start=start, last_completed=last_completed
    )
    anchor = last_completed or start
    limit = rules.evaluation_limit(anchor)
    too_late = planned_date > limit
    too_early = last_completed is not None and planned_date <= last_completed
    assert bool(breaches) == (too_late or too_early)
    assert all(b.rule_id == "EVAL-02" and b.field == "neste_evaluering" for b in breaches)
    if too_late:
        assert not within_months(anchor, planned_date, 3)


@given(start=starts)
def test_EVAL_01_first_evaluation_4_to_6_weeks_after_start(start):
    assume(start.year < 2090)
    s = rules.schedule(first_start=start)
    assert s.first
    assert s.window == (start + timedelta(weeks=4), start + timedelta(weeks=6))
    assert s.due == start + timedelta(weeks=6)
    assert s.limit == rules.evaluation_limit(start, 3)
    warning = rules.first_window_warning(planned=start + timedelta(weeks=8), first_start=start)
    assert warning is not None and warning.rule_id == "EVAL-01"
    assert rules.first_window_warning(planned=start + timedelta(weeks=5), first_start=start) is None


@given(start=starts, planned=st.integers(1, 200))
def test_EVAL_01_the_due_date_is_the_planned_date_capped_by_the_limit(start, planned):
    assume(start.year < 2090)
    p = start + timedelta(days=planned)
    s = rules.schedule(first_start=start, last_completed=start + timedelta(days=1), planned=p)
    assert s.due == min(p, s.limit)
    assert not s.first
    assert s.window is None


@given(horizon=starts, months=intervals)
def test_EVAL_01_latest_anchor_for_is_the_exact_inverse(horizon, months):
    """The nightly finder's SQL condition "anchor ≤ X" means exactly "limit ≤ horizon"."""
    assume(date(2001, 1, 1) < horizon < date(2090, 1, 1))
    x = rules.latest_anchor_for(horizon, months)
    assert rules.evaluation_limit(x, months) <= horizon
    assert rules.evaluation_limit(x + timedelta(days=1), months) > horizon


@pytest.mark.parametrize(
    ("anchor", "limit"),
    [
        (date(2027, 11, 30), date(2028, 2, 29)),  # into a leap February
        (date(2026, 11, 30), date(2027, 2, 28)),
        (date(2028, 2, 29), date(2028, 5, 29)),
        (date(2026, 3, 31), date(2026, 6, 30)),
        (date(2026, 5, 31), date(2026, 8, 31)),
        (date(2026, 12, 31), date(2027, 3, 31)),
        (date(2099, 11, 30), date(2100, 2, 28)),  # 2100: no leap day
    ],
)
def test_EVAL_01_calendar_months_at_month_ends(anchor, limit):
    assert rules.evaluation_limit(anchor, 3) == limit


def test_EVAL_01_the_interval_is_a_setting(settings):
    settings.EVALUERING_INTERVALL_MANEDER = 2
    assert rules.evaluation_limit(date(2026, 1, 15)) == date(2026, 3, 15)
    settings.EVALUERING_INTERVALL_MANEDER = 3
    assert rules.evaluation_limit(date(2026, 1, 15)) == date(2026, 4, 15)


def test_EVAL_05_an_evaluation_before_the_start_does_not_move_the_clock():
    start = date(2026, 3, 1)
    s = rules.schedule(first_start=start, last_completed=date(2026, 2, 20))
    assert s.first and s.anchor == start
    s = rules.schedule(first_start=start, last_completed=date(2026, 4, 10))
    assert not s.first and s.anchor == date(2026, 4, 10)
    assert s.limit == date(2026, 7, 10)


def test_EVAL_01_nothing_started_nothing_due():
    assert rules.schedule(first_start=None) is None
    assert rules.next_date_breaches(planned=date(2030, 1, 1), first_start=None) == []


def test_EVAL_03_completion_needs_every_voice_progress_and_conclusions():
    breaches = rules.completion_breaches(
        dato=date(2026, 1, 1),
        today=date(2026, 1, 1),
        text={"fra_tjenesten": "x", "fra_foreldre": ""},
        labels={"fra_tjenesten": "service", "fra_foreldre": "parents"},
        child_view="",
        child_not_heard_reason="",
        goals_without_progress=["Skole"],
        measures_without_conclusion=["Støttekontakt"],
    )
    assert [b.rule_id for b in breaches] == ["EVAL-03"] * 4
    fields = {b.field for b in breaches}
    assert {"fra_foreldre", "fra_barnet"} <= fields
    # The reason the child was not asked is enough instead of the child's view.
    assert not rules.completion_breaches(
        dato=date(2026, 1, 1),
        today=date(2026, 1, 2),
        text={"fra_tjenesten": "x"},
        labels={"fra_tjenesten": "service"},
        child_view="",
        child_not_heard_reason="Barnet er to år.",
        goals_without_progress=[],
        measures_without_conclusion=[],
    )
