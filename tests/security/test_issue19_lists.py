"""Issue 19, finding 7 (ROLE-03): a list that shows children's names writes an access-log row.

The start page, the case list, the team leader's queue, the head of service's decisions and
«Mine frister» each write one row per view with the ids of the cases on the page – the page
of a paged list – in one INSERT, before the page is shown. The log viewer shows the row as
one entry that opens to its cases, and a case's log finds the lists that showed it.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AccessLogEntry
from plans import services as plan_services

from ..factories import make_sak
from ..plans import factories as pf
from ..vedtak import factories as vf

pytestmark = pytest.mark.django_db

LOG = reverse("audit:access_log")
Liste = AccessLogEntry.Liste


@pytest.fixture
def lists(world):
    """Team A's case with a decision sent for guidance, a second case of team A with an
    investigation due soon and a decision released to the head of service, and team B's."""
    due = make_sak(
        world.saksbehandler,
        world.team_a,
        melding_mottatt=timezone.localdate() - timedelta(days=80),
    )
    vf.til_veiledning(world)  # on sak_a
    vf.klar_for_godkjenning(world, sak=due)
    return SimpleNamespace(world=world, due=due, cases=(world.sak_a, world.sak_b, due))


def _rows_after(last_pk: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(pk__gt=last_pk).order_by("pk"))


def _last_pk() -> int:
    last = AccessLogEntry.objects.order_by("-pk").first()
    return last.pk if last else 0


LISTS = [
    ("core:home", "saksbehandler", Liste.START),
    ("cases:list", "saksbehandler", Liste.SAKER),
    ("cases:list", "barnevernleder", Liste.SAKER),
    ("vedtak:queue", "teamleder", Liste.KO),
    ("vedtak:dashboard", "barnevernleder", Liste.SIGNERING),
    ("reminders:mine", "saksbehandler", Liste.FRISTER),
]


@pytest.mark.parametrize(("url", "role", "kind"), LISTS)
def test_finding7_each_list_logs_one_row_with_exactly_the_cases_it_shows(
    client, lists, url, role, kind
):
    world = lists.world
    user = getattr(world, role)
    client.force_login(user)
    before = _last_pk()
    response = client.get(reverse(url))
    assert response.status_code == 200
    html = response.content.decode()
    [row] = _rows_after(before)
    assert (row.user, row.action, row.liste, row.sak) == (user, "liste", kind, None)
    assert row.tjeneste == world.tjeneste
    assert row.path == reverse(url)
    shown = {s.pk for s in lists.cases if s.barn.etternavn in html}
    assert shown, "the list shows at least one child"
    assert set(row.saker) == shown
    assert len(row.saker) == len(set(row.saker))
    assert set(row.teams) == {s.team_id for s in lists.cases if s.pk in shown}


def test_finding7_the_leaders_queue_logs_the_plans_it_shows_too(client, world):
    """The plans waiting for approval (PLAN-03) are a section of the queue: their cases too."""
    vedtak = pf.godkjent_vedtak(world, world.sak_a)  # approved: not in the decisions' queue
    versjon = pf.draft(world, world.sak_a, tiltak=pf.tiltak_of(vedtak))
    plan_services.planversjon_send_for_approval(actor=world.saksbehandler, versjon_id=versjon.pk)
    client.force_login(world.teamleder)
    before = _last_pk()
    response = client.get(reverse("vedtak:queue"))
    assert response.context["queue"].rows == []
    assert world.sak_a.barn.etternavn in response.content.decode()
    [row] = _rows_after(before)
    assert row.saker == [world.sak_a.pk]


def test_finding7_a_page_of_the_case_list_logs_that_page(client, world, settings):
    settings.CASE_LIST_PAGE_SIZE = 2
    for _ in range(3):
        make_sak(world.saksbehandler, world.team_a)
    client.force_login(world.saksbehandler)
    before = _last_pk()
    first = client.get(reverse("cases:list"))
    page = first.context["page"]
    assert [s.pk for s in page.object_list] == _rows_after(before)[0].saker
    assert len(page.object_list) == 2 and page.next_cursor
    before = _last_pk()
    second = client.get(reverse("cases:list"), {"etter": page.next_cursor, "side": 2})
    [row] = _rows_after(before)
    assert row.saker == [s.pk for s in second.context["page"].object_list]
    assert not set(row.saker) & {s.pk for s in page.object_list}


def test_finding7_one_insert_per_list_view_whatever_its_length(client, world):
    received = timezone.localdate() - timedelta(days=80)
    for _ in range(12):  # each with an investigation due soon: on every list
        make_sak(world.saksbehandler, world.team_a, melding_mottatt=received)
    client.force_login(world.saksbehandler)
    for url in ("core:home", "cases:list", "reminders:mine"):
        client.get(reverse(url))
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse(url))
        inserts = [q for q in ctx.captured_queries if "INSERT INTO" in q["sql"].upper()]
        log = [q for q in inserts if AccessLogEntry._meta.db_table in q["sql"]]
        assert len(log) == 1, url
    assert len(AccessLogEntry.objects.filter(liste=Liste.SAKER).last().saker) == 13


def test_finding7_a_head_of_two_services_logs_in_as_many_statements_as_a_head_of_one(client, world):
    """Bench P1: the rows of several services are one INSERT with no transaction around it
    (``bulk_create`` would add BEGIN and COMMIT), so the page runs the same statements for the
    head of one service and for the head of many."""
    from accounts.models import Rolle

    from ..factories import grant, make_user

    one = world.barnevernleder
    both = grant(make_user("bvl_begge"), Rolle.BARNEVERNLEDER, tjeneste=world.tjeneste)
    grant(both, Rolle.BARNEVERNLEDER, tjeneste=world.sak_annen.tjeneste)

    def statements(user) -> list[str]:
        client.force_login(user)
        client.get(reverse("cases:list"))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("cases:list")).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    before = _last_pk()
    sql_one, sql_both = statements(one), statements(both)
    assert len(sql_one) == len(sql_both)
    assert not [q for q in sql_both if q.upper().startswith(("BEGIN", "COMMIT", "SAVEPOINT"))]
    rows = [r for r in _rows_after(before) if r.user_id == both.pk]
    assert {r.tjeneste_id for r in rows[-2:]} == {world.tjeneste.pk, world.sak_annen.tjeneste_id}
    assert all(r.pk for r in rows)


def test_finding7_a_list_that_shows_no_case_writes_nothing(client, world):
    client.force_login(world.kontorfaglig)
    before = _last_pk()
    assert client.get(reverse("core:home")).status_code == 200
    assert _rows_after(before) == []


def test_finding7_a_list_fails_closed_when_its_row_cannot_be_written(client, world, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("log unavailable")

    monkeypatch.setattr(AccessLogEntry.objects, "create", broken)
    client.raise_request_exception = False
    client.force_login(world.saksbehandler)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 500
    assert world.sak_a.barn.etternavn not in response.content.decode()


# --- The log viewer ---------------------------------------------------------------------------


def _entries(response):
    return response.context["page"].entries


def test_finding7_the_viewer_shows_a_list_as_one_entry_that_opens_to_its_cases(client, lists):
    world = lists.world
    client.force_login(world.barnevernleder)
    client.get(reverse("cases:list"))  # the head of service's list: all three cases
    response = client.get(LOG, {"handling": "liste"})
    [entry] = _entries(response)
    assert entry.is_list and entry.liste == Liste.SAKER
    assert {s.pk for s in entry.shown} == {s.pk for s in lists.cases}
    assert entry.others == 0
    html = response.content.decode()
    assert "<details" in html
    assert "Saksliste (3 saker)" in html or "Case list (3 cases)" in html
    for sak in lists.cases:
        assert sak.barn.etternavn in html


def test_finding7_a_team_leader_sees_the_lists_that_showed_the_led_teams_cases_only(client, lists):
    world = lists.world
    client.force_login(world.saksbehandler)
    client.get(reverse("cases:list"))  # team A's cases only
    client.force_login(world.barnevernleder)
    client.get(reverse("cases:list"))  # all three
    client.force_login(world.teamleder_b)
    [entry] = _entries(client.get(LOG, {"handling": "liste"}))
    assert entry.user == world.barnevernleder
    assert [s.pk for s in entry.shown] == [world.sak_b.pk]
    assert entry.others == 2  # counted, not named
    html = client.get(LOG, {"handling": "liste"}).content.decode()
    assert lists.due.barn.etternavn not in html
    assert world.sak_a.barn.etternavn not in html
    client.force_login(world.teamleder)
    entries = _entries(client.get(LOG, {"handling": "liste"}))
    assert {e.user_id for e in entries} == {world.saksbehandler.pk, world.barnevernleder.pk}


def test_finding7_a_cases_log_finds_the_lists_that_showed_it(client, lists):
    world = lists.world
    client.force_login(world.saksbehandler_b)
    client.get(reverse("cases:list"))  # team B's case only
    client.get(reverse("cases:detail", kwargs={"sak_id": world.sak_b.pk}))
    client.force_login(world.saksbehandler)
    client.get(reverse("cases:list"))  # team A's cases
    client.force_login(world.barnevernleder)
    by_id = _entries(client.get(LOG, {"sak": world.sak_b.pk}))
    assert [(e.user_id, e.action) for e in by_id] == [
        (world.saksbehandler_b.pk, "view"),
        (world.saksbehandler_b.pk, "liste"),
    ]
    by_number = _entries(client.get(LOG, {"saksnummer": world.sak_b.saksnummer}))
    assert [e.pk for e in by_number] == [e.pk for e in by_id]
    assert {e.user_id for e in _entries(client.get(LOG, {"sak": lists.due.pk}))} == {
        world.saksbehandler.pk
    }


def test_finding7_the_viewers_queries_stay_fixed_with_list_rows(
    client, lists, django_assert_max_num_queries
):
    world = lists.world
    client.force_login(world.barnevernleder)
    client.get(reverse("cases:list"))
    client.get(LOG)
    with django_assert_max_num_queries(12) as small:
        client.get(LOG)
    for _ in range(30):
        client.get(reverse("cases:list"))
    with django_assert_max_num_queries(12) as large:
        client.get(LOG)
    assert len(small.captured_queries) == len(large.captured_queries)
