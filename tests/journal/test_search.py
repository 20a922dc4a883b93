"""The journal's full-text search (JOUR-01): PostgreSQL's ``norwegian`` configuration with a
GIN index; on SQLite a plain match of the words."""

import pytest
from django.db import connection
from django.urls import reverse

from journal import selectors
from journal.models import Journalnotat

from .factories import make_note

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)


def _found(sak, text):
    return list(
        selectors.search(Journalnotat.objects.filter(sak=sak), text).values_list(
            "hva_ble_sagt", flat=True
        )
    )


@postgres_only
def test_JOUR_01_search_finds_a_word_in_another_form_norwegian_stemming(world, sak):
    make_note(world.saksbehandler, sak, hva_ble_sagt="En samtale med mor om skolen.")
    make_note(world.saksbehandler, sak, hva_ble_sagt="Far ringte om fotballtrening.")
    assert _found(sak, "samtaler") == ["En samtale med mor om skolen."]
    assert _found(sak, "fotballtreningen") == ["Far ringte om fotballtrening."]
    assert _found(sak, "barnehage") == []


@postgres_only
def test_JOUR_01_search_reads_the_assessment_and_the_outside_source(world, sak):
    make_note(
        world.saksbehandler,
        sak,
        vurdering="Bekymringen for omsorgen er redusert.",
        ekstern_kilde=True,
        kilde="Helsestasjonen",
    )
    assert len(_found(sak, "bekymringer")) == 1
    assert len(_found(sak, "helsestasjonen")) == 1


@postgres_only
def test_JOUR_01_the_search_vector_follows_an_edited_draft(world, sak):
    from journal import services

    notat = make_note(world.saksbehandler, sak, hva_ble_sagt="Om leksehjelp.")
    services.notat_update(
        actor=world.saksbehandler, notat_id=notat.pk, data={"hva_ble_sagt": "Om støttekontakt."}
    )
    assert _found(sak, "leksehjelp") == []
    assert _found(sak, "støttekontakten") == ["Om støttekontakt."]


@postgres_only
def test_the_search_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'journal_journalnotat'"
            " AND indexname = 'journalnotat_sok_gin'"
        )
        row = cursor.fetchone()
    assert row is not None and "gin" in row[0].lower()


@postgres_only
def test_the_search_uses_the_index_plan(world, sak):
    make_note(world.saksbehandler, sak)
    qs = selectors.search(Journalnotat.objects.all(), "samtale")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "journalnotat_sok_gin" in plan


def test_search_on_sqlite_matches_the_words(world, sak, monkeypatch):
    make_note(world.saksbehandler, sak, hva_ble_sagt="En samtale med Mor om skolen.")
    make_note(world.saksbehandler, sak, hva_ble_sagt="Far ringte.")
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert _found(sak, "mor SKOLEN") == ["En samtale med Mor om skolen."]
    assert _found(sak, "samtaler") == []  # no stemming without PostgreSQL


def test_the_search_is_kept_to_the_case(client, world, sak):
    other = world.sak_a
    make_note(world.saksbehandler, other, hva_ble_sagt="Hemmelig samtale i en annen sak.")
    client.force_login(world.saksbehandler)
    response = client.get(reverse("journal:journal", args=[sak.pk]), {"q": "hemmelig"})
    assert response.status_code == 200
    assert "Hemmelig samtale" not in response.content.decode()


def test_ROLE_02_the_search_across_cases_finds_only_what_the_user_may_see_newest_first(
    world, django_assert_max_num_queries
):
    """``search_visible`` (bench P8d): the matches first, then those notes with their cases,
    the newest first, at most ``limit``; never a note of a case the user may not see."""
    from datetime import timedelta

    from django.utils import timezone

    day = timezone.localdate()
    mine = [
        make_note(world.saksbehandler, world.sak_a, hva_ble_sagt="Mor ringte om skolen.", dato=d)
        for d in (day - timedelta(days=3), day - timedelta(days=1), day - timedelta(days=2))
    ]
    other = world.sak_annen
    make_note(other.saksbehandler, other, hva_ble_sagt="Mor ringte om skolen.")
    with django_assert_max_num_queries(2):
        found = selectors.search_visible(world.saksbehandler, "skolen")
        assert [n.sak.saksnummer for n in found] == [world.sak_a.saksnummer] * 3
    assert [n.pk for n in found] == [mine[1].pk, mine[2].pk, mine[0].pk]
    assert [n.pk for n in selectors.search_visible(world.saksbehandler, "skolen", limit=2)] == [
        mine[1].pk,
        mine[2].pk,
    ]
    assert selectors.search_visible(world.saksbehandler, "barnehagen") == []
    assert selectors.search_visible(world.saksbehandler, "  ") == []
