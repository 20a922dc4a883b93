"""The demo's clock: replay what happened in the past through the real services on the day it
happened, so that every date the services stamp, every rule they check and every history row
agrees with the story.

:func:`on_day` moves ``django.utils.timezone.now`` to the same time of day on another day. A
model field declared ``default=timezone.now`` holds the function itself, taken when the model
was defined, so it would still stamp the real now (a decision «written» after it was approved);
:func:`on_day` moves those defaults too. The date is set on the wall clock of the current time
zone, not by whole 24-hour days, so that it lands on the asked day across a change of summer
time as well.

For the demo only: it patches process-wide state, so it runs in one thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from unittest import mock

from django.db import models
from django.utils import timezone

#: The real clock, as the models' defaults hold it.
_REAL_NOW = timezone.now
_now_fields: list[models.Field] | None = None


def _fields_defaulting_to_now() -> list[models.Field]:
    global _now_fields
    if _now_fields is None:
        from django.apps import apps

        _now_fields = [
            f
            for model in apps.get_models()
            for f in model._meta.local_concrete_fields
            if f.default is _REAL_NOW
        ]
    return _now_fields


def _set_default(field: models.Field, value: Callable[[], datetime]) -> None:
    field.default = value
    field.__dict__.pop("_get_default", None)  # Field caches the callable it returns


def simulated_now(day: date) -> Callable[[], datetime]:
    """A clock that reads the real time of day on ``day`` (in the current time zone)."""

    def now() -> datetime:
        local = timezone.localtime(_REAL_NOW())
        return timezone.make_aware(datetime.combine(day, local.time()))

    return now


@contextmanager
def on_day(day: date) -> Iterator[None]:
    """Run the services as if today were ``day`` (the time of day is kept). Nests."""
    clock = simulated_now(day)
    fields = _fields_defaulting_to_now()
    before = [f.default for f in fields]
    for f in fields:
        _set_default(f, clock)
    try:
        with mock.patch("django.utils.timezone.now", clock):
            yield
    finally:
        for f, default in zip(fields, before, strict=True):
            _set_default(f, default)
