"""ROLE-03 the access-log viewer: who looked at which case, when and why, and what a user
looked at – for the head of service (the service) and the team leader (the led teams), nobody
else; filtered, and paged by a keyset."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Nodtilgang
from core.models import AccessLogEntry

pytestmark = pytest.mark.django_db

URL = reverse("audit:access_log")


def _log(user, sak, n=1, action="view", **kw):
    return [
        AccessLogEntry.objects.create(
            user=user, sak=sak, action=action, path=f"/saker/{sak.pk}/", ip_address="10.0.0.1", **kw
        )
        for _ in range(n)
    ]


@pytest.fixture
def logged(world):
    _log(world.saksbehandler, world.sak_a, 2)
    _log(world.saksbehandler_b, world.sak_b, 1, action="history")
    _log(world.annen_tjeneste, world.sak_annen, 3)
    return world


def _rows(response):
    return response.context["page"].entries


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("saksbehandler", 404),
        ("saksbehandler_b", 404),
        ("kontorfaglig", 404),
        ("systemadmin", 404),
        ("uten_rolle", 404),
        ("teamleder", 200),
        ("barnevernleder", 200),
        ("annen_tjeneste", 200),
    ],
)
def test_ROLE_03_ROLE_02_who_may_read_the_access_log(client, logged, role, status):
    client.force_login(getattr(logged, role))
    assert client.get(URL).status_code == status


def test_ROLE_03_the_head_of_service_sees_the_service_and_nothing_else(client, logged):
    client.force_login(logged.barnevernleder)
    rows = _rows(client.get(URL))
    assert {r.sak_id for r in rows} == {logged.sak_a.pk, logged.sak_b.pk}
    assert len(rows) == 3
    # Another service's case, even asked for by id, shows nothing.
    assert _rows(client.get(URL, {"sak": logged.sak_annen.pk})) == []


def test_ROLE_03_the_team_leader_sees_the_led_team(client, logged):
    client.force_login(logged.teamleder)
    rows = _rows(client.get(URL))
    assert {r.sak_id for r in rows} == {logged.sak_a.pk}


def test_ROLE_03_a_row_carries_its_cases_service_and_the_team_scope_follows_the_case(
    client, logged
):
    """The service is copied onto the row (the viewer's index); the team leader's scope is the
    case's team now, so a case moved into the led team brings its earlier reads along."""
    assert {(r.sak_id, r.tjeneste_id) for r in AccessLogEntry.objects.all()} == {
        (s.pk, s.tjeneste_id) for s in (logged.sak_a, logged.sak_b, logged.sak_annen)
    }
    logged.sak_b.team = logged.sak_a.team
    logged.sak_b.save(update_fields=["team"])
    client.force_login(logged.teamleder)
    assert {r.sak_id for r in _rows(client.get(URL))} == {logged.sak_a.pk, logged.sak_b.pk}


def test_ROLE_03_who_looked_at_this_case_and_what_did_this_user_look_at(client, logged):
    client.force_login(logged.barnevernleder)
    by_case = _rows(client.get(URL, {"sak": logged.sak_b.pk}))
    assert [r.user_id for r in by_case] == [logged.saksbehandler_b.pk]
    by_user = _rows(client.get(URL, {"bruker": logged.saksbehandler.pk}))
    assert {r.sak_id for r in by_user} == {logged.sak_a.pk}
    by_number = _rows(client.get(URL, {"saksnummer": logged.sak_a.saksnummer}))
    assert len(by_number) == 2
    by_action = _rows(client.get(URL, {"handling": "history"}))
    assert [r.sak_id for r in by_action] == [logged.sak_b.pk]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert _rows(client.get(URL, {"fra": tomorrow})) == []
    assert len(_rows(client.get(URL, {"til": tomorrow}))) == 3


def test_ROLE_04_break_the_glass_reads_are_marked_with_their_reason(client, logged):
    grant = Nodtilgang.objects.create(
        user=logged.saksbehandler_b,
        sak=logged.sak_a,
        begrunnelse="Akutt: barnet er meldt savnet i kveld",
        gyldig_til=timezone.now() + timedelta(hours=2),
    )
    _log(logged.saksbehandler_b, logged.sak_a, nodtilgang=grant, reason=grant.begrunnelse)
    client.force_login(logged.teamleder)
    response = client.get(URL, {"nodtilgang": "on"})
    rows = _rows(response)
    assert [r.nodtilgang_id for r in rows] == [grant.pk]
    assert "Akutt: barnet er meldt savnet i kveld" in response.content.decode()


def test_ROLE_03_bad_filter_input_gets_a_field_error(client, logged):
    client.force_login(logged.barnevernleder)
    response = client.get(URL, {"fra": "2025-02-30", "til": "2024-01-01", "bruker": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_ROLE_03_the_log_is_paged_by_keyset(client, world):
    _log(world.saksbehandler, world.sak_a, 120)
    client.force_login(world.barnevernleder)
    first = client.get(URL)
    page = first.context["page"]
    assert len(page.entries) == 50 and page.next_cursor
    seen = [r.pk for r in page.entries]
    cursor = page.next_cursor
    while cursor:
        page = client.get(URL, {"for": cursor}).context["page"]
        seen += [r.pk for r in page.entries]
        cursor = page.next_cursor
    assert len(seen) == 120 == len(set(seen))
    assert seen == sorted(seen, reverse=True)


def test_ROLE_03_the_log_page_runs_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.barnevernleder)
    _log(world.saksbehandler, world.sak_a, 5)
    client.get(URL)
    with django_assert_max_num_queries(12) as small:
        client.get(URL)
    _log(world.saksbehandler_b, world.sak_b, 80)
    with django_assert_max_num_queries(12) as large:
        client.get(URL)
    assert len(small.captured_queries) == len(large.captured_queries)


@pytest.mark.django_db
def test_ROLE_03_a_case_or_a_users_log_is_read_in_the_viewers_order():
    """The viewer pages a case's or a user's reads newest first by id: each has an index in
    that order, and on PostgreSQL the statistics that tell the planner a row's service
    follows from its case and its reader (else it reads every row of the case, bench P2)."""
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "core_accesslogentry")
    indexes = {
        name: list(zip(c["columns"], c.get("orders") or [], strict=False))
        for name, c in constraints.items()
        if c["index"]
    }
    assert indexes["accesslog_sak_id"] == [("sak_id", "ASC"), ("id", "DESC")]
    assert indexes["accesslog_user_id"] == [("user_id", "ASC"), ("id", "DESC")]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stxname FROM pg_statistic_ext "
            "WHERE stxrelid = 'core_accesslogentry'::regclass ORDER BY 1"
        )
        assert [r[0] for r in cursor.fetchall()] == [
            "accesslog_sak_tjeneste",
            "accesslog_user_tjeneste",
        ]
