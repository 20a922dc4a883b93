"""FRIST-03 with two real Celery worker processes taking the same queue (issue 27, P9): the
night's sends spread over both, and every person gets their digest once – also when the night
is handed over twice at the same moment and both workers plan it at once."""

from __future__ import annotations

import os
import time
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from reminders.models import Paminnelse
from reminders.tasks import run_nightly

from .test_worker import BROKER, ROOT, _all_sent, _start_worker, _stop, _wait
from .test_worker import broker as broker  # the fixtures, shared
from .test_worker import due as due

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _env(log) -> dict[str, str]:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": BROKER,
        "REMINDERS_MAIL_LOG": str(log),
        "REMINDERS_MAIL_DELAY": "0.3",
        "PYTHONPATH": str(ROOT),
    }


def test_FRIST_03_two_workers_share_the_night_and_send_each_digest_once(broker, due, tmp_path):
    log = tmp_path / "mail.log"
    log.touch()
    env = _env(log)
    run = timezone.localdate()
    workers = [_start_worker(env), _start_worker(env)]
    try:
        time.sleep(3)  # both up before the night is handed over
        # The same night twice at once (a duplicate delivery): both workers may plan it
        # together; the outbox's one row per person and night keeps it to one e-mail each.
        run_nightly.delay(run.isoformat())
        run_nightly.delay(run.isoformat())
        assert _wait(lambda: _all_sent(run), timeout=120), "the digests were not all sent"
        time.sleep(1.5)  # a second delivery of any send would have come by now
    finally:
        for w in workers:
            _stop(w)
    delivered = Counter(log.read_text(encoding="utf-8").split())
    assert len(delivered) == 5
    assert set(delivered.values()) == {1}, delivered
    assert Paminnelse.objects.filter(kjoredato=run).count() == 5
    assert not Paminnelse.objects.filter(kjoredato=run, status="venter").exists()
