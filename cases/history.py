"""The case history (LOG-01), paged in SQL with a fixed number of queries.

Every record kind of a case – its own (case, child, parties, transfers, investigation) and
those other apps register through :func:`register_history_source` (decisions, plans,
evaluations, assignments …) – is a *source*: ``(model, historical queryset, label)``. A page
is read in two queries, whatever the number of sources and rows (issue 8, P1):

1. one ``UNION ALL`` over the sources, each branch selecting the same shape: the source's
   position, the historical row's id, date, type, reason and user, the record's kept fields
   as JSON, and the same JSON of the *previous* historical row of the record (a correlated
   subquery on the historical table's ``id`` index). Rows whose kept fields did not change
   are left out in SQL, so a page is always full. The branches are filtered by the case
   (each source's queryset) and by a keyset cursor on ``(history_date, source, history_id)``,
   so a page deep in the history costs what the first one does, and nothing grows with the
   size of the whole database (P2);
2. one ``UNION ALL`` over the models that the page's foreign keys and history users point to,
   each object as JSON together with the objects *its* foreign keys point to (``str()`` of a
   measure names its type), so the old and new values show by name.

The JSON comes back as strings and numbers: each value goes back through its model field's
``to_python`` (dates are dates, choices show their labels, SAK-05 masks shielded addresses).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Expression,
    F,
    Func,
    IntegerField,
    JSONField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import Col
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import User

from .models import Barn, Overforing, Part, Sak, Undersokelse
from .rules import mask_id_number

SHIELDED = gettext_lazy("[shielded]")

#: Fields that are the case's frame rather than a change (and the child's identity).
#: ``duplikat_av`` (SAK-01) names another case's child: the caseworker who registered a
#: possible duplicate is never shown it (issue 19, finding 1); it stays in the history table.
_SKIP = {"id", "sak", "barn", "tjeneste", "opprettet", "fodselsdato", "saksnummer", "duplikat_av"}

#: Fields never read back from a related object (only its name is shown).
_SECRET = {"password"}

#: Other apps add the history of their records of a case (vedtak, plans …) from their
#: ``AppConfig.ready()``: ``fn(sak) -> [(model, historical queryset, label), ...]``.
HISTORY_SOURCES: list = []


def register_history_source(fn) -> None:
    if fn not in HISTORY_SOURCES:
        HISTORY_SOURCES.append(fn)


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEvent:
    when: Any
    who: User | None
    what: str
    kind: str  # "+" created, "~" changed
    reason: str
    changes: list[Change]
    record: str = ""  # "label:id", the key of the record's own history page
    cursor: str = ""  # the event's place in the history, for the pager


@dataclass
class HistoryPage:
    events: list[HistoryEvent] = field(default_factory=list)
    has_newer: bool = False
    has_older: bool = False

    @property
    def newer(self) -> str:
        return self.events[0].cursor if self.events and self.has_newer else ""

    @property
    def older(self) -> str:
        return self.events[-1].cursor if self.events and self.has_older else ""


@dataclass
class _Source:
    position: int  # the order of equal timestamps, and part of the cursor
    model: type[Model]
    qs: QuerySet
    label: str

    @property
    def fields(self) -> list:
        """The model's fields the history keeps (``excluded_fields`` are not on the historical
        model), less the case's frame."""
        kept = {f.attname for f in self.qs.model._meta.concrete_fields}
        return [
            f for f in self.model._meta.concrete_fields if f.name not in _SKIP and f.attname in kept
        ]


def parse_record(key: str | None) -> tuple[str, int] | None:
    """A record key ``label:id`` (from a history link), or None when it is not one."""
    label, _, pk = (key or "").partition(":")
    if not label.isidentifier() or not pk.isdigit():
        return None
    return label, int(pk)


def _sources(sak: Sak) -> list[_Source]:
    sources: list[tuple[type, QuerySet, str]] = [
        (Sak, Sak.history.filter(id=sak.pk), "sak"),
        (Barn, Barn.history.filter(id=sak.barn_id), "barn"),
        (Part, Part.history.filter(sak_id=sak.pk), "part"),
        (Overforing, Overforing.history.filter(sak_id=sak.pk), "overforing"),
        (Undersokelse, Undersokelse.history.filter(id=sak.undersokelse_id), "undersokelse"),
    ]
    for source in HISTORY_SOURCES:
        sources.extend(source(sak))
    # The position is the source's place in the full list, the same on every page; a case
    # without an investigation reads no investigation rows.
    return [
        _Source(i, model, qs, label)
        for i, (model, qs, label) in enumerate(sources)
        if label != "undersokelse" or sak.undersokelse_id
    ]


def _for_record(sources: list[_Source], record: tuple[str, int]) -> list[_Source]:
    """LOG-01 per record: the record's own rows, and those of its parts (rows with a foreign key
    named after the record's label, e.g. a decision's measures and notices)."""
    label, pk = record
    kept = []
    for s in sources:
        if s.label == label:
            kept.append(_Source(s.position, s.model, s.qs.filter(id=pk), s.label))
            continue
        fk = next(
            (
                f
                for f in s.model._meta.concrete_fields
                if f.is_relation and f.name == label and f.name not in _SKIP
            ),
            None,
        )
        if fk is not None:
            kept.append(_Source(s.position, s.model, s.qs.filter(**{fk.attname: pk}), s.label))
    return kept


# --- The cursor ------------------------------------------------------------------------------

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _cursor(when: dt.datetime, label: str, history_id: int) -> str:
    return f"{(when - _EPOCH) // dt.timedelta(microseconds=1)}.{label}.{history_id}"


def _parse_cursor(token: str | None, positions: dict[str, int]):
    """``(history_date, source position, history_id)`` of a cursor, or None."""
    micros, _, rest = (token or "").partition(".")
    label, _, history_id = rest.partition(".")
    if not micros.isdigit() or not history_id.isdigit() or label not in positions:
        return None
    try:
        when = _EPOCH + dt.timedelta(microseconds=int(micros))
    except OverflowError:
        return None
    return when, positions[label], int(history_id)


def _beyond(source: _Source, cursor, older: bool) -> Q:
    """The source's rows after the cursor in the order ``(history_date, position, history_id)``,
    downwards (older) or upwards (newer). The position is constant within a source, so the
    condition is a plain range on its ``history_date`` (and ``history_id``)."""
    when, position, history_id = cursor
    op = "lt" if older else "gt"
    if source.position == position:
        return Q(**{f"history_date__{op}": when}) | Q(
            history_date=when, **{f"history_id__{op}": history_id}
        )
    if (source.position < position) == older:
        return Q(**{f"history_date__{op}e": when})
    return Q(**{f"history_date__{op}": when})


# --- Query 1: one page of rows over every source ----------------------------------------------


class _JSON(Func):
    """A JSON object of columns, its keys written into the SQL (they are attnames): the same
    as ``JSONObject`` at a fraction of the cost of building the query, which for some twenty
    sources of up to thirty fields is most of the page's time."""

    output_field = JSONField()

    def __init__(self, **columns):
        if not all(key.isidentifier() for key in columns):
            raise ValueError("JSON keys must be identifiers")
        self.keys = list(columns)
        super().__init__(*columns.values())

    def as_sql(self, compiler, connection, **extra_context):
        pairs = zip(self.keys, self.get_source_expressions(), strict=True)
        return _json_object_sql(compiler, connection, pairs)


def _json_object_sql(compiler, connection, pairs) -> tuple[str, list]:
    """``JSONB_BUILD_OBJECT('key', expression, …)`` (``JSON_OBJECT`` on SQLite)."""
    parts, params = [], []
    for key, expression in pairs:
        sql, values = compiler.compile(expression)
        parts.append(f"'{key}', {sql}")
        params.extend(values)
    function = "JSONB_BUILD_OBJECT" if connection.vendor == "postgresql" else "JSON_OBJECT"
    return f"{function}({', '.join(parts)})", params


class _Columns(Expression):
    """A JSON object of the query's own table's columns, keyed by attname: what ``_json`` makes
    without a prefix (the same SQL), with no ``F()`` to resolve per field: some twenty sources,
    each twice, of up to thirty fields; the history page 89 → 81 ms (bench's 1 000 children).
    The table is the query's base alias when it is compiled, so the same expression serves a
    branch and the correlated subquery of its previous row (whose alias Django renames)."""

    output_field = JSONField()

    def __init__(self, fields, exclude=()):
        super().__init__()
        self.fields = [f for f in fields if f.name not in exclude]

    def as_sql(self, compiler, connection, **extra_context):
        alias = compiler.query.base_table
        pairs = ((f.attname, _exact(f, Col(alias, f))) for f in self.fields)
        return _json_object_sql(compiler, connection, pairs)


def _json(fields, prefix: str = "", exclude=()):
    """The fields as one JSON object keyed by attname; decimals as text, to keep them exact."""
    values = {}
    for f in fields:
        if f.name in exclude:
            continue
        values[f.attname] = _exact(f, F(prefix + f.attname))
    return _JSON(**values)


def _exact(f, expression):
    """Decimals as text, to keep them exact in JSON."""
    if f.get_internal_type() == "DecimalField":
        return Cast(expression, CharField())
    return expression


class _Differs(Func):
    """``a IS DISTINCT FROM b``: a row whose kept fields changed (or the first row of its
    record), naming the previous row's subquery once."""

    arg_joiner = " IS DISTINCT FROM "
    template = "(%(expressions)s)"
    output_field = BooleanField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, arg_joiner=" IS NOT ", **extra_context)


def _branch(source: _Source, cursor, older: bool, size: int, alone: bool) -> QuerySet:
    history = source.qs.model
    fields = source.fields
    data = _Columns(fields)
    earlier = (
        history._base_manager.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values(json=_Columns(fields))[:1]
    )
    previous = Subquery(earlier, output_field=JSONField())
    qs = source.qs.annotate(data=data, previous=previous).filter(_Differs(F("data"), F("previous")))
    if cursor is not None:
        qs = qs.filter(_beyond(source, cursor, older))
    qs = qs.values(
        "history_id",
        "history_date",
        "history_type",
        "history_change_reason",
        "history_user_id",
        "id",
        "data",
        "previous",
        src=Value(source.position, output_field=IntegerField()),
    )
    if alone or connection.features.supports_slicing_ordering_in_compound:
        # Each branch sorts and stops at one page: PostgreSQL evaluates the previous row's
        # subquery only for the rows it keeps.
        qs = qs.order_by(*_order(older))[:size]
    else:
        qs = qs.order_by()  # SQLite: the union alone is sorted
    return qs


def _order(older: bool) -> list[str]:
    if older:
        return ["-history_date", "-src", "-history_id"]
    return ["history_date", "src", "history_id"]


def _rows(sources: list[_Source], cursor, older: bool, size: int) -> list[dict]:
    branches = [_branch(s, cursor, older, size, len(sources) == 1) for s in sources]
    if len(branches) <= 1:
        return [row for branch in branches for row in branch]
    union = branches[0].union(*branches[1:], all=True)
    return list(union.order_by(*_order(older))[:size])


# --- Query 2: the names of what the page's foreign keys point to ------------------------------


def _to_python(f, value):
    if value is None:
        return None
    value = f.to_python(value)
    if isinstance(value, dt.datetime) and settings.USE_TZ and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)  # SQLite keeps naive UTC text
    return value


def _instance(model: type[Model], data: dict, related: dict | None = None) -> Model:
    """An unsaved instance from a JSON object of its fields (and its foreign keys' objects)."""
    values = {}
    for f in model._meta.concrete_fields:
        if f.attname in data:
            values[f.attname] = _to_python(f, data[f.attname])
    obj = model(**values)
    for name, value in (related or {}).items():
        f = model._meta.get_field(name)
        target = f.related_model
        found = value and value.get(target._meta.pk.attname) is not None
        f.set_cached_value(obj, _instance(target, value) if found else None)
    return obj


def _related_objects(wanted: dict[type[Model], set]) -> dict[type[Model], dict]:
    """Every object in ``wanted`` (model → primary keys) in one query, with the objects its
    own foreign keys point to."""
    models = [m for m, ids in wanted.items() if ids]
    branches = []
    for i, model in enumerate(models):
        own = _Columns(model._meta.concrete_fields, exclude=_SECRET)
        nested = {
            f.name: _json(f.related_model._meta.concrete_fields, f"{f.name}__", exclude=_SECRET)
            for f in model._meta.concrete_fields
            if f.is_relation
        }
        branches.append(
            model._base_manager.filter(pk__in=wanted[model])
            .order_by()
            .values(
                kind=Value(i, output_field=IntegerField()),
                data=own,
                related=_JSON(**nested) if nested else Value(None, JSONField()),
            )
        )
    found: dict[type[Model], dict] = defaultdict(dict)
    if not branches:
        return found
    qs = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    for row in qs:
        model = models[row["kind"]]
        obj = _instance(model, row["data"], row["related"])
        found[model][obj.pk] = obj
    return found


def _wanted(sources: dict[int, _Source], rows: list[dict]) -> dict[type[Model], set]:
    wanted: dict[type[Model], set] = defaultdict(set)
    for row in rows:
        if row["history_user_id"]:
            wanted[User].add(row["history_user_id"])
        for f in sources[row["src"]].fields:
            if not f.is_relation:
                continue
            for data in (row["data"], row["previous"]):
                value = (data or {}).get(f.attname)
                if value is not None:
                    wanted[f.related_model].add(f.target_field.to_python(value))
    return wanted


# --- Events -----------------------------------------------------------------------------------


def _display(f, value, objects: dict):
    if value in (None, ""):
        return ""
    if f.name == "fodselsnummer":
        # Issue 19, finding 10: a number is shown masked, here as on the case page (the
        # child's full number has its own logged page).
        return mask_id_number(value)
    if f.choices:
        return dict(f.flatchoices).get(value, value)
    if f.is_relation:
        obj = objects.get(f.related_model, {}).get(value)
        return str(obj) if obj is not None else str(value)
    return value


def _shielded(*values: dict | None) -> bool:
    """SAK-05: a shielded address never shows in the history, before or after."""
    return any(v is not None and v.get("adressebeskyttelse", "ingen") != "ingen" for v in values)


def _event(source: _Source, row: dict, objects: dict) -> HistoryEvent:
    fields = source.fields
    new = {f.attname: _to_python(f, row["data"].get(f.attname)) for f in fields}
    prev = row["previous"]
    if prev is not None:
        prev = {f.attname: _to_python(f, prev.get(f.attname)) for f in fields}
    changes = []
    for f in fields:
        value = new[f.attname]
        old = prev[f.attname] if prev is not None else None
        if prev is None and value in (None, "", False):
            continue
        if prev is not None and old == value:
            continue
        if f.name == "adresse" and _shielded(new, prev):
            changes.append(Change(str(f.verbose_name), SHIELDED, SHIELDED))
            continue
        changes.append(
            Change(
                str(f.verbose_name),
                _display(f, old, objects) if prev is not None else "",
                _display(f, value, objects),
            )
        )
    history = source.qs.model
    record = history(
        id=row["id"],
        history_id=row["history_id"],
        history_date=row["history_date"],
        history_type=row["history_type"],
        **new,
    )
    for f in fields:
        if f.is_relation and new[f.attname] is not None:
            target = objects.get(f.related_model, {}).get(new[f.attname])
            history._meta.get_field(f.name).set_cached_value(record, target)
    label = source.label
    return HistoryEvent(
        when=row["history_date"],
        who=objects.get(User, {}).get(row["history_user_id"]),
        what=_describe(source.model, label, record),
        kind=row["history_type"],
        reason=row["history_change_reason"] or "",
        changes=changes,
        record=f"{label}:{row['id']}",
        cursor=_cursor(row["history_date"], label, row["history_id"]),
    )


def _describe(model, label: str, record) -> str:
    if label == "part":
        return f"{model._meta.verbose_name.capitalize()}: {record.fornavn} {record.etternavn}"
    describe = getattr(model, "history_label", None)
    if describe is not None:
        return describe(record)
    return str(model._meta.verbose_name).capitalize()


def case_history(
    sak: Sak,
    *,
    record: tuple[str, int] | None = None,
    older: str | None = None,
    newer: str | None = None,
    size: int | None = None,
) -> HistoryPage:
    """One page of every change to the case, the child, the parties, the investigation,
    transfers and what other apps register (decisions, measures, consents, plans, evaluations,
    assignments …), newest first, with old and new values side by side (LOG-01). Two queries.

    ``record`` (``(label, id)``) narrows it to one record and its parts: the record's own
    history page. ``older`` / ``newer`` are the cursors of the pager (:class:`HistoryPage`):
    the page after or before that event; a cursor that is not one reads the first page."""
    size = size or settings.HISTORY_PAGE_SIZE
    sources = _sources(sak)
    positions = {s.label: s.position for s in sources}
    if record is not None:
        sources = _for_record(sources, record)
    going_older = not newer
    cursor = _parse_cursor(newer or older, positions)
    if cursor is None:
        going_older = True
    rows = _rows(sources, cursor, going_older, size + 1)
    more = len(rows) > size
    rows = rows[:size]
    if not going_older:
        rows.reverse()
    by_position = {s.position: s for s in sources}
    objects = _related_objects(_wanted(by_position, rows))
    events = [_event(by_position[row["src"]], row, objects) for row in rows]
    if going_older:
        return HistoryPage(events, has_newer=cursor is not None, has_older=more)
    return HistoryPage(events, has_newer=more, has_older=True)


def record_name(sak: Sak, record: tuple[str, int]) -> str | None:
    """The name of a record of the case (as its newest history row names it), or None when
    it is not one: one query."""
    label, pk = record
    source = next((s for s in _sources(sak) if s.label == label), None)
    if source is None:
        return None
    related = [f.name for f in source.fields if f.is_relation]
    row = source.qs.filter(id=pk).select_related(*related).order_by("-history_date").first()
    if row is None:
        return None
    return _describe(source.model, label, row)
