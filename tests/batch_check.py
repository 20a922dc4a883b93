"""What :func:`core.batch.fetch` must give: what ``list(queryset)`` gives, for every kind of
queryset a page hands it. Used by ``tests/test_batch.py`` on PostgreSQL (the suite's database)
and, in a process of its own, on SQLite (``python manage.py shell -c …``)."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Value, Window
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Rolle
from cases.models import Part, Sak
from core.models import AccessLogEntry
from journal.models import Journalnotat


def querysets(sak: Sak) -> dict:
    """Querysets of every shape: models with joins and annotations, values, flat values,
    slices, windows, an empty one, datetimes, dates, JSON lists, booleans and NULLs."""
    return {
        "models": Sak.objects.filter(pk=sak.pk).select_related("barn", "team__tjeneste"),
        "annotated": Sak.objects.filter(pk=sak.pk).annotate(
            har_parter=Exists(Part.objects.filter(sak=OuterRef("pk"))),
            n_parter=Count("parter"),
            navn=Concat(F("barn__fornavn"), Value(" "), F("barn__etternavn")),
        ),
        "ordered": Part.objects.filter(sak=sak).order_by("-etternavn", "pk"),
        "window": Part.objects.filter(sak=sak).annotate(n=Window(Count("pk")))[:1],
        "values": Part.objects.filter(sak=sak).values("pk", "fornavn", "sak__opprettet"),
        "flat": Part.objects.filter(sak=sak).order_by("pk").values_list("pk", flat=True),
        "tuples": Sak.objects.filter(pk=sak.pk).values_list("saksnummer", "barn__fodselsdato"),
        "log": AccessLogEntry.objects.filter(user__isnull=False).order_by("-pk")[:3],
        "journal": Journalnotat.objects.filter(sak=sak).select_related("forfatter"),
        # More columns than a function takes arguments (100 on PostgreSQL, 127 on SQLite).
        "wide": Journalnotat.objects.filter(sak=sak)
        .select_related(
            "forfatter",
            "sak__barn",
            "sak__tjeneste",
            "sak__saksbehandler",
            "sak__team__tjeneste",
        )
        .annotate(**{name: Value(n) for n, name in enumerate(WIDE)}),
        "empty": Part.objects.filter(pk__in=[]),
        "none": Part.objects.none(),
        "nothing": Part.objects.filter(sak=sak, fornavn="Finnes ikke"),
    }


def _plain(value, depth: int = 0):
    """A comparable form of a result: models by their fields and their joined objects (and
    the objects joined to those, not back again)."""
    if isinstance(value, list | tuple):
        return [_plain(v, depth) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, depth) for k, v in value.items()}
    if hasattr(value, "_meta"):
        row = {f.attname: _plain(getattr(value, f.attname)) for f in value._meta.concrete_fields}
        row.update({k: _plain(v) for k, v in value.__dict__.items() if k in EXTRA})
        if depth < 3:
            for name, cached in value._state.fields_cache.items():
                row[name] = _plain(cached, depth + 1)
        return row
    return (type(value).__name__, value)


#: The "wide" queryset's annotations, beyond its joined models' columns.
WIDE = [f"x{n}" for n in range(45)]
EXTRA = {"har_parter", "n_parter", "navn", "n", *WIDE}


def make_rows(sak: Sak, user) -> None:
    from journal import services as journal_services

    sak.parter.update(foreldreansvar=True)
    AccessLogEntry.objects.create(
        user=user,
        tjeneste_id=sak.tjeneste_id,
        action=AccessLogEntry.Action.LIST,
        liste=AccessLogEntry.Liste.SAKER,
        saker=[sak.pk, sak.pk + 1],
        teams=[sak.team_id],
        path="/saker/",
    )
    AccessLogEntry.objects.create(
        user=user, sak=sak, tjeneste_id=sak.tjeneste_id, action="view", path="/"
    )
    journal_services.notat_create(
        actor=user,
        sak_id=sak.pk,
        data={
            "type": "samtale",
            "dato": timezone.localdate() - timedelta(days=1),
            "hva_ble_sagt": "Mor fortalte om uken.",
        },
    )


def compare(sak: Sak) -> tuple[list[str], int]:
    """The names whose batched result differs from ``list(queryset)``, and the number of
    statements the batch took."""
    from core import batch

    qs = querysets(sak)
    wide = qs["wide"].query.get_compiler(using="default")
    wide.setup_query()
    assert len(wide.select) > 130, len(wide.select)
    expected = {name: list(q) for name, q in qs.items()}
    with CaptureQueriesContext(connection) as ctx:
        got = dict(zip(qs, batch.fetch(qs.values()), strict=True))
    wrong = [name for name in qs if _plain(got[name]) != _plain(expected[name])]
    wrong += [
        name for name in qs if not expected[name] and name not in ("empty", "none", "nothing")
    ]
    return wrong, len(ctx.captured_queries)


def statement_querysets(sak_id: int) -> list:
    """A :class:`core.batch.Statement`'s querysets: a case's rows of several shapes."""
    return [
        Sak.objects.filter(pk=sak_id).select_related("barn", "team__tjeneste"),
        Sak.objects.filter(pk=sak_id).annotate(
            har_parter=Exists(Part.objects.filter(sak=OuterRef("pk"))), n_parter=Count("parter")
        ),
        Part.objects.filter(sak=sak_id, foreldreansvar=True).order_by("-etternavn", "pk"),
        Part.objects.filter(sak_id=sak_id).values("pk", "fornavn", "sak__opprettet"),
        Journalnotat.objects.filter(sak=sak_id).select_related("forfatter"),
        Part.objects.filter(sak=sak_id, fornavn="Finnes ikke"),
    ]


def compare_statement(saker: list[Sak]) -> tuple[list[str], list[int]]:
    """A statement called for each case in turn: where its result differs from
    ``list(queryset)`` (``"<case index>:<queryset index>"``), and its statements per call."""
    from core import batch

    statement = batch.Statement(statement_querysets)
    wrong, counts = [], []
    for n, sak in enumerate(saker):
        expected = [list(q) for q in statement_querysets(sak.pk)]
        with CaptureQueriesContext(connection) as ctx:
            got = statement.fetch(sak_id=sak.pk)
        counts.append(len(ctx.captured_queries))
        wrong += [
            f"{n}:{i}"
            for i, (a, b) in enumerate(zip(got, expected, strict=True))
            if _plain(a) != _plain(b)
        ]
        wrong += [f"{n}:{i} empty" for i, rows in enumerate(expected[:-1]) if not rows]
    return wrong, counts


def main() -> None:
    """On the SQLite database of ``DATABASE_URL``: prints the result of :func:`compare` and of
    :func:`compare_statement`."""
    from tests.factories import grant, make_sak, make_user, org

    _tjeneste, team, _other = org("9911")
    sb = grant(make_user("batch_sb"), Rolle.SAKSBEHANDLER, team=team)
    sak = make_sak(sb, team, parter=3)
    make_rows(sak, sb)
    wrong, statements = compare(sak)
    print(f"BATCH {connection.vendor} wrong={wrong} statements={statements}")
    other = make_sak(sb, team, parter=2)
    make_rows(other, sb)
    wrong, counts = compare_statement([sak, other, sak])
    print(f"STATEMENT {connection.vendor} wrong={wrong} statements={counts}")
