"""core.batch: several querysets in one SQL statement give what each gives on its own, on
PostgreSQL (the suite's database) and on SQLite (a process of its own on a migrated copy)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import batch

from .batch_check import compare, make_rows
from .test_sqlite_concurrency import on_sqlite_copy


@pytest.mark.django_db
def test_batched_querysets_give_what_each_gives_alone(world):
    make_rows(world.sak_a, world.saksbehandler)
    wrong, statements = compare(world.sak_a)
    assert wrong == []
    assert statements == 1


def test_batched_querysets_on_sqlite(tmp_path):
    command = "from tests.batch_check import main; main()"
    out = on_sqlite_copy(tmp_path, "manage.py", "shell", "-c", command)
    assert "BATCH sqlite wrong=[] statements=1" in out.stdout, out.stdout + out.stderr[-2000:]


@pytest.mark.django_db
def test_panels_share_each_round(world):
    """Generator panels: each round's querysets, of every panel, are one statement; a panel
    that waits a round reads what the panels before it returned."""
    from cases.models import Part, Sak

    sak = world.sak_a
    order = []

    def parties():
        rows = yield Part.objects.filter(sak=sak).order_by("pk")
        order.append("parties")
        return [p.pk for p in rows]

    def case_and_count():
        got = yield {"sak": Sak.objects.filter(pk=sak.pk), "n": Part.objects.filter(sak=sak)}
        more = yield Sak.objects.filter(pk=sak.pk).values_list("saksnummer", flat=True)
        order.append("case")
        return got["sak"][0].pk, len(got["n"]), more

    found = {}

    def reader():
        yield None
        order.append("reader")
        return len(found["parties"])

    with CaptureQueriesContext(connection) as ctx:
        batch.run({"parties": parties(), "case": case_and_count(), "reader": reader()}, found)
    assert len(ctx.captured_queries) == 2  # two rounds
    assert found["parties"] == list(sak.parter.order_by("pk").values_list("pk", flat=True))
    assert found["case"] == (sak.pk, sak.parter.count(), [sak.saksnummer])
    assert found["reader"] == len(found["parties"]) == 2
    assert order == ["parties", "reader", "case"]


@pytest.mark.django_db
def test_a_queryset_alone_is_its_own_query(world):
    from cases.models import Part

    with CaptureQueriesContext(connection) as ctx:
        (rows,) = batch.fetch([Part.objects.filter(sak=world.sak_a)])
    assert len(rows) == 2
    assert "json" not in ctx.captured_queries[0]["sql"].lower()
