"""Celery tasks of documents: thin, ids only, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    name="documents.render",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # The database or the file system hiccuped: try again. A template or data error is
    # recorded on the document as ``feilet`` by the service and not retried.
    autoretry_for=(OperationalError, InterfaceError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def render(dokument_id: int) -> None:
    """Render one ordered document to PDF (DOK-01). Time limits: ``CELERY_TASK_ANNOTATIONS``."""
    from documents.services import dokument_render

    dokument_render(dokument_id=dokument_id)
