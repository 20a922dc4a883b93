"""core.batch: several querysets in one SQL statement give what each gives on its own, on
PostgreSQL (the suite's database) and on SQLite (a process of its own on a migrated copy)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import batch

from .batch_check import compare, compare_statement, make_rows
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


# --- core.batch.Statement: compiled once per process --------------------------------------------


@pytest.mark.django_db
def test_statement_gives_what_each_gives_alone(world):
    """Called for one case, another, and the first again: each call one statement, and what
    ``list(queryset)`` gives for that case's querysets."""
    make_rows(world.sak_a, world.saksbehandler)
    make_rows(world.sak_b, world.saksbehandler_b)
    wrong, counts = compare_statement([world.sak_a, world.sak_b, world.sak_a])
    assert wrong == []
    assert counts == [1, 1, 1]


def test_statement_on_sqlite(tmp_path):
    command = "from tests.batch_check import main; main()"
    out = on_sqlite_copy(tmp_path, "manage.py", "shell", "-c", command)
    assert "STATEMENT sqlite wrong=[] statements=[1, 1, 1]" in out.stdout, (
        out.stdout + out.stderr[-2000:]
    )


def _parties(sak_id):
    from cases.models import Part

    return [Part.objects.filter(sak=sak_id).order_by("pk")]


@pytest.mark.django_db
def test_statement_compiles_once_and_is_prepared(world):
    """The SQL is compiled at the first call only; on PostgreSQL the statement binds its
    values on the server and is prepared on the connection at its first run, so PostgreSQL
    keeps its plan. The connection itself prepares nothing else (Django's queries bind their
    values in the client; psycopg does not count them)."""
    statement = batch.Statement(_parties)
    first = statement.fetch(sak_id=world.sak_a.pk)
    baked = statement._baked
    for _ in range(3):
        assert statement.fetch(sak_id=world.sak_b.pk)[0] == list(world.sak_b.parter.order_by("pk"))
    assert statement._baked is baked
    assert [p.pk for p in first[0]] == list(
        world.sak_a.parter.order_by("pk").values_list("pk", flat=True)
    )
    connection.ensure_connection()
    assert connection.connection.prepare_threshold is None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%cases_part%"],
        )
        assert [row[0] for row in cursor.fetchall()] == [baked.sql.replace("%s", "$1")]


@pytest.mark.django_db
def test_statement_prepares_nothing_when_turned_off(world, settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    statement = batch.Statement(_parties)
    for _ in range(2):
        assert len(statement.fetch(sak_id=world.sak_a.pk)[0]) == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_statement_refuses_a_build_it_cannot_bake(world):
    from cases.models import Part

    def not_a_list(sak_id):
        return Part.objects.filter(sak=sak_id)

    def unused(sak_id, part_id):
        return [Part.objects.filter(sak=sak_id)]

    with pytest.raises(TypeError, match="list of querysets"):
        batch.Statement(not_a_list).fetch(sak_id=world.sak_a.pk)
    with pytest.raises(TypeError, match="part_id is not a value of its SQL"):
        batch.Statement(unused).fetch(sak_id=world.sak_a.pk, part_id=1)
    with pytest.raises(TypeError, match="takes sak_id"):
        batch.Statement(_parties).fetch(pk=world.sak_a.pk)


@pytest.mark.django_db
def test_statement_whose_shape_depends_on_its_ids_fails_the_check(world):
    """A build that chooses its querysets by an id's value would read another SQL than it
    was baked with: the suite's check (BATCH_STATEMENT_CHECK) fails the call."""
    from cases.models import Part

    def shaped(sak_id):
        qs = Part.objects.filter(sak=sak_id)
        return [qs.filter(aktiv=True) if sak_id > 0 else qs]

    with pytest.raises(AssertionError, match="depends on more than its ids"):
        batch.Statement(shaped).fetch(sak_id=world.sak_a.pk)


@pytest.mark.django_db
def test_attach_reverse_is_a_prefetch(world):
    """Rows read in a batch given to their owners as ``prefetch_related`` gives them: the
    related manager reads no query, and each row knows its owner."""
    from cases.models import Part, Sak

    saker = list(Sak.objects.filter(pk__in=[world.sak_a.pk, world.sak_b.pk]).order_by("pk"))
    rows = list(Part.objects.filter(sak__in=saker).order_by("pk"))
    batch.attach_reverse(saker, "parter", rows)
    with CaptureQueriesContext(connection) as ctx:
        for sak in saker:
            parter = list(sak.parter.all())
            assert [p.pk for p in parter] == [r.pk for r in rows if r.sak_id == sak.pk]
            assert all(p.sak is sak for p in parter)
    assert ctx.captured_queries == []
    assert {len(sak.parter.all()) for sak in saker} == {2, 1}
