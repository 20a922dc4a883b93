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

import copy
import functools
import inspect
import json
import threading
import uuid
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
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
        #: Whether the rows can come back as JSON in a statement with others.
        self.batched = False
        try:
            sql, params = self.compiler.as_sql()
        except EmptyResultSet:
            self.empty = True
            return
        if not sql:
            self.empty = True
            return
        query = self.queryset.query
        if query.combinator or query.select_for_update:
            return
        self.sql, self.params = sql, tuple(params)
        self.fields = [_output_field(s[0]) for s in self.compiler.select]
        self.batched = not self.compiler.has_extra_select and not any(
            f is not None and f.get_internal_type() in _NOT_IN_JSON for f in self.fields
        )

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
        statement could not carry it, from its own query). A copy of the queryset and of its
        compiled compiler reads the rows: the planned ones stay as they are, for the next call
        of a :class:`Statement`."""
        if self.empty:
            return []
        if rows is None:
            return list(self.queryset)
        queryset = self.queryset._chain()
        compiler = copy.copy(self.compiler)
        compiler.execute_sql = lambda *args, **kwargs: [rows]
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)


def _output_field(expression: Any) -> Any:
    try:
        return expression.output_field
    except Exception:  # an expression whose type Django resolves only from the row
        return None


def _statement(planned: list[_Planned], vendor: str) -> tuple[str, list]:
    """The one ``SELECT`` of ``planned``'s querysets (each batched), and its parameters."""
    aggregate, array = _AGGREGATE[vendor]
    parts, params = [], []
    for p in planned:
        names = [f"c{n}" for n in range(len(p.fields))]
        chunks = (names[n : n + _ARGS] for n in range(0, len(names), _ARGS))
        arrays = [f"{array}({', '.join(chunk)})" for chunk in chunks]
        row = f"{array}({', '.join(arrays)})"
        # Django's own SQL of the queryset, its values in ``params``: nothing is quoted here.
        agg = aggregate.format(row=row)
        cols = ", ".join(names)
        parts.append(f"(WITH t({cols}) AS ({p.sql}) SELECT {agg} FROM t)")  # noqa: S608
        params.extend(p.params)
    return "SELECT " + ", ".join(parts), params


def _sql_of(planned: list[_Planned], vendor: str) -> tuple[str, list]:
    """A :class:`Statement`'s SQL and parameters: one queryset's own, or the one ``SELECT``
    of several (:func:`_statement`)."""
    if len(planned) == 1:
        return planned[0].sql, list(planned[0].params)
    return _statement(planned, vendor)


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
        if connection.vendor not in _AGGREGATE or len(indexes) < 2:
            continue  # one query either way
        sql, params = _statement([planned[i] for i in indexes], connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            texts = cursor.fetchone()
        for i, text in zip(indexes, texts, strict=True):
            results[i] = planned[i].rows_from(text, connection.vendor)
    return [p.evaluate(results.get(i)) for i, p in enumerate(planned)]


def attach_reverse(instances: Iterable[Any], name: str, rows: Iterable[Any]) -> None:
    """Give each of ``instances`` its reverse foreign-key rows ``name`` (a related manager:
    ``dokument.utsendinger``) from ``rows`` read in a batch, as ``prefetch_related(name)``
    would: ``instance.<name>.all()`` then reads no query, and each row has its instance."""
    instances = list(instances)
    if not instances:
        return
    field = getattr(type(instances[0]), name).field  # the rows' foreign key
    by_owner: dict[Any, list] = {}
    for row in rows:
        by_owner.setdefault(getattr(row, field.attname), []).append(row)
    for instance in instances:
        own = by_owner.get(instance.pk, [])
        for row in own:
            field.set_cached_value(row, instance)
        # What Django's prefetch stores: the manager's queryset, evaluated.
        queryset = getattr(instance, name).all()
        queryset._result_cache = own
        queryset._prefetch_done = True
        cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
        cache[getattr(type(instance), name).rel.get_accessor_name()] = queryset


# --- Statements built once per process ----------------------------------------------------------

#: The values a :class:`Statement` is built with, in place of its ids: below every id.
_SENTINEL = -(2**62)


@dataclass(frozen=True)
class _Baked:
    alias: str
    vendor: str
    sql: str
    #: Per parameter: the name of the argument it takes, or None and the constant it keeps.
    params: tuple[tuple[str | None, Any], ...]
    planned: tuple[_Planned, ...]


class Statement:
    """The querysets of a hot path, compiled once per process ("baked", as SQLAlchemy says).

    ``build(**ids)`` returns the querysets; every argument is an id (an integer) and is used
    only as a value the querysets compare with, never to choose their shape. The SQL is
    compiled once, from sentinel values in place of the ids (all of them in one statement, as
    :func:`fetch` puts them), and every call puts its own ids where the sentinels were: a call
    builds and compiles no queryset (Django's compiling of a queryset with joins and ordering
    costs more than the database's answer), only turns the rows back into each queryset's
    result, through a copy of its compiled compiler. On PostgreSQL the statement runs on a
    cursor that binds its parameters on the server and prepares it on the connection at its
    first run (:func:`_binding_cursor`), so the database plans it once per connection too (the
    setting ``DATABASE_PREPARED_STATEMENTS`` turns this off, as a pooler in transaction mode
    needs).

    :meth:`fetch` returns each queryset's result, as :func:`fetch` does. With the setting
    ``BATCH_STATEMENT_CHECK`` (the test suite sets it), every call also builds the querysets
    from its ids and fails unless their SQL is the baked SQL with those ids: a build whose shape
    depends on its arguments is caught by the tests that call it.
    """

    def __init__(self, build: Callable[..., Sequence[QuerySet]]):
        self.build = build
        self.names = tuple(inspect.signature(build).parameters)
        self._baked: _Baked | None = None
        self._lock = threading.Lock()

    def fetch(self, **ids: int) -> list[list]:
        if set(ids) != set(self.names):
            raise TypeError(f"{self.build.__qualname__} takes {', '.join(self.names)}")
        baked = self._baked or self._bake()
        params = [ids[name] if name else value for name, value in baked.params]
        if settings.BATCH_STATEMENT_CHECK:
            self._check(baked, ids, params)
        connection = connections[baked.alias]
        with _binding_cursor(connection) as cursor:
            cursor.execute(baked.sql, params)
            if len(baked.planned) == 1:
                return [baked.planned[0].evaluate(cursor.fetchall())]
            texts = cursor.fetchone()
        return [
            p.evaluate(p.rows_from(text, baked.vendor))
            for p, text in zip(baked.planned, texts, strict=True)
        ]

    def _bake(self) -> _Baked:
        with self._lock:
            if self._baked is None:
                self._baked = self._compile()
            return self._baked

    def _compile(self) -> _Baked:
        sentinels = {name: _SENTINEL - n for n, name in enumerate(self.names)}
        querysets = self.build(**sentinels)
        if isinstance(querysets, QuerySet):
            raise TypeError(f"{self.build.__qualname__} returns a list of querysets")
        planned = tuple(_Planned(qs) for qs in querysets)
        aliases = {p.queryset.db for p in planned}
        ok = (len(planned) == 1 and planned[0].sql) or all(p.batched for p in planned)
        if not planned or len(aliases) != 1 or not ok:
            raise TypeError(
                f"{self.build.__qualname__}: a statement is one queryset, or querysets of one "
                "database that can share a statement (core.batch.fetch)"
            )
        alias = aliases.pop()
        vendor = connections[alias].vendor
        if len(planned) > 1 and vendor not in _AGGREGATE:
            raise TypeError(f"{vendor}: several querysets in one statement are not supported")
        sql, params = _sql_of(list(planned), vendor)
        by_value = {value: name for name, value in sentinels.items()}
        slots = tuple(
            (by_value[v], None) if _is_int(v) and v in by_value else (None, v) for v in params
        )
        unused = set(self.names) - {name for name, _ in slots}
        if unused:
            raise TypeError(
                f"{self.build.__qualname__}: {', '.join(sorted(unused))} is not a value of "
                "its SQL (a statement's arguments are the ids its querysets compare with)"
            )
        return _Baked(alias, vendor, sql, slots, planned)

    def _check(self, baked: _Baked, ids: dict[str, int], params: list) -> None:
        planned = [_Planned(qs) for qs in self.build(**ids)]
        if len(planned) != len(baked.planned) or not all(p.sql for p in planned):
            raise AssertionError(f"{self.build.__qualname__}: its querysets changed shape")
        sql, real = _sql_of(planned, baked.vendor)
        if sql != baked.sql or real != params:
            raise AssertionError(
                f"{self.build.__qualname__}: its SQL depends on more than its ids' values"
            )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _binding_cursor(connection):
    """A cursor of ``connection`` that prepares its statements where the database is PostgreSQL
    (:class:`_PreparingCursor`), wrapped as Django wraps every cursor (the execute wrappers
    run); any other database's own cursor. Where Django logs the queries (``DEBUG``, a test
    that captures them) the connection's own cursor: psycopg does not keep the text of a
    prepared statement's run, which Django's log reads."""
    if (
        connection.vendor != "postgresql"
        or not settings.DATABASE_PREPARED_STATEMENTS
        or connection.queries_logged
    ):
        return connection.cursor()
    import psycopg
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format

    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = _preparing_cursor_class()(connection.connection)
    # As Django's own cursors: the connection's time zone for the timestamps read.
    oid = psycopg.adapters.types["timestamptz"].oid
    if connection.timezone != connection.connection.adapters.get_loader(oid, Format.TEXT).timezone:
        register_tzloader(connection.timezone, raw)
    return connection.make_cursor(raw)


@functools.cache
def _preparing_cursor_class():
    import psycopg

    class _PreparingCursor(psycopg.Cursor):
        """Binds its values on the server and prepares what it runs at the first run.

        psycopg prepares a statement only while its connection has a ``prepare_threshold``;
        Django leaves it unset (``None``), and set on the connection it would count every
        other query too, each with its values written in by Django's client-side binding. So
        the threshold is set for this cursor's statement alone: the statement is prepared
        once (psycopg keeps it, by its text and its values' types, until the connection rolls
        back or closes), and every later run skips PostgreSQL's planning of it."""

        def execute(self, query, params=None, **kwargs):
            conn = self.connection
            threshold = conn.prepare_threshold
            conn.prepare_threshold = 0
            try:
                return super().execute(query, params, **kwargs)
            finally:
                conn.prepare_threshold = threshold

    return _PreparingCursor


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
