"""The periods of the indicators: calendar quarters (KVAL-01), the last 8 for a trend (KVAL-03).
Pure functions over dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from .sql import day_number

TREND_QUARTERS = 8


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    q: int  # 1 … 4

    @classmethod
    def of(cls, d: date) -> Quarter:
        return cls(d.year, (d.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter | None:
        """``2026-3`` (the form in URLs and the export), or ``None``."""
        m = re.fullmatch(r"(\d{4})-([1-4])", text or "")
        return cls(int(m[1]), int(m[2])) if m else None

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.q - 2, 1)

    @property
    def end(self) -> date:
        nxt = self.next()
        return nxt.start - timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.q == 4 else Quarter(self.year, self.q + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.q == 1 else Quarter(self.year, self.q - 1)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.q}"

    @property
    def label(self) -> str:
        return _("Q%(q)s %(year)s") % {"q": self.q, "year": self.year}

    @property
    def short_label(self) -> str:
        return _("Q%(q)s %(year)s") % {"q": self.q, "year": str(self.year)[2:]}

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Window:
    """The quarters an indicator is computed for, oldest first, and the day computed to (the
    last quarter runs to that day: «so far»)."""

    quarters: tuple[Quarter, ...]
    today: date

    @classmethod
    def ending(cls, today: date, n: int = TREND_QUARTERS) -> Window:
        quarters = [Quarter.of(today)]
        while len(quarters) < n:
            quarters.append(quarters[-1].previous())
        return cls(tuple(reversed(quarters)), today)

    @property
    def start(self) -> date:
        return self.quarters[0].start

    @property
    def end(self) -> date:
        """The last day counted: today (the current quarter so far)."""
        return min(self.quarters[-1].end, self.today)

    def day_range(self) -> tuple[int, int]:
        """The first and the last day counted, as day numbers."""
        return day_number(self.start), day_number(self.end)

    def bounds(self) -> list[tuple[int, int, int]]:
        """``(index, first day number, last day number)`` of each quarter, up to today."""
        return [
            (i, day_number(q.start), day_number(min(q.end, self.today)))
            for i, q in enumerate(self.quarters)
            if q.start <= self.today
        ]

    def index(self, quarter: Quarter) -> int | None:
        try:
            return self.quarters.index(quarter)
        except ValueError:
            return None
