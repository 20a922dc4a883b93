"""DOK-01 with a real Celery worker against the real Redis: the order commits, the worker
picks the id up from the broker and renders the PDF."""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection

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
    them for the default broker): drop them, so that the next use reads ``broker_url``."""
    app.close()
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
