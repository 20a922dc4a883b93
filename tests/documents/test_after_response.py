"""DOK-01 (issue 20, finding 11): letters are made by the worker, never inside the request.

With no broker (the embedded default, Celery eager) a task handed over while a request is being
answered runs after the response has gone (``hjelpetiltak.celery``): the page answers at once
with «Lages …». Django's test client closes the response before it returns, so a test sees the
letter made as soon as the request returns. Outside a request (a command, the shell, a service
called by a test) the task runs at once. A row being made asks for itself again (htmx) until
the letter is made or failed, and then says so in the list's polite live region.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core.handlers.base import BaseHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import sessions
from documents import actions, services
from documents.models import Dokument, Utsending

from .helpers import TEST_TYPE, make_dokument, sample_letter_registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(monkeypatch):
    """The order of what happens: "response" when the handler has made the response, "render"
    when a letter's PDF is made."""
    seen: list[str] = []
    get_response = BaseHandler.get_response
    letter_to_pdf = services.letter_to_pdf

    def responding(self, request):
        response = get_response(self, request)
        seen.append("response")
        return response

    def rendering(html):
        seen.append("render")
        return letter_to_pdf(html)

    monkeypatch.setattr(BaseHandler, "get_response", responding)
    monkeypatch.setattr(services, "letter_to_pdf", rendering)
    return seen


def _notice(client, v, parter):
    return client.post(
        reverse("vedtak:forhandsvarsel", kwargs={"sak_id": v.sak_id, "vedtak_id": v.pk}),
        {
            "mottakere": [f"part-{p.pk}" for p in parter],
            "sendt": timezone.localdate().isoformat(),
            "frist": (timezone.localdate() + timedelta(days=14)).isoformat(),
        },
    )


@pytest.mark.django_db(transaction=True)
def test_DOK_01_the_advance_notice_answers_before_its_letters_are_made(
    client, world, events, documents_storage
):
    """The advance-notice submit (4.3 s with its letters made inline): the response is made
    before any letter; the letters are made right after it, no broker needed."""
    from ..vedtak import factories as vf

    v = vf.draft(world)
    parter = list(v.sak.parter.filter(aktiv=True))
    client.force_login(world.saksbehandler)
    events.clear()
    response = _notice(client, v, parter)
    assert response.status_code == 302
    assert events[0] == "response"
    assert events.count("render") >= 1
    assert "render" not in events[: events.index("response")]
    letters = Dokument.objects.filter(sak=v.sak, type=Dokument.Type.FORHANDSVARSEL)
    assert letters.exists()
    assert set(letters.values_list("status", flat=True)) == {Dokument.Status.FERDIG}


@pytest.mark.django_db(transaction=True)
def test_DOK_01_the_page_says_being_made_and_the_letter_follows_the_response(
    client, world, events, documents_storage, monkeypatch
):
    """The page a letter's order returns to says «Lages …»: it was made before the letter."""
    from ..vedtak import factories as vf

    v = vf.draft(world)
    parter = list(v.sak.parter.filter(aktiv=True))
    client.force_login(world.saksbehandler)
    pages: list[str] = []
    get_response = BaseHandler.get_response

    def responding(self, request):
        response = get_response(self, request)
        if request.method == "GET":
            pages.append(response.content.decode())
        return response

    monkeypatch.setattr(BaseHandler, "get_response", responding)
    response = _notice(client, v, parter)
    # The page of the decision, asked for while the letters are still being made (as a
    # browser following the redirect at once would, before the render has finished).
    letters = Dokument.objects.filter(sak=v.sak, type=Dokument.Type.FORHANDSVARSEL)
    letters.update(status=Dokument.Status.BESTILT)  # as it was when the redirect was answered
    html = client.get(response["Location"]).content.decode()
    assert "Lages …" in html
    assert 'hx-trigger="every 2s"' in html
    assert 'aria-live="polite"' in html


@pytest.mark.django_db(transaction=True)
def test_DOK_01_outside_a_request_the_letter_is_made_at_once(world, events, documents_storage):
    """A command, the shell, a service called here: no response to wait for."""
    with sample_letter_registered():
        dokument = services.dokument_create(
            actor=world.saksbehandler, sak=world.sak_a, type=TEST_TYPE, source=world.sak_a
        )
    assert events == ["render"]
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.FERDIG


@pytest.mark.django_db(transaction=True)
def test_DOK_01_a_render_failing_after_the_response_is_logged_and_left_to_the_sweep(
    client, world, monkeypatch, documents_storage, caplog
):
    from ..vedtak import factories as vf

    v = vf.draft(world)
    parter = list(v.sak.parter.filter(aktiv=True))

    def broken(html):
        raise OSError("disk full")

    monkeypatch.setattr(services, "letter_to_pdf", broken)
    client.force_login(world.saksbehandler)
    with caplog.at_level(logging.WARNING):
        assert _notice(client, v, parter).status_code == 302
    letters = Dokument.objects.filter(sak=v.sak, type=Dokument.Type.FORHANDSVARSEL)
    # The attempt counted, the next one set: the sweep's (DOK-01), as with a worker.
    assert {(d.status, d.forsok, d.feil) for d in letters} == {
        (Dokument.Status.BESTILT, 1, "OSError")
    }
    assert all(d.neste_forsok for d in letters)
    assert "documents.render_attempt_failed" in [r.msg for r in caplog.records]


@pytest.mark.django_db(transaction=True)
def test_DOK_01_a_task_that_raises_after_the_response_never_reaches_the_user(
    client, world, monkeypatch, documents_storage, caplog
):
    """Whatever an eager task raises after the response is logged by the task's name."""
    from documents import tasks

    from ..vedtak import factories as vf

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "dokument_render", crash)
    v = vf.draft(world)
    parter = list(v.sak.parter.filter(aktiv=True))
    client.force_login(world.saksbehandler)
    assert _notice(client, v, parter).status_code == 302
    failed = [r for r in caplog.records if r.msg == "tasks.deferred_failed"]
    assert failed
    assert {r.task for r in failed} == {tasks.render.name}
    letters = Dokument.objects.filter(sak=v.sak, type=Dokument.Type.FORHANDSVARSEL)
    assert set(letters.values_list("status", flat=True)) == {Dokument.Status.BESTILT}


# --- The row that asks for itself ------------------------------------------------------------


def row_url(dokument) -> str:
    return reverse("documents:row", kwargs={"sak_id": dokument.sak_id, "dokument_id": dokument.pk})


def test_DOK_01_a_row_being_made_polls_and_a_made_one_does_not(client, world):
    being_made = make_dokument(world.saksbehandler, world.sak_a, render=False)
    made = make_dokument(world.saksbehandler, world.sak_a)
    client.force_login(world.saksbehandler)
    html = client.get(reverse("documents:list", kwargs={"sak_id": world.sak_a.pk})).content
    html = html.decode()
    assert "Lages …" in html
    poll = f'hx-get="{row_url(being_made)}?'
    assert poll in html
    assert html.count("hx-get=") == 1  # the made one does not ask
    assert f'id="dokument-{made.pk}"' in html
    # The list's live region: polite, empty until a letter is made.
    region = 'role="status" aria-live="polite" id="dokumenter-melding"></p>'
    assert html.count("dokumenter-melding") == 1
    assert region in html
    # The list's actions and its way back travel with the row.
    list_path = reverse("documents:list", kwargs={"sak_id": world.sak_a.pk})
    assert "handling=register_dispatch" in html
    assert f"next={list_path.replace('/', '%2F')}" in html


def test_DOK_01_the_row_answers_being_made_then_made_with_a_polite_message(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a, render=False)
    client.force_login(world.saksbehandler)
    list_path = reverse("documents:list", kwargs={"sak_id": world.sak_a.pk})
    params = {"next": list_path, "handling": list(actions.ALL)}
    html = client.get(row_url(dokument), params).content.decode()
    assert html.startswith(f'<tr id="dokument-{dokument.pk}" hx-get=')
    assert "Lages …" in html
    assert "dokumenter-melding" not in html  # nothing to say yet
    with sample_letter_registered():
        services.dokument_render(dokument_id=dokument.pk)
    html = client.get(row_url(dokument), params).content.decode()
    assert "hx-get" not in html  # made: the row stops asking
    assert "Last ned PDF" in html
    # The dispatch link returns to the list the row came from.
    assert f"?next={list_path}" in html
    assert '<p id="dokumenter-melding" hx-swap-oob="innerHTML">' in html
    assert f"Dokumentet er klart: {dokument.get_type_display()}, versjon 1." in html


def test_DOK_01_a_failed_row_stops_asking_and_says_so(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a, render=False)
    Dokument.objects.filter(pk=dokument.pk).update(status=Dokument.Status.FEILET, feil="OSError")
    client.force_login(world.saksbehandler)
    html = client.get(row_url(dokument)).content.decode()
    assert "hx-get" not in html
    assert "Dokumentet kunne ikke lages" in html
    assert "Prøv igjen" in html


def test_DOK_01_a_row_waiting_for_its_next_attempt_asks_less_often(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a, render=False)
    Dokument.objects.filter(pk=dokument.pk).update(
        forsok=1, feil="OSError", neste_forsok=timezone.now() + timedelta(minutes=1)
    )
    client.force_login(world.saksbehandler)
    html = client.get(row_url(dokument)).content.decode()
    assert 'hx-trigger="every 20s"' in html


def test_DOK_01_the_row_goes_back_only_to_this_site(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    client.force_login(world.saksbehandler)
    html = client.get(row_url(dokument), {"next": "https://elsewhere.example/"}).content.decode()
    assert "elsewhere" not in html
    html = client.get(row_url(dokument), {"handling": "nonsense"}).content.decode()
    assert "nonsense" not in html


def test_ROLE_02_the_row_answers_404_outside_the_team(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a, render=False)
    client.force_login(world.saksbehandler_b)
    assert client.get(row_url(dokument)).status_code == 404


def test_ROLE_02_a_row_of_another_case_answers_404(client, world):
    from ..factories import make_sak

    dokument = make_dokument(world.saksbehandler, world.sak_a, render=False)
    other = make_sak(world.saksbehandler, world.team_a)
    client.force_login(world.saksbehandler)
    url = reverse("documents:row", kwargs={"sak_id": other.pk, "dokument_id": dokument.pk})
    assert client.get(url).status_code == 404


def test_ROLE_03_each_ask_is_a_logged_read_and_not_activity(client, world):
    from core.models import AccessLogEntry

    dokument = make_dokument(world.saksbehandler, world.sak_a, render=False)
    client.force_login(world.saksbehandler)
    client.get(reverse("documents:list", kwargs={"sak_id": world.sak_a.pk}))
    before = AccessLogEntry.objects.count()
    session = client.session
    session[sessions.LAST_SEEN] = session[sessions.LAST_SEEN] - 10 * sessions.ACTIVITY_RESOLUTION
    session.save()
    seen = client.session[sessions.LAST_SEEN]
    assert client.get(row_url(dokument)).status_code == 200
    assert AccessLogEntry.objects.count() == before + 1
    assert client.session[sessions.LAST_SEEN] == seen  # asking is not activity


def test_the_row_runs_a_fixed_number_of_queries(client, world):
    dokument = make_dokument(world.saksbehandler, world.sak_a)
    client.force_login(world.saksbehandler)
    client.get(row_url(dokument))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(row_url(dokument), {"handling": list(actions.ALL)}).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for part in world.sak_a.parter.all():
        Utsending.objects.create(
            dokument=dokument,
            part=part,
            kanal="brev",
            tidspunkt=timezone.now(),
            registered_by=world.saksbehandler,
        )
    assert count() == small <= 10


# --- The background thread of a server -------------------------------------------------------


def test_DOK_01_a_server_hands_the_requests_tasks_to_its_background_thread():
    """Under a real server (its handler named) the request's thread does not run the tasks: it
    goes back to its connection at once (a browser reuses it for the redirect), and the
    process's background thread runs them, in order."""
    import threading

    from django.core.handlers.wsgi import WSGIHandler

    from hjelpetiltak import celery

    release = threading.Event()
    done = threading.Event()
    ran: list[tuple[int, str]] = []

    @celery.app.task(name="tests.after_response_probe")
    def probe(n: int) -> None:
        release.wait(10)
        ran.append((n, threading.current_thread().name))
        if n == 2:
            done.set()

    celery._request_started()
    assert probe.delay(1) is None
    assert probe.delay(2) is None
    assert ran == []  # not in the request
    celery._request_finished(sender=WSGIHandler)
    assert ran == []  # nor in its thread after it
    release.set()
    assert done.wait(10)
    assert ran == [(1, "eager-tasks"), (2, "eager-tasks")]
    # Outside a request: at once, here.
    release.clear()
    release.set()
    probe.delay(3)
    assert ran[-1] == (3, threading.current_thread().name)
