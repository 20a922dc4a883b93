"""What came in since the previous evaluation (INN-02), given by the apps above evaluations.

An evaluation is assessed on what came in since the one before it: journal notes, minutes,
incoming reports and contractors' reports (source 000). Those live in apps above this one, so
each tells the evaluation page here, in its ``AppConfig.ready()``::

    SINCE_LAST.register("journal", provide, order=10)

``provide(user, evaluering, since, until, found=…)`` gives a list of :class:`Entry` of the
evaluation's case dated after ``since`` (``None``: from the beginning) up to and including
``until``, in a fixed number of queries. The page has opened the case through
:func:`cases.permissions.access_sak` (ROLE-02, ROLE-03) before it asks: a source scopes to that
case only. :func:`entries` collects them newest first; an app that is not installed gives
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise

from core.registry import Registry

SINCE_LAST = Registry("since the last evaluation")


@dataclass(frozen=True)
class Entry:
    """One thing that came in: its kind, title, date, where it is read, and who it is from."""

    kind: str | Promise
    title: str
    dato: date | None
    url: str
    detail: str = ""


def entries(user: Any, evaluering: Any, since: date | None, until: date) -> list[Entry]:
    """INN-02: every registered source's entries for the period, newest first."""
    found = SINCE_LAST.collect(user, evaluering, since, until)
    rows = [row for rows in found.values() for row in rows]
    return sorted(rows, key=lambda e: e.dato or date.min, reverse=True)
