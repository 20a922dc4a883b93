"""The nightly computation of the quality indicators (KVAL-01): thin, no arguments, safe to run
twice (each run adds a computation; the page reads the newest)."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    name="kvalitet.compute",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
    # A national-sized service takes minutes: more than the project's default limit.
    time_limit=3600,
    soft_time_limit=3300,
)
def compute() -> None:
    # Inside: the HackSoft pattern (a task imports its service when it runs).
    from kvalitet.services import indikatorer_beregn

    indikatorer_beregn()
