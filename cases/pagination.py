"""Keyset pagination: page 2 000 costs what page 1 costs (issue 8, P3).

A page is the ``per_page`` rows after (or before) a *cursor*, the ordering values of the row
at the page's edge, instead of an OFFSET that the database must count through. The cursor
holds only those values (a date and time, an id, or for the name order a surname and first
name), encoded; the list's links carry it, never a search term.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    object_list: list
    count: int
    number: int
    per_page: int
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return max(1, self.number - 1)


def _keys(order: tuple[str, ...]) -> list[tuple[str, bool]]:
    """``("-opprettet", "-pk")`` → ``[("opprettet", True), ("pk", True)]``, with the primary
    key added as the last tie-breaker when the order lacks it."""
    keys = [(o.lstrip("-"), o.startswith("-")) for o in order]
    if keys[-1][0] not in ("pk", "id"):
        keys.append(("pk", keys[-1][1]))
    return keys


def _value(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def encode_cursor(obj: Any, order: tuple[str, ...]) -> str:
    values = []
    for name, _desc in _keys(order):
        v = _value(obj, name)
        values.append({"t": v.isoformat()} if isinstance(v, datetime) else v)
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, order: tuple[str, ...]) -> list | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != len(_keys(order)):
        return None
    out = []
    for v in values:
        if isinstance(v, dict):
            try:
                v = datetime.fromisoformat(v["t"])
            except (KeyError, TypeError, ValueError):
                return None
        elif not isinstance(v, str | int):
            return None
        out.append(v)
    return out


def _beyond(keys: list[tuple[str, bool]], values: list, *, forward: bool) -> Q:
    """Rows after the cursor in the order (``forward``) or before it."""
    parts = []
    for i, (name, desc) in enumerate(keys):
        equal = {keys[j][0]: values[j] for j in range(i)}
        op = "lt" if desc == forward else "gt"
        parts.append(Q(**equal, **{f"{name}__{op}": values[i]}))
    return reduce(or_, parts)


def first_rows(qs: QuerySet, ordering: list[str] | tuple[str, ...], limit: int) -> list:
    """The first ``limit`` rows of ``qs`` in ``ordering``, with their related rows joined for
    those rows only.

    One statement: ``… WHERE pk IN (SELECT pk … ORDER BY … LIMIT n) ORDER BY …``. Written as
    one query with its joins, the rows are joined before they are sorted and cut, and with
    PostgreSQL's default costs it joined a team's 174 cases to their investigations and
    caseworkers by hashing both whole tables: 9.5 ms at 100 000 children (39 000
    investigations, 7 000 users) against 0.5 ms at 1 000, growing with the country, not the
    team. The inner query reads the case table alone (and whatever the filter or the order
    itself needs); the outer one looks up a page's rows by key.
    """
    keys = qs.order_by(*ordering).values("pk")[:limit]
    return list(qs.filter(pk__in=keys).order_by(*ordering))


def keyset_page(
    qs: QuerySet,
    order: tuple[str, ...],
    *,
    per_page: int,
    after: str | None = None,
    before: str | None = None,
    number: Any = 1,
) -> KeysetPage:
    """The page after the cursor ``after`` (or before ``before``; the first page with
    neither, or with a cursor that does not parse). ``number`` is only shown."""
    keys = _keys(order)
    ordering = [f"-{n}" if d else n for n, d in keys]
    reverse = [n if d else f"-{n}" for n, d in keys]
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    count = qs.count()
    cursor_after = decode_cursor(after, order) if after else None
    cursor_before = decode_cursor(before, order) if before and not cursor_after else None
    if cursor_before is not None:
        rows = first_rows(
            qs.filter(_beyond(keys, cursor_before, forward=False)), reverse, per_page + 1
        )
        more_before = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_next = True
    else:
        if cursor_after is None:
            number = 1
            base = qs
        else:
            base = qs.filter(_beyond(keys, cursor_after, forward=True))
        rows = first_rows(base, ordering, per_page + 1)
        has_next = len(rows) > per_page
        rows = rows[:per_page]
        more_before = cursor_after is not None
    if not more_before:
        number = 1
    return KeysetPage(
        object_list=rows,
        count=count,
        number=number,
        per_page=per_page,
        next_cursor=encode_cursor(rows[-1], order) if has_next and rows else None,
        previous_cursor=encode_cursor(rows[0], order) if more_before and rows else None,
    )
