"""Portable SQL pieces for the indicators: dates as day numbers, months added to a date, and the
percentiles of PostgreSQL. Every indicator is an aggregate in the database (KVAL-01); these
small functions let the same query run on PostgreSQL and on SQLite (the no-configuration mode).

A *day number* is the number of days since 1 January 1970: date arithmetic becomes integer
arithmetic (days between, a day plus 42), the same on both databases.
"""

from __future__ import annotations

from datetime import date

from django.db import NotSupportedError
from django.db.models import Aggregate, FloatField, Func, IntegerField

EPOCH = date(1970, 1, 1)
#: SQLite's julianday('1970-01-01') is 2440587.5: its integer part is day 0.
_JULIAN_EPOCH = 2440587


def day_number(d: date) -> int:
    return (d - EPOCH).days


class DayNo(Func):
    """A date (or ``NULL``) as its day number."""

    output_field = IntegerField()
    arity = 1

    def as_sql(self, compiler, connection, **extra):  # pragma: no cover - other databases
        raise NotSupportedError("DayNo: PostgreSQL or SQLite")

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(CAST({sql} AS date) - DATE '1970-01-01')", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(CAST(julianday({sql}) AS INTEGER) - {_JULIAN_EPOCH})", params


class AddMonths(Func):
    """``date`` plus ``months`` calendar months, as a day number: the same day, or the month's
    last day when it has no such day (31 Nov → 30 Nov), as :func:`cases.rules.add_months`."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):  # pragma: no cover - other databases
        raise NotSupportedError("AddMonths: PostgreSQL or SQLite")

    def _parts(self, compiler):
        d, dp = compiler.compile(self.source_expressions[0])
        m, mp = compiler.compile(self.source_expressions[1])
        return d, dp, m, mp

    def as_postgresql(self, compiler, connection, **extra):
        d, dp, m, mp = self._parts(compiler)
        return (
            f"(CAST(CAST({d} AS date) + make_interval(months => CAST({m} AS integer)) AS date)"
            " - DATE '1970-01-01')",
            (*dp, *mp),
        )

    def as_sqlite(self, compiler, connection, **extra):
        d, dp, m, mp = self._parts(compiler)
        # SQLite's '+N months' overflows into the next month (31 Jan + 1 month = 3 March):
        # the month's last day caps it.
        return (
            f"(CAST(julianday(MIN(date({d}, '+' || ({m}) || ' months'), "
            f"date({d}, 'start of month', '+' || (({m}) + 1) || ' months', '-1 day'))) "
            f"AS INTEGER) - {_JULIAN_EPOCH})",
            (*dp, *mp, *dp, *mp),
        )


class Percentile(Aggregate):
    """PostgreSQL's ``percentile_cont``: the median is ``Percentile(x, 0.5)``. SQLite has none;
    :mod:`kvalitet.services` then takes the figures from the day numbers it reads."""

    name = "Percentile"
    output_field = FloatField()
    template = "PERCENTILE_CONT(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)

    def as_sql(self, compiler, connection, **extra):
        if connection.vendor != "postgresql":
            raise NotSupportedError("Percentile: PostgreSQL only")
        return super().as_sql(compiler, connection, **extra)


def percentile(values: list[int], fraction: float) -> float | None:
    """``percentile_cont`` over a list (SQLite's path, and the tests' reference)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * fraction
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


class QuarterIndex(Func):
    """The quarter a day number falls in, counted from the quarter numbered ``base``
    (year × 4 + quarter): 0 for that quarter, 1 for the next … The day number is written once
    (a scalar subquery names it), however large its expression."""

    output_field = IntegerField()
    arity = 1

    def __init__(self, expression, base: int, **extra):
        super().__init__(expression, **extra)
        self.base = int(base)

    def as_sql(self, compiler, connection, **extra):  # pragma: no cover - other databases
        raise NotSupportedError("QuarterIndex: PostgreSQL or SQLite")

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            # S608: ``base`` is an int and ``sql`` the compiled expression, with its params.
            "(SELECT CAST(EXTRACT(YEAR FROM kv_d) * 4 + EXTRACT(QUARTER FROM kv_d) AS integer)"  # noqa: S608
            f" - {self.base} FROM (SELECT DATE '1970-01-01' + CAST({sql} AS integer) AS kv_d)"
            " AS kv_s)",
            params,
        )

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            "(SELECT CAST(strftime('%%Y', kv_d) AS INTEGER) * 4"  # noqa: S608
            " + (CAST(strftime('%%m', kv_d) AS INTEGER) + 2) / 3"
            f" - {self.base} FROM (SELECT date({sql} + {_JULIAN_EPOCH}.5) AS kv_d))",
            params,
        )
