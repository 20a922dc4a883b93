"""The letters' sweep where there is no beat (DOK-01).

With no broker (``make run``: SQLite, Celery eager) no beat runs ``documents.retry_stalled``.
The web process runs the sweep itself instead, in its background thread for eager tasks
(``hjelpetiltak.celery``): after a response has been handed to the server
(``request_finished``), at most once every ``DOCUMENTS_SWEEP_INTERVAL`` seconds per process,
when ``DOCUMENTS_SWEEP_AFTER_REQUESTS`` is on (the default without a broker). So a letter whose
render failed (a locked database while two people work, say) is tried again as soon as
anyone uses the app, without a page waiting for it.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections

from hjelpetiltak.celery import in_background

from .services import dokumenter_retry_stalled

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_last_run = float("-inf")


def _due_to_run() -> bool:
    global _last_run
    now = time.monotonic()
    with _lock:
        if now - _last_run < settings.DOCUMENTS_SWEEP_INTERVAL:
            return False
        _last_run = now
        return True


def sweep_after_request(sender=None, **kwargs) -> None:
    if not settings.DOCUMENTS_SWEEP_AFTER_REQUESTS or not _due_to_run():
        return
    if sender is not None:
        # A server's handler: the sweep (and the renders it starts) runs in the process's
        # background thread, so the request's thread goes back to its connection at once.
        in_background("documents.retry_stalled", _sweep)
        return
    _sweep()  # Django's test client (no handler named): here, as the tests expect


def _sweep() -> None:
    try:
        dokumenter_retry_stalled()
    except Exception:
        # Never the response's problem: the next sweep tries again.
        logger.exception("documents.retry_sweep_failed")
    finally:
        # Django closed (or kept) the request's connection before this receiver ran: the
        # sweep's own is closed by the same rule (CONN_MAX_AGE).
        close_old_connections()
