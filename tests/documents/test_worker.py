"""DOK-01 with a real Celery worker against the real Redis: the order commits, the worker
picks the id up from the broker and renders the PDF; a worker killed in the middle of a letter
leaves it to the next attempt, which makes it with one file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

from documents import services
from documents.models import Dokument

from .helpers import TEST_TYPE, pdf_text, sample_letter_registered, stored_path

BROKER = os.environ.get("DOCUMENTS_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _drop_connection_pools(app) -> None:
    """Celery caches its connection pools on first use (an eager test may already have built
    them for the default broker): drop them, so that the next use reads ``broker_url``.
    ``close()`` also takes the app out of Celery's active apps, so that a task module imported
    afterwards would not register with it: it is put back."""
    from celery._state import _register_app

    app.close()
    _register_app(app)
    app.amqp._producer_pool = None


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_DOK_01_real_worker_renders_the_pdf(world, settings):
    if not _redis_up():
        pytest.skip(f"no Redis at {BROKER}")
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_prerun

    from hjelpetiltak.celery import app

    runs = []

    def record(sender=None, task_id=None, task=None, **kwargs):
        runs.append((task.name, task.request.is_eager, task.request.hostname))

    task_prerun.connect(record, weak=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    old = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
    # A Redis database of the tests' own, emptied first: the worker sees only this test's task.
    app.conf.update(broker_url=BROKER, task_always_eager=False, result_backend=None)
    _drop_connection_pools(app)
    try:
        app.control.purge()
        with (
            sample_letter_registered(),
            start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30),
        ):
            dokument = services.dokument_create(
                actor=world.saksbehandler, sak=world.sak_a, type=TEST_TYPE, source=world.sak_a
            )
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                dokument.refresh_from_db()
                if dokument.status != Dokument.Status.BESTILT:
                    break
                time.sleep(0.2)
    finally:
        task_prerun.disconnect(record)
        app.conf.update(old)
        _drop_connection_pools(app)
        connection.close()
    # The worker ran it, taken from the broker, not in-process.
    assert [(name, eager) for name, eager, _host in runs] == [("documents.render", False)]
    assert runs[0][2]
    assert dokument.status == Dokument.Status.FERDIG, dokument.feil
    assert services.dokument_verify(dokument)
    text = pdf_text(stored_path(dokument))
    assert world.sak_a.saksnummer in text
    assert "Side 1 av 1" in text


# --- A worker killed in the middle of a letter --------------------------------------------------

ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture
def broker(settings):
    """The Celery app pointed at the tests' own Redis database, emptied first."""
    import redis

    if not _redis_up():
        pytest.skip(f"no Redis at {BROKER}")
    from hjelpetiltak.celery import app

    db = redis.Redis.from_url(BROKER, socket_connect_timeout=1)
    db.flushdb()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    keys = ("broker_url", "task_always_eager", "result_backend")
    old = {k: app.conf[k] for k in keys}
    app.conf.update(broker_url=BROKER, task_always_eager=False, result_backend=None)
    _drop_connection_pools(app)
    try:
        yield app
    finally:
        app.conf.update(old)
        _drop_connection_pools(app)
        db.flushdb()
        connection.close()


def _start_worker(env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "hjelpetiltak",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _wait(predicate, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_DOK_01_a_worker_killed_mid_render_leaves_the_letter_to_the_sweep_with_one_file(
    broker, world, documents_storage, tmp_path
):
    """The worker writes the letter's file and is killed (SIGKILL) before its transaction
    commits. The letter stays being made with its attempt counted; a new worker takes the
    sweep's next attempt and makes it: one file (the same name, replaced), never two."""
    from vedtak import services as vedtak_services

    from ..vedtak import factories as vf

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.documents.worker_settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": BROKER,
        "DOCUMENTS_TEST_ROOT": str(documents_storage),
        "PYTHONPATH": str(ROOT),
    }
    log = tmp_path / "worker.log"
    v = vf.draft(world)
    part = v.sak.parter.filter(aktiv=True).first()
    today = timezone.localdate()
    first = _start_worker({**env, "DOCUMENTS_TEST_SAVE_DELAY": "120"}, log)
    second = None
    try:
        # A real letter (the worker has the real registry): the advance notice to one party.
        vedtak_services.forhandsvarsel_send(
            actor=world.saksbehandler,
            vedtak_id=v.pk,
            mottakere=[f"part-{part.pk}"],
            sendt=today,
            frist=today + timedelta(days=14),
        )
        dokument = Dokument.objects.get(sak=v.sak, type=Dokument.Type.FORHANDSVARSEL)
        assert _wait(lambda: _files(documents_storage), timeout=90), log.read_text()
        # The file is written; the worker waits before it commits: kill it there.
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        dokument.refresh_from_db()
        assert dokument.status == Dokument.Status.BESTILT
        assert dokument.forsok == 1  # the killed attempt counts
        assert not dokument.fil
        assert len(_files(documents_storage)) == 1  # what it left

        second = _start_worker(env, log)

        def made() -> bool:
            dokument.refresh_from_db()
            if dokument.status != Dokument.Status.BESTILT:
                return True
            if dokument.forsok < 2:
                # The beat, once the killed attempt's time is up (the clock moved, not waited).
                later = timezone.now() + timedelta(
                    seconds=django_settings.DOCUMENTS_RENDER_STALLED_AFTER + 1
                )
                services.dokumenter_retry_stalled(now=later)
            return False

        assert _wait(made, timeout=120, step=1.0), log.read_text()
        # The killed attempt's own message comes back too (acks_late): it does nothing.
        time.sleep(5)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(timeout=10)
        if second is not None:
            _stop(second)
    dokument.refresh_from_db()
    assert dokument.status == Dokument.Status.FERDIG, (dokument.feil, log.read_text())
    assert dokument.forsok == 2
    assert _files(documents_storage) == [stored_path(dokument)]
    assert services.dokument_verify(dokument)
    assert dokument.history.filter(history_change_reason=gettext("Document made")).count() == 1
    assert services.dokumenter_retry_stalled(now=timezone.now() + timedelta(days=1)) == []
