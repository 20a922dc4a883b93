"""The key pages run a constant number of SQL queries, whatever the number of rows behind them,
and at most 12 (bench P1, ``bench/p1_queries.py``): the case list, the start page, the case page,
the decision page, the plan page and the plan history.

Every statement counts, as in the bench: ``CaptureQueriesContext`` also records BEGIN, COMMIT
and savepoints (Django logs transaction control with the queries), and none is left out here.
The per-request part is three of them: the session, the user with the roles and the second
factor's device (``accounts.backends``), and on a case page the case and its access-log row.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Part
from vedtak import services as vedtak_services

from .factories import make_sak
from .plans import factories as pf
from .vedtak import factories as vf

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
#: The case page: the request and the case (as any page), the decisions and their measures,
#: then every other app's panel through the case page registry – the plan, contractors, the
#: journal, incoming documents, the meetings, the complaints, the requests for access, the
#: referrals and the centre courses – and the page's own lists (parties, siblings, the latest
#: transfer), all in one statement (core.batch). A new panel adds to that statement, not to
#: the count; none may grow with the case.
CASE_PAGE_MAX_QUERIES = 7
#: The decision page: the request and the access check (the case, the decision and its
#: prefetched lists), its access-log row, then its documents with their dispatches and the
#: panels of the apps above (the complaints KLAGE-01, ettervern ETT-02) in one statement
#: (core.batch). A new panel adds to that statement, not to the count.
DECISION_PAGE_MAX_QUERIES = 11


def count_queries(client, url, params=None) -> int:
    client.get(url, params or {})  # as the bench: the activity clock is written on this one
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


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


def _grow_decision(world, sak, vedtak, n):
    for i in range(n):
        services.part_create(
            actor=world.saksbehandler,
            sak_id=sak.pk,
            data={"relasjon": Part.Relasjon.ANNEN, "fornavn": f"V{i}", "etternavn": "X"},
        )
        vedtak_services.vedtak_comment(actor=world.teamleder, vedtak_id=vedtak.pk, text=f"K{i}")


def test_case_and_decision_pages_constant_queries(client, world):
    """The case page with its panels (decisions, measures, contractors, plan) and the decision
    page of a sent decision with its documents."""
    sak = world.sak_a
    vedtak = vf.ekspedert(world, sak=sak)
    client.force_login(world.saksbehandler)
    urls = {
        "case": reverse("cases:detail", kwargs={"sak_id": sak.pk}),
        "vedtak": reverse("vedtak:detail", kwargs={"sak_id": sak.pk, "vedtak_id": vedtak.pk}),
    }
    _grow_decision(world, sak, vedtak, 2)
    small = {name: count_queries(client, url) for name, url in urls.items()}
    _grow_decision(world, sak, vedtak, 25)
    large = {name: count_queries(client, url) for name, url in urls.items()}
    assert small == large
    assert large["case"] <= CASE_PAGE_MAX_QUERIES, large
    assert large["vedtak"] <= DECISION_PAGE_MAX_QUERIES, large


def test_plan_pages_constant_queries(client, world):
    """The plan page and the plan history (PLAN-03), with one version and with several, and
    with evaluations."""
    sak = world.sak_a
    pf.running_plan(world, sak)
    client.force_login(world.saksbehandler)
    urls = {
        "plan": reverse("plans:detail", kwargs={"sak_id": sak.pk}),
        "plan_history": reverse("plans:history", kwargs={"sak_id": sak.pk}),
    }
    small = {name: count_queries(client, url) for name, url in urls.items()}
    for _ in range(3):
        pf.approved(world, sak, new_version=True, goals=pf.GOALS * 3, activities=pf.ACTIVITIES * 3)
        pf.evaluation(world, sak)
    large = {name: count_queries(client, url) for name, url in urls.items()}
    assert small == large
    assert max(large.values()) <= MAX_QUERIES


def test_documents_list_and_row_constant_queries(client, world, settings, tmp_path):
    """Issue 20, finding 11 (DOK-01, DOK-02): the case's documents page and the row a list
    asks for while its letter is being made run the same queries with 2 and 12 documents,
    each sent to every party."""
    from documents.models import Utsending

    from .documents.helpers import make_dokument

    settings.DOCUMENTS_STORAGE = {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "dokumenter")},
    }
    sak = world.sak_a
    parter = list(sak.parter.all())

    def grow(n):
        for _ in range(n):
            dokument = make_dokument(world.saksbehandler, sak)
            for part in parter:
                Utsending.objects.create(
                    dokument=dokument,
                    part=part,
                    kanal="brev",
                    tidspunkt=timezone.now(),
                    registered_by=world.saksbehandler,
                )

    client.force_login(world.saksbehandler)
    url = reverse("documents:list", kwargs={"sak_id": sak.pk})
    grow(2)
    being_made = make_dokument(world.saksbehandler, sak, render=False)
    row = reverse("documents:row", kwargs={"sak_id": sak.pk, "dokument_id": being_made.pk})
    params = {"next": url, "handling": ["register_dispatch", "retry"]}
    small = {"list": count_queries(client, url), "row": count_queries(client, row, params)}
    grow(10)
    large = {"list": count_queries(client, url), "row": count_queries(client, row, params)}
    assert small == large
    assert max(large.values()) <= MAX_QUERIES
