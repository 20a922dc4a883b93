"""The action table of documents (documents/actions.py): each role is offered exactly its
actions on a document in each state (DOK-01, DOK-02, ROLE-01), the lists render those offers
and the status tag takes its colour from the model."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from documents import services
from documents.actions import DOKUMENT
from documents.models import Dokument
from documents.selectors import dokumenter_for

from ..conftest import World
from .helpers import make_dokument

pytestmark = pytest.mark.django_db


def _offered(dokument, world) -> dict[str, set[str]]:
    return {
        role: {o.name for o in DOKUMENT.offers(dokument, user)}
        for role, user in world.users().items()
    }


def _expect(**by_role) -> dict[str, set[str]]:
    return {role: set(by_role.get(role, ())) for role in World.USERS}


@pytest.fixture
def failed(world, settings):
    """A letter whose attempts all stalled, given up by the sweep (as in test_retry.py)."""
    settings.DOCUMENTS_RENDER_MAX_ATTEMPTS = 1
    dokument = make_dokument(world.saksbehandler, world.sak_a, render=False)
    services._attempt_start(dokument.pk, 1)
    services.dokumenter_retry_stalled(now=timezone.now() + timedelta(days=1))
    dokument.refresh_from_db()
    assert dokument.is_failed
    return dokument


def test_DOK_02_DOK_01_the_offers_by_role_and_state(world, failed):
    made = make_dokument(world.saksbehandler, world.sak_a)
    # DOK-02: the case's team registers who got a made document.
    team = {"register_dispatch"}
    assert _offered(made, world) == _expect(saksbehandler=team, teamleder=team)
    # Being made: nothing to do yet.
    assert _offered(make_dokument(world.saksbehandler, world.sak_a, render=False), world) == (
        _expect()
    )
    # DOK-01: a letter that could not be made is ordered again by whoever orders the case's
    # letters: its team and its head of service.
    again = {"retry"}
    assert _offered(failed, world) == _expect(
        saksbehandler=again, teamleder=again, barnevernleder=again
    )


@pytest.mark.parametrize(
    ("status", "color"),
    [("bestilt", "neutral"), ("ferdig", "info"), ("feilet", "danger"), ("sendt", "success")],
)
def test_the_status_colour_comes_from_the_model(status, color):
    assert Dokument(status=status).status_color == color


def test_the_documents_page_renders_each_documents_offers(client, world, failed):
    made = make_dokument(world.saksbehandler, world.sak_a)
    dispatch = reverse("documents:dispatch", kwargs={"sak_id": made.sak_id, "dokument_id": made.pk})
    retry = reverse("documents:retry", kwargs={"sak_id": failed.sak_id, "dokument_id": failed.pk})
    client.force_login(world.saksbehandler)
    html = client.get(reverse("documents:list", kwargs={"sak_id": world.sak_a.pk})).content
    html = html.decode()
    assert f'href="{dispatch}' in html
    assert f'action="{retry}"' in html
    assert 'data-color="danger"' in html and 'data-color="info"' in html
    # Not the failed document's dispatch, nor the made one's retry.
    assert (
        reverse("documents:dispatch", kwargs={"sak_id": failed.sak_id, "dokument_id": failed.pk})
        not in html
    )
    assert (
        reverse("documents:retry", kwargs={"sak_id": made.sak_id, "dokument_id": made.pk})
        not in html
    )


def test_a_list_on_another_page_offers_only_to_try_again(world, failed):
    """A decision's, a plan's or an evaluation's page lists its letters without naming the
    actions: the list offers to try a failed one again, and leaves the dispatch to the
    record's own «send out» (documents.actions.LIST_ACTIONS)."""
    made = make_dokument(world.saksbehandler, world.sak_a)
    request = RequestFactory().get("/")
    request.user = world.saksbehandler
    template = engines["django"].from_string(
        '{% include "documents/_dokument_list.html" with next="/back/" %}'
    )
    html = template.render(
        {"dokumenter": dokumenter_for(world.sak_a.pk), "sak": world.sak_a}, request
    )
    assert reverse("documents:download", args=[made.sak_id, made.pk]) in html
    assert reverse("documents:dispatch", args=[made.sak_id, made.pk]) not in html
    assert f'action="{reverse("documents:retry", args=[failed.sak_id, failed.pk])}"' in html
