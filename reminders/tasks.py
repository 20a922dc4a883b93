"""Celery tasks of the nightly reminders: thin, ids and ISO dates only, safe to run twice."""

from __future__ import annotations

from datetime import date
from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    name="reminders.run_nightly",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def run_nightly(run_date: str | None = None) -> None:
    """FRIST-01: find every due deadline and fan out one digest per person (beat, or by hand
    with ``manage.py send_reminders``). Without a date: today in the service's time zone."""
    # Inside: reminders.services imports this module at its top (to enqueue the digests) and
    # would find it half-loaded (a cycle within the app).
    from reminders.services import plan_night

    plan_night(run_date=date.fromisoformat(run_date) if run_date else None)


@shared_task(
    name="reminders.send_digest",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=(SMTPException, ConnectionError, OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=900,
    max_retries=8,
)
def send_digest(paminnelse_id: int) -> None:
    """FRIST-02/03: send one person's digest once; a sent one is skipped."""
    from reminders.services import paminnelse_send  # the cycle above

    paminnelse_send(paminnelse_id=paminnelse_id)
