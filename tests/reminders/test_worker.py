"""FRIST-03 with real Celery workers against the real Redis (db 13): the nightly run delivers
one digest per person, a re-run delivers nothing new, and a worker killed in the middle of
the run loses nothing and sends nothing twice once a new worker takes over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from hjelpetiltak.celery import app as celery_app
from reminders.models import Paminnelse
from reminders.tasks import run_nightly

from ..factories import make_sak

BROKER = os.environ.get("REMINDERS_TEST_BROKER_URL", "redis://127.0.0.1:6379/13")
ROOT = Path(settings.BASE_DIR)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _redis():
    return redis.Redis.from_url(BROKER, socket_connect_timeout=1)


def _redis_up() -> bool:
    try:
        return bool(_redis().ping())
    except redis.RedisError:
        return False


@pytest.fixture
def broker(settings):
    """The project's Celery app pointed at the tests' own Redis database, emptied first, and
    put back as it was afterwards. The app is shared by every test of the session: it is
    never closed, only its cached broker connections are dropped (:func:`_reset_connections`).
    """
    if not _redis_up():
        pytest.skip(f"no Redis at {BROKER}")
    app = celery_app
    _redis().flushdb()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    keys = ("broker_url", "task_always_eager", "result_backend", "broker_transport_options")
    old = {k: app.conf[k] for k in keys}
    app.conf.update(
        broker_url=BROKER,
        task_always_eager=False,
        result_backend=None,
        broker_transport_options={"visibility_timeout": 4},
    )
    _reset_connections(app)
    try:
        yield app
    finally:
        app.conf.update(old)
        _reset_connections(app)
        _redis().flushdb()
        connection.close()


def _reset_connections(app) -> None:
    """Forget the broker connections the app cached (an eager test, or the test before, may
    have made them for another broker), so that the next use reads ``broker_url``.

    Not ``app.close()``: that also takes the app out of Celery's registry of apps, after which
    ``delay()`` and a task module imported later find another (default) app, and the file
    fails when run alone or after another that did it."""
    # Only the references: kombu keeps the pools in a registry by broker, and a pool closed
    # here would be handed back, closed, the next time the same broker is used.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def due(world):
    """Five people with something due: both caseworkers, both leaders, the head."""
    for name, user in world.users().items():
        user.email = f"{name}@kommune.invalid"
        user.save(update_fields=["email"])
    today = timezone.localdate()
    make_sak(world.saksbehandler, world.team_a, melding_mottatt=today - timedelta(days=100))
    make_sak(world.saksbehandler_b, world.team_b, melding_mottatt=today - timedelta(days=100))
    return world


def _wait(predicate, timeout: float = 60.0, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def _all_sent(run) -> bool:
    rows = Paminnelse.objects.filter(kjoredato=run)
    return rows.exists() and not rows.filter(status=Paminnelse.Status.VENTER).exists()


def test_FRIST_03_real_worker_one_digest_per_person_and_nothing_twice(broker, due):
    runs: list[tuple[str, bool]] = []

    def record(sender=None, task=None, **kwargs):
        runs.append((task.name, task.request.is_eager))

    task_postrun.connect(record, weak=False)
    run = timezone.localdate()
    try:
        with start_worker(broker, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            run_nightly.delay(run.isoformat())
            assert _wait(lambda: _all_sent(run) and len(runs) >= 6), runs
            first = Counter(m.to[0] for m in mail.outbox)
            # The same night again: the fan-out runs, finds every row sent, sends nothing.
            run_nightly.delay(run.isoformat())
            assert _wait(lambda: [n for n, _e in runs].count("reminders.run_nightly") == 2)
            time.sleep(1.0)
    finally:
        task_postrun.disconnect(record)
    assert set(first.values()) == {1}
    assert len(first) == 5
    assert Counter(m.to[0] for m in mail.outbox) == first
    assert not any(eager for _n, eager in runs)  # taken from the broker, not in-process
    assert Counter(n for n, _e in runs) == {"reminders.run_nightly": 2, "reminders.send_digest": 5}


def _start_worker(env) -> subprocess.Popen:
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
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_FRIST_03_a_worker_killed_mid_run_loses_nothing_and_sends_nothing_twice(
    broker, due, tmp_path
):
    log = tmp_path / "mail.log"
    log.touch()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": BROKER,
        "REMINDERS_MAIL_LOG": str(log),
        "REMINDERS_MAIL_DELAY": "1.0",
        "PYTHONPATH": str(ROOT),
    }

    def lines() -> list[str]:
        return log.read_text(encoding="utf-8").split()

    run = timezone.localdate()
    first = _start_worker(env)
    second = None
    try:
        run_nightly.delay(run.isoformat())
        assert _wait(lambda: len(lines()) >= 2, timeout=90), "the first worker sent nothing"
        # Kill it while it is in the middle of the next send (each takes a second).
        time.sleep(0.3)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = len(lines())
        assert killed_at < 5
        assert Paminnelse.objects.filter(kjoredato=run, status="venter").exists()
        second = _start_worker(env)
        assert _wait(lambda: _all_sent(run), timeout=120), "the digests were not all sent"
        time.sleep(1.5)
        delivered = Counter(lines())
        # A re-run the same night with the new worker sends nothing more.
        run_nightly.delay(run.isoformat())
        time.sleep(4)
    finally:
        first.kill() if first.poll() is None else None
        if second is not None:
            _stop(second)
    assert len(delivered) == 5
    assert set(delivered.values()) == {1}, delivered
    assert Counter(lines()) == delivered
    assert Paminnelse.objects.filter(kjoredato=run).count() == 5
