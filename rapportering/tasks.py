"""The daily extract (RAPP-02): thin, ids and ISO dates only, safe to run twice."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    name="rapportering.build_daily",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
)
def build_daily(run_date: str | None = None) -> None:
    """Every service's extract of the day; one already built for the day is kept as it is."""
    from rapportering.services import build_all  # the services import the app's models

    build_all(dato=date.fromisoformat(run_date) if run_date else None)
