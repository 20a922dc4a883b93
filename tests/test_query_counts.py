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
