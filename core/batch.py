"""Several querysets in one SQL statement: a page's panels in one round trip.

A page that shows many short lists (the case page: the journal, the meetings, the complaints,
the referrals …) would cost one query per list. :func:`fetch` runs them as one statement
instead, each list a scalar subquery that aggregates its rows as a JSON array::

    SELECT (WITH t(c0, c1, …) AS (<the first queryset's SQL>)
            SELECT json_agg(json_build_array(json_build_array(c0, c1, …))) FROM t),
           (WITH t(…) AS (<the second's>) SELECT …)

(a row is an array of arrays of at most 100 columns: a function's arguments are limited)

and hands each queryset its own rows back, through Django's own iterable of that queryset
(models with their ``select_related`` objects and annotations, ``values()`` dicts, tuples), so
that the result is what ``list(queryset)`` gives. The SQL of each queryset is Django's, with
its ordering and limits; only the transport changes.

On PostgreSQL JSON carries dates, times and decimals as text and numbers; each column is turned
back into what the database driver would have given by the column's field
(:func:`_from_json`). On SQLite the JSON values are SQLite's own (text, integers, reals), which
Django's SQLite converters read as they read any row. Other databases, and a queryset the
statement cannot carry (a combined query, extra select columns, binary data), are evaluated one
by one, as before: the result is the same, only the count of statements differs.

:func:`run` drives *panels* written as generators: a panel yields the querysets it needs
(one, or a dict of them), receives their rows, and returns its value; the panels of one page
share each round's single statement (see :meth:`core.registry.Registry.collect`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Generator, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.utils.dateparse import parse_date, parse_datetime, parse_duration, parse_time

#: The databases whose JSON functions :func:`fetch` uses: the aggregate of the rows, and the
#: function that makes an array of a row's columns.
_AGGREGATE = {
    "postgresql": ("COALESCE(json_agg({row})::text, '[]')", "json_build_array"),
    "sqlite": ("json_group_array({row})", "json_array"),
}
#: A function takes at most 100 arguments on PostgreSQL (127 on SQLite): a row is an array of
#: arrays of at most this many columns each.
_ARGS = 100


#: PostgreSQL's JSON text of a column → what psycopg gives for it, by the field's type.
_FROM_JSON = {
    "DateTimeField": parse_datetime,
    "DateField": parse_date,
    "TimeField": parse_time,
    "DurationField": parse_duration,
    "DecimalField": lambda v: v if isinstance(v, Decimal) else Decimal(str(v)),
    "FloatField": float,
    "UUIDField": uuid.UUID,
    # Django's JSONField reads jsonb as text and decodes it itself.
    "JSONField": lambda v: json.dumps(v),
}
#: Columns the JSON of a row cannot carry (bytes): such a queryset runs on its own.
_NOT_IN_JSON = {"BinaryField"}


def _from_json(field: Any, value: Any) -> Any:
    if value is None or field is None:
        return value
    convert = _FROM_JSON.get(field.get_internal_type())
    return convert(value) if convert else value


class _Planned:
    """One queryset's part of the statement: its SQL and, once run, its rows."""

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset._chain()
        self.compiler = self.queryset.query.get_compiler(using=self.queryset.db)
        self.sql: str | None = None
        self.params: tuple = ()
        self.empty = False
        try:
            sql, params = self.compiler.as_sql()
        except EmptyResultSet:
            self.empty = True
            return
        if not sql:
            self.empty = True
            return
        query = self.queryset.query
        if self.compiler.has_extra_select or query.combinator or query.select_for_update:
            return
        fields = [_output_field(s[0]) for s in self.compiler.select]
        if any(f is not None and f.get_internal_type() in _NOT_IN_JSON for f in fields):
            return
        self.sql, self.params, self.fields = sql, tuple(params), fields

    @property
    def batched(self) -> bool:
        return self.sql is not None

    def rows_from(self, text: str, vendor: str) -> list[tuple]:
        raw = json.loads(text, parse_float=Decimal) if vendor == "postgresql" else json.loads(text)
        rows = [[v for chunk in r for v in chunk] for r in raw]
        if vendor != "postgresql":
            return [tuple(r) for r in rows]
        return [
            tuple(_from_json(f, v) for f, v in zip(self.fields, row, strict=True)) for row in rows
        ]

    def evaluate(self, rows: list[tuple] | None) -> list:
        """The queryset's result, as its own iterable makes it, from ``rows`` (or, when the
        statement could not carry it, from its own query)."""
        if self.empty:
            return []
        if rows is None:
            return list(self.queryset)
        compiler = self.compiler
        compiler.execute_sql = lambda *args, **kwargs: [rows]
        self.queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(self.queryset)


def _output_field(expression: Any) -> Any:
    try:
        return expression.output_field
    except Exception:  # an expression whose type Django resolves only from the row
        return None


def fetch(querysets: Iterable[QuerySet]) -> list[list]:
    """Evaluate ``querysets`` in one SQL statement per database; returns each one's result,
    in order, as ``list(queryset)`` would give it."""
    planned = [_Planned(qs) for qs in querysets]
    results: dict[int, list[tuple]] = {}
    by_db: dict[str, list[int]] = {}
    for i, p in enumerate(planned):
        if p.batched:
            by_db.setdefault(p.queryset.db, []).append(i)
    for alias, indexes in by_db.items():
        connection = connections[alias]
        functions = _AGGREGATE.get(connection.vendor)
        if functions is None or len(indexes) < 2:
            continue  # one query either way
        aggregate, array = functions
        parts, params = [], []
        for i in indexes:
            p = planned[i]
            names = [f"c{n}" for n in range(len(p.fields))]
            chunks = (names[n : n + _ARGS] for n in range(0, len(names), _ARGS))
            arrays = [f"{array}({', '.join(chunk)})" for chunk in chunks]
            row = f"{array}({', '.join(arrays)})"
            # Django's own SQL of the queryset, its values in ``params``: nothing is quoted here.
            agg = aggregate.format(row=row)
            cols = ", ".join(names)
            parts.append(f"(WITH t({cols}) AS ({p.sql}) SELECT {agg} FROM t)")  # noqa: S608
            params.extend(p.params)
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            texts = cursor.fetchone()
        for i, text in zip(indexes, texts, strict=True):
            results[i] = planned[i].rows_from(text, connection.vendor)
    return [p.evaluate(results.get(i)) for i, p in enumerate(planned)]


#: A panel: yields querysets (or a dict of them, or ``None``), gets rows, returns its value.
Panel = Generator[Any, Any, Any]


def run(panels: Mapping[str, Panel], into: dict[str, Any] | None = None) -> dict[str, Any]:
    """Drive generator panels round by round: each yields a queryset or a dict of them (or
    ``None`` to wait a round), receives the rows in the same shape, and returns its value.
    Each round's querysets, of every panel, are one statement (:func:`fetch`). The panels
    resume in the order given, so a panel that waits a round reads (in ``into``) what the
    panels before it returned in that round. Returns ``into`` with ``{key: value}`` added."""
    done: dict[str, Any] = {} if into is None else into
    waiting: dict[str, tuple[Panel, Any]] = {}
    for key, gen in panels.items():
        _advance(key, gen, None, done, waiting)
    while waiting:
        asked = list(waiting.items())
        flat: list[QuerySet] = []
        for _key, (_gen, request) in asked:
            flat.extend(_querysets(request))
        answers = iter(fetch(flat))
        waiting = {}
        for key, (gen, request) in asked:
            _advance(key, gen, _shape(request, answers), done, waiting)
    return done


def _querysets(request: Any) -> list[QuerySet]:
    if request is None:
        return []
    if isinstance(request, QuerySet):
        return [request]
    return list(request.values())


def _shape(request: Any, answers) -> Any:
    if request is None:
        return None
    if isinstance(request, QuerySet):
        return next(answers)
    return {name: next(answers) for name in request}


def _advance(key, gen, value, done, waiting) -> None:
    try:
        request = gen.send(value)
    except StopIteration as stop:
        done[key] = stop.value
    else:
        waiting[key] = (gen, request)


def resolve(panel: Panel) -> Any:
    """One generator panel's value, its queries run as it asks for them."""
    return run({"panel": panel})["panel"]
