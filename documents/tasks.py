"""Celery tasks of documents: thin, ids only, safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    name="documents.render",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # No autoretry here: a failed attempt is recorded on the document with the time of the
    # next, and the sweep below starts it (bounded attempts with back-off, DOK-01). A task that
    # fails before it starts an attempt (the database away) is found by the sweep too.
)
def render(dokument_id: int, attempt: int | None = None) -> None:
    """One attempt at an ordered document's PDF (DOK-01). ``attempt``: the attempt this task
    was enqueued for (a second task for it does nothing). Time limits:
    ``CELERY_TASK_ANNOTATIONS``."""
    # Inside: documents.services imports this module at its top (so the tasks register with
    # the app whenever the services are), and would find it half-loaded (a cycle).
    from documents.services import dokument_render

    dokument_render(dokument_id=dokument_id, attempt=attempt)


@shared_task(name="documents.retry_stalled", acks_late=True, ignore_result=True)
def retry_stalled() -> None:
    """Every minute (``CELERY_BEAT_SCHEDULE``): start the attempts that are due (DOK-01)."""
    from documents.services import dokumenter_retry_stalled  # the cycle above

    dokumenter_retry_stalled()
