"""Writing the access log of lists (ROLE-03, issue 19 finding 7).

A case page logs its read through :func:`cases.permissions.access_sak`. A list that shows
cases – the start page, the case list, the leaders' queue, the head of service's decisions,
«Mine frister» – shows children's names too, so it logs what it showed: :func:`log_list`
writes **one** row per list view with the ids of the cases on the page, in the order shown
(a page of a paginated list is that page). The log viewer (``audit``) shows the row as one
entry («Saksliste (12 saker)») that opens to the cases, and a case's log finds the lists that
showed it.

The row is written before the page is rendered: if it cannot be written, the error propagates
and the list is not shown (fail closed, as a case page).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections, router
from django.http import HttpRequest

from .http import client_ip
from .models import AccessLogEntry


def _case_of(row: Any) -> tuple[int, int | None, int | None]:
    """``(case id, team id, service id)`` of a case (``pk``) or of a row about one
    (``sak_id``, e.g. a deadline of «Mine frister»)."""
    sak_id = getattr(row, "sak_id", None) or row.pk
    return sak_id, getattr(row, "team_id", None), getattr(row, "tjeneste_id", None)


def log_list(request: HttpRequest, kind: str, shown: Iterable[Any]) -> list[AccessLogEntry]:
    """ROLE-03: log that ``request.user`` was shown the cases ``shown`` on the list ``kind``
    (:class:`core.models.AccessLogEntry.Liste`). ``shown`` holds the cases (objects with
    ``pk``, ``team_id`` and ``tjeneste_id``) or rows about one case (with ``sak_id`` instead
    of ``pk``), in the order shown; a case shown twice is logged once.

    One INSERT: one row per service of the cases shown, and that is one service but for a
    user who holds roles in two. A list that shows no case writes nothing."""
    per_service: dict[int, tuple[dict[int, None], set[int]]] = {}
    for row in shown:
        sak_id, team_id, tjeneste_id = _case_of(row)
        ids, teams = per_service.setdefault(tjeneste_id, ({}, set()))
        ids[sak_id] = None
        if team_id:
            teams.add(team_id)
    rows = [
        {
            "user": request.user,
            "tjeneste_id": tjeneste_id,
            "action": AccessLogEntry.Action.LIST,
            "liste": kind,
            "saker": list(ids),
            "teams": sorted(teams),
            "path": request.path[:300],
            "ip_address": client_ip(request),
        }
        for tjeneste_id, (ids, teams) in per_service.items()
    ]
    if not rows:
        return []
    if len(rows) == 1:
        # A plain INSERT with no transaction around it, as a case page's row.
        return [AccessLogEntry.objects.create(**rows[0])]
    # One INSERT of every row, with no transaction around it either (``bulk_create`` adds one:
    # BEGIN and COMMIT, two statements more for the head of several services than for the head
    # of one). One statement is atomic on its own. ``_insert`` is what ``save()`` and
    # ``bulk_create()`` themselves call.
    entries = [AccessLogEntry(**row) for row in rows]
    meta = AccessLogEntry._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    db = router.db_for_write(AccessLogEntry)
    returning = [meta.pk] if connections[db].features.can_return_rows_from_bulk_insert else None
    ids = AccessLogEntry.objects._insert(
        entries, fields=fields, returning_fields=returning, using=db
    )
    for entry, row in zip(entries, ids or (), strict=False):
        entry.pk = row[0]
    return entries
