"""DOK-01: a letter always finishes or says why.

A failed attempt leaves the document being made with the time of the next attempt; the sweep
(``documents.retry_stalled``) starts every attempt that is due; after the last one the document
is «Feilet» and the caseworker may try it again. Whatever the attempts, a document has one file
or none, never two. A letter's failure is never the request's that ordered it.

The worker runs in-process here (eager Celery); tests/documents/test_worker.py kills a real one.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from documents import services, tasks
from documents.models import Dokument

from .helpers import TEST_TYPE, make_dokument, sample_letter_registered, stored_path

pytestmark = pytest.mark.django_db

STALLED = timedelta(minutes=10)


@pytest.fixture(autouse=True)
def _attempts(settings):
    settings.DOCUMENTS_RENDER_MAX_ATTEMPTS = 3
    settings.DOCUMENTS_RENDER_BACKOFF = 60
    settings.DOCUMENTS_RENDER_STALLED_AFTER = int(STALLED.total_seconds())


def pdfs(root: Path) -> list[Path]:
    """Every file in the documents' storage (a second file of one document would show here)."""
    return sorted(p for p in root.rglob("*") if p.is_file())


def order(world, *, run_on_commit=True, capture=None) -> Dokument:
    """A document of the test letter ordered through the service; its on-commit render runs
    in-process as it does with no broker (``run_on_commit``)."""
    with sample_letter_registered():
        if not run_on_commit:
            return services.dokument_create(
                actor=world.saksbehandler, sak=world.sak_a, type=TEST_TYPE, source=world.sak_a
            )
        with capture(execute=True):
            dokument = services.dokument_create(
                actor=world.saksbehandler, sak=world.sak_a, type=TEST_TYPE, source=world.sak_a
            )
    dokument.refresh_from_db()
    return dokument


def sweep(at, capture):
    """The beat task at ``at``, its renders run in-process (with the test letter)."""
    with sample_letter_registered(), capture(execute=True):
        return services.dokumenter_retry_stalled(now=at)


class FailOnce:
    """The project's PDF function, raising the first time (a crash in a unit test)."""

    def __init__(self, exc=OSError):
        self.exc = exc
        self.calls = 0

    def __call__(self, html):
        self.calls += 1
        if self.calls == 1:
            raise self.exc("disk full")
        from documents.pdf import letter_to_pdf

        return letter_to_pdf(html)


def test_DOK_01_a_render_that_fails_once_is_made_by_the_next_attempt(
    world, monkeypatch, documents_storage, django_capture_on_commit_callbacks, caplog
):
    broken = FailOnce()
    monkeypatch.setattr(services, "letter_to_pdf", broken)
    caplog.set_level(logging.INFO, logger="documents.services")
    dokument = order(world, capture=django_capture_on_commit_callbacks)
    # The first attempt failed: still being made, the next attempt after the back-off.
    assert dokument.status == Dokument.Status.BESTILT
    assert (dokument.forsok, dokument.feil) == (1, "OSError")
    assert dokument.is_retrying
    first_try = dokument.neste_forsok - timedelta(seconds=60)
    assert abs((first_try - timezone.now()).total_seconds()) < 30
    assert pdfs(documents_storage) == []
    # Not before the back-off has passed.
    assert (
        sweep(dokument.neste_forsok - timedelta(seconds=1), django_capture_on_commit_callbacks)
        == []
    )
    assert sweep(dokument.neste_forsok, django_capture_on_commit_callbacks) == [dokument.pk]
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.FERDIG
    assert (dokument.forsok, dokument.feil, dokument.neste_forsok) == (2, "", None)
    assert services.dokument_verify(dokument)
    assert pdfs(documents_storage) == [stored_path(dokument)]
    # Each attempt logged by the document's id, nothing else about it.
    attempts = [r for r in caplog.records if r.msg == "documents.render_attempt"]
    assert [(r.dokument_id, r.attempt) for r in attempts] == [(dokument.pk, 1), (dokument.pk, 2)]
    failed = [r for r in caplog.records if r.msg == "documents.render_attempt_failed"]
    assert [(r.dokument_id, r.attempt, r.error, r.final) for r in failed] == [
        (dokument.pk, 1, "OSError", False)
    ]


def test_DOK_01_a_render_that_always_fails_ends_feilet_after_the_last_attempt(
    world, documents_storage, django_capture_on_commit_callbacks
):
    def broken(source):
        raise RuntimeError("the child's name would be here")

    with sample_letter_registered(context=broken), django_capture_on_commit_callbacks(execute=True):
        dokument = services.dokument_create(
            actor=world.saksbehandler, sak=world.sak_a, type=TEST_TYPE, source=world.sak_a
        )
    for _ in range(5):  # more sweeps than attempts: the extra ones find nothing
        dokument.refresh_from_db()
        if dokument.neste_forsok is None:
            break
        with (
            sample_letter_registered(context=broken),
            django_capture_on_commit_callbacks(execute=True),
        ):
            services.dokumenter_retry_stalled(now=dokument.neste_forsok)
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.FEILET
    assert dokument.is_failed and not dokument.is_retrying
    assert (dokument.forsok, dokument.feil) == (3, "RuntimeError")  # the class, not the text
    # The back-off doubles: the next attempt 1 minute after the first failure, 2 after the second.
    waits = [
        round((row.neste_forsok - row.history_date).total_seconds())
        for row in dokument.history.filter(
            history_change_reason=gettext("Attempt to make the document failed")
        ).order_by("history_id")
    ]
    assert waits == [60, 120]
    assert pdfs(documents_storage) == []
    # Failed for good: no sweep takes it up again, however late.
    assert services.dokumenter_retry_stalled(now=timezone.now() + timedelta(days=30)) == []
    reasons = list(
        dokument.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons.count(gettext("Attempt to make the document")) == 3
    assert gettext("Document made") not in reasons


def test_DOK_01_the_sweep_takes_a_stalled_document_not_a_fresh_or_made_one(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        tasks.render,
        "apply_async",
        lambda args, kwargs, **options: sent.append((args, kwargs, options)),
    )
    start = timezone.now()
    with time_machine.travel(start - STALLED - timedelta(minutes=1), tick=False):
        stalled = order(world, run_on_commit=False)  # its task was lost
    made = make_dokument(world.saksbehandler, world.sak_a)
    with time_machine.travel(start - timedelta(minutes=2), tick=False):
        fresh = order(world, run_on_commit=False)
    assert {stalled.status, fresh.status} == {Dokument.Status.BESTILT}
    assert services.dokumenter_retry_stalled(now=start) == [stalled.pk]
    assert sent == [((stalled.pk,), {"attempt": 1}, {"expires": STALLED.total_seconds()})]
    assert made.status == Dokument.Status.FERDIG


def test_DOK_01_the_sweep_run_twice_makes_the_letter_once(world, monkeypatch, documents_storage):
    sent = []
    monkeypatch.setattr(
        tasks.render, "apply_async", lambda args, kwargs, **options: sent.append((args, kwargs))
    )
    dokument = order(world, run_on_commit=False)
    later = timezone.now() + STALLED + timedelta(seconds=1)
    services.dokumenter_retry_stalled(now=later)
    services.dokumenter_retry_stalled(now=later)  # a second beat, or two at once
    assert sent == [((dokument.pk,), {"attempt": 1})] * 2
    monkeypatch.undo()
    with sample_letter_registered():
        for args, kwargs in sent:  # both messages are delivered
            tasks.render.apply(args=args, kwargs=kwargs).get()
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.FERDIG
    assert dokument.forsok == 1  # the second task found its attempt started and did nothing
    assert pdfs(documents_storage) == [stored_path(dokument)]
    assert dokument.history.filter(history_change_reason=gettext("Document made")).count() == 1


def test_DOK_01_an_attempt_that_never_finished_leaves_no_second_file(
    world, documents_storage, django_capture_on_commit_callbacks
):
    """A worker killed after writing the file (its transaction never committed): the next
    attempt writes the same name, it does not add a file beside it."""
    dokument = order(world, run_on_commit=False)
    started = services._attempt_start(dokument.pk, 1)  # and then the worker died
    leftover = documents_storage / started.file_name
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"%PDF-1.7 half a letter")
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.BESTILT and not dokument.fil
    assert sweep(dokument.neste_forsok, django_capture_on_commit_callbacks) == [dokument.pk]
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.FERDIG
    assert dokument.forsok == 2
    assert pdfs(documents_storage) == [leftover] == [stored_path(dokument)]
    assert services.dokument_verify(dokument)


def test_DOK_01_a_last_attempt_that_never_finished_is_feilet_and_its_file_removed(
    world, documents_storage, django_capture_on_commit_callbacks
):
    dokument = order(world, run_on_commit=False)
    for attempt in (1, 2, 3):
        started = services._attempt_start(dokument.pk, attempt)  # each worker killed
    leftover = documents_storage / started.file_name
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"%PDF-1.7 half a letter")
    dokument.refresh_from_db()
    assert services._attempt_start(dokument.pk, 4) is None  # no fourth attempt
    assert sweep(dokument.neste_forsok, django_capture_on_commit_callbacks) == []
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.FEILET
    assert dokument.feil == services.NOT_FINISHED
    assert dokument.neste_forsok is None
    assert pdfs(documents_storage) == []


def test_DOK_01_a_commit_that_fails_after_the_file_was_written_leaves_no_file(
    world, monkeypatch, documents_storage, django_capture_on_commit_callbacks, caplog
):
    """The file is written, then saving the row raises (a locked database): the render task
    raises, no file is left behind, and the order's caller never sees it (no broker: the
    task ran in-process)."""
    original = services._save
    failures = []

    def locked_once(instance, *, reason, **kwargs):
        if reason == gettext("Document made") and not failures:
            failures.append(instance.pk)
            raise OperationalError("database is locked")
        return original(instance, reason=reason, **kwargs)

    monkeypatch.setattr(services, "_save", locked_once)
    dokument = order(world, capture=django_capture_on_commit_callbacks)  # raises nothing
    assert failures == [dokument.pk]
    assert dokument.status == Dokument.Status.BESTILT
    assert dokument.forsok == 1
    assert pdfs(documents_storage) == []
    assert [
        (r.dokument_id, r.error) for r in caplog.records if r.msg == "documents.render_not_started"
    ] == [(dokument.pk, "OperationalError")]
    assert sweep(dokument.neste_forsok, django_capture_on_commit_callbacks) == [dokument.pk]
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.FERDIG
    assert pdfs(documents_storage) == [stored_path(dokument)]


def test_DOK_01_a_broker_that_is_down_leaves_the_letter_to_the_sweep(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(tasks.render, "apply_async", down)
    dokument = order(world, capture=django_capture_on_commit_callbacks)
    assert dokument.status == Dokument.Status.BESTILT
    assert (dokument.forsok, dokument.neste_forsok) == (0, None)
    later = dokument.created_at + STALLED
    assert services.dokumenter_retry_stalled(now=later - timedelta(seconds=1)) == []
    assert services.dokumenter_retry_stalled(now=later) == []  # still down: tried, not handed
    monkeypatch.undo()
    assert sweep(later, django_capture_on_commit_callbacks) == [dokument.pk]
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.FERDIG


def test_DOK_01_the_retry_task_contract():
    assert tasks.retry_stalled.name == "documents.retry_stalled"
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["documents-retry-stalled"]
    assert entry["task"] == "documents.retry_stalled"


# --- «Prøv igjen» --------------------------------------------------------------------------


def failed(world) -> Dokument:
    """A document whose three attempts never finished, given up by the sweep."""
    dokument = order(world, run_on_commit=False)
    for attempt in (1, 2, 3):
        services._attempt_start(dokument.pk, attempt)
    services.dokumenter_retry_stalled(now=timezone.now() + timedelta(days=1))
    dokument.refresh_from_db()
    assert dokument.is_failed
    return dokument


def retry_url(dokument) -> str:
    return reverse(
        "documents:retry", kwargs={"sak_id": dokument.sak_id, "dokument_id": dokument.pk}
    )


def list_url(dokument) -> str:
    return reverse("documents:list", kwargs={"sak_id": dokument.sak_id})


def test_DOK_01_failed_letter_shows_feilet_with_an_explanation_and_a_button(client, world):
    dokument = failed(world)
    client.force_login(world.saksbehandler)
    html = client.get(list_url(dokument)).content.decode()
    assert "Feilet" in html
    assert "Brevet kunne ikke lages. Prøv igjen, eller kontakt systemansvarlig" in html
    assert f'action="{retry_url(dokument)}"' in html
    assert "Prøv igjen" in html
    assert "Lages …" not in html


def test_DOK_01_a_letter_being_tried_again_says_when(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "letter_to_pdf", FailOnce())
    dokument = order(world, capture=django_capture_on_commit_callbacks)
    client.force_login(world.saksbehandler)
    html = client.get(list_url(dokument)).content.decode()
    at = timezone.localtime(dokument.neste_forsok).strftime("%H.%M")
    assert "Lages …" in html
    assert f"Nytt forsøk kl. {at}" in html
    assert retry_url(dokument) not in html


@pytest.mark.parametrize("role", ["saksbehandler", "teamleder", "barnevernleder"])
def test_DOK_01_try_again_orders_the_letter_anew(
    client, world, role, documents_storage, django_capture_on_commit_callbacks
):
    dokument = failed(world)
    client.force_login(getattr(world, role))
    assert client.get(retry_url(dokument)).status_code == 200
    with sample_letter_registered(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url(dokument), {"next": list_url(dokument)})
    assert response.status_code == 302
    assert response["Location"] == list_url(dokument)
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.FERDIG
    assert dokument.forsok == 1  # the attempts started over
    assert pdfs(documents_storage) == [stored_path(dokument)]
    reasons = dokument.history.values_list("history_change_reason", "history_user_id")
    assert (gettext("Document ordered again"), getattr(world, role).pk) in reasons


def test_DOK_01_try_again_twice_orders_once(client, world, django_capture_on_commit_callbacks):
    dokument = failed(world)
    client.force_login(world.saksbehandler)
    with django_capture_on_commit_callbacks() as first:
        assert client.post(retry_url(dokument)).status_code == 302
    response = client.post(retry_url(dokument), follow=True)  # a second click
    assert "kan prøves igjen" in response.content.decode()
    assert len(first) == 1
    assert (
        dokument.history.filter(history_change_reason=gettext("Document ordered again")).count()
        == 1
    )


@pytest.mark.parametrize(
    "role", ["saksbehandler_b", "teamleder_b", "annen_tjeneste", "kontorfaglig", "uten_rolle"]
)
def test_ROLE_02_try_again_answers_404_to_other_teams_and_municipalities(client, world, role):
    dokument = failed(world)
    client.force_login(getattr(world, role))
    assert client.get(retry_url(dokument)).status_code == 404
    assert client.post(retry_url(dokument)).status_code == 404
    dokument.refresh_from_db()
    assert dokument.is_failed


def test_ROLE_02_try_again_a_document_of_another_case_answers_404(client, world):
    other = failed(world)
    client.force_login(world.barnevernleder)  # sees both cases
    url = reverse("documents:retry", kwargs={"sak_id": world.sak_b.pk, "dokument_id": other.pk})
    assert client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.is_failed


def test_DOK_01_try_again_needs_csrf(world):
    from ..conftest import Client

    dokument = failed(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.saksbehandler)
    assert client.post(retry_url(dokument)).status_code == 403


# --- A letter's failure is not the request's -----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_DOK_01_an_advance_notice_saved_answers_its_redirect_when_its_letter_fails(
    client, world, monkeypatch, documents_storage
):
    """No broker (the demo): the notice's letters render in-process when the notice commits.
    The database is locked when the render starts: the notice is saved, the answer is the
    redirect (not an error page), and the letters wait for the sweep, which makes them."""
    from vedtak.models import Forhandsvarsel

    from ..vedtak import factories as vf

    v = vf.draft(world)
    parter = list(v.sak.parter.filter(aktiv=True))

    def locked(dokument_id, expected):
        raise OperationalError("database is locked")

    with monkeypatch.context() as patched:
        patched.setattr(services, "_attempt_start", locked)
        client.force_login(world.saksbehandler)
        response = client.post(
            reverse("vedtak:forhandsvarsel", kwargs={"sak_id": v.sak_id, "vedtak_id": v.pk}),
            {
                "mottakere": [f"part-{p.pk}" for p in parter],
                "sendt": timezone.localdate().isoformat(),
                "frist": (timezone.localdate() + timedelta(days=14)).isoformat(),
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "vedtak:detail", kwargs={"sak_id": v.sak_id, "vedtak_id": v.pk}
    )
    assert Forhandsvarsel.objects.filter(vedtak=v).count() == len(parter)
    letters = Dokument.objects.filter(sak=v.sak, type=Dokument.Type.FORHANDSVARSEL)
    assert letters.count() == len(parter)
    assert set(letters.values_list("status", "forsok")) == {(Dokument.Status.BESTILT, 0)}
    # The case's documents show them being made; the sweep makes them.
    html = client.get(reverse("documents:list", kwargs={"sak_id": v.sak_id})).content.decode()
    assert "Lages …" in html
    later = max(letters.values_list("created_at", flat=True)) + STALLED
    assert sorted(services.dokumenter_retry_stalled(now=later)) == sorted(
        letters.values_list("pk", flat=True)
    )
    assert set(letters.values_list("status", flat=True)) == {Dokument.Status.FERDIG}
    assert len(pdfs(documents_storage)) == len(parter)


@pytest.mark.django_db(transaction=True)
def test_DOK_01_with_no_beat_the_web_process_sweeps_after_a_response(
    client, world, settings, monkeypatch, documents_storage
):
    """No broker, no beat (``make run``): a letter whose task was lost is made after the next
    response the app gives, at most once a minute, and never inside the response."""
    from documents import receivers

    settings.DOCUMENTS_SWEEP_AFTER_REQUESTS = True
    settings.DOCUMENTS_SWEEP_INTERVAL = 60
    monkeypatch.setattr(receivers, "_last_run", float("-inf"))

    def lost(world):
        with monkeypatch.context() as patched:
            patched.setattr(tasks.render, "apply_async", lambda *args, **kwargs: None)
            with time_machine.travel(timezone.now() - STALLED - timedelta(minutes=1), tick=False):
                return order(world, run_on_commit=False)

    first = lost(world)
    client.force_login(world.saksbehandler)
    with sample_letter_registered():
        response = client.get(list_url(first))
    assert response.status_code == 200
    assert "Lages …" in response.content.decode()  # the page was made before the sweep ran
    first.refresh_from_db()
    assert first.status == Dokument.Status.FERDIG
    assert pdfs(documents_storage) == [stored_path(first)]
    # Within the minute the next response sweeps nothing.
    second = lost(world)
    with sample_letter_registered():
        assert client.get(list_url(second)).status_code == 200
    second.refresh_from_db()
    assert second.status == Dokument.Status.BESTILT


def test_DOK_01_try_again_returns_only_to_this_site(client, world):
    dokument = failed(world)
    client.force_login(world.saksbehandler)
    response = client.post(retry_url(dokument), {"next": "https://elsewhere.example/"})
    assert response.status_code == 302
    assert response["Location"] == list_url(dokument)
