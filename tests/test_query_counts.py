"""The case list, the start page and the case page run a constant number of SQL queries,
whatever the number of cases, parties and history rows (10 and 200 rows), and at most 13 (one of
them is the second factor's device check that every request makes, django-otp)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Part

from .factories import make_sak

pytestmark = pytest.mark.django_db

MAX_QUERIES = 13
#: The case page shows the plan panel too: one query (plans.selectors.plan_summary).
CASE_PAGE_MAX_QUERIES = MAX_QUERIES + 1


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    # Savepoints are the test's own transaction wrapping the access log's atomic block; in a
    # request they are BEGIN/COMMIT, which Django does not count as queries.
    return sum(1 for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"])


def _grow_cases(world, n):
    received = timezone.localdate() - timedelta(days=80)
    for i in range(n):
        make_sak(
            world.saksbehandler,
            world.team_a,
            melding_mottatt=received if i % 2 else None,
            parter=1,
        )


@pytest.mark.parametrize("role", ["saksbehandler", "teamleder", "barnevernleder"])
def test_case_list_and_start_page_constant_queries(client, world, role):
    client.force_login(getattr(world, role))
    _grow_cases(world, 10)
    searched = client.post(reverse("cases:list"), {"q": "Testbarn", "frist": "snart"})["Location"]
    small = {
        "list": count_queries(client, reverse("cases:list")),
        "search": count_queries(client, searched),
        "home": count_queries(client, reverse("core:home")),
    }
    _grow_cases(world, 190)
    large = {
        "list": count_queries(client, reverse("cases:list")),
        "search": count_queries(client, searched),
        "home": count_queries(client, reverse("core:home")),
    }
    assert small == large
    assert max(large.values()) <= MAX_QUERIES


def test_case_page_constant_queries(client, world):
    sak = world.sak_a
    client.force_login(world.saksbehandler)
    url = reverse("cases:detail", kwargs={"sak_id": sak.pk})

    def grow(n):
        for i in range(n):
            part = services.part_create(
                actor=world.saksbehandler,
                sak_id=sak.pk,
                data={"relasjon": Part.Relasjon.ANNEN, "fornavn": f"P{i}", "etternavn": "X"},
            )
            services.part_update(
                actor=world.saksbehandler,
                sak_id=sak.pk,
                part_id=part.pk,
                data={"telefon": "12345678"},
            )

    grow(10)
    small = count_queries(client, url)
    grow(190)
    large = count_queries(client, url)
    assert small == large
    assert large <= CASE_PAGE_MAX_QUERIES


#: The history page: the request (session, user, device, roles, the case and its access-log
#: row) and two for the history itself (one page of rows, the names they point to); a
#: record's page reads its name too.
HISTORY_MAX_QUERIES = 12


def test_history_pages_constant_queries(client, world):
    """LOG-01 (issue 8, P1): the case history and a record's history run the same queries
    with 10 and 200 changes across several record kinds, on the first page and deep in."""
    from vedtak import services as vedtak_services
    from vedtak.models import Vedtak

    from .vedtak import factories as vf

    sak = world.sak_a
    actor = world.saksbehandler
    vedtak = vf.draft(world)
    tiltak = vedtak.tiltak.get()
    part = services.part_create(
        actor=actor,
        sak_id=sak.pk,
        data={"relasjon": Part.Relasjon.ANNEN, "fornavn": "Per", "etternavn": "X"},
    )

    def grow(rounds):
        for i in range(rounds):
            services.barn_update(actor=actor, sak_id=sak.pk, data={"sprak": f"s{i}"})
            services.part_update(
                actor=actor, sak_id=sak.pk, part_id=part.pk, data={"telefon": f"{i:08}"}
            )
            versjon = Vedtak.objects.get(pk=vedtak.pk).versjon
            vedtak_services.tiltak_update(
                actor=actor, tiltak_id=tiltak.pk, versjon=versjon, data={"omfang": f"{i} t"}
            )

    history = reverse("cases:history", kwargs={"sak_id": sak.pk})
    own = {"post": f"vedtak:{vedtak.pk}"}
    client.force_login(actor)

    def measure():
        first = client.get(history).context["page"]
        counts = {
            "history": count_queries(client, history),
            "record": count_queries(client, history, own),
        }
        if first.has_older:
            counts["older"] = count_queries(client, history, {"eldre": first.older})
        return counts

    grow(2)
    small = measure()
    grow(50)
    large = measure()
    assert "older" in large
    small.setdefault("older", large["older"])
    assert small == large, (small, large)
    assert max(large.values()) <= HISTORY_MAX_QUERIES, large
