"""The Celery application.

With no ``CELERY_BROKER_URL`` the settings make every task run eagerly in-process, so the
app works on one machine with nothing else running. With a broker, ``celery -A hjelpetiltak
worker`` and ``celery -A hjelpetiltak beat`` run as their own processes.

Eager tasks never hold up a page. A task handed over while a request is being answered runs
after the response has gone to the browser (``request_finished``: the server has sent it), in
the process's one background thread; the test client fires the signal when it closes the
response and the tasks run there, so a test sees their work as soon as the request returns.
Outside a request (a management command, the shell, a test calling a service) an eager task
runs at once, as Celery runs it. With a broker nothing changes: the worker runs it.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable
from contextvars import ContextVar

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjelpetiltak.settings.local")

logger = logging.getLogger(__name__)

#: The eager tasks handed over while this thread answers a request (``None``: not in one).
#: A context variable: each request of the threaded server has its own.
_after_response: ContextVar[list[tuple[str, Callable[[], object]]] | None] = ContextVar(
    "hjelpetiltak_after_response", default=None
)


def _request_started(sender=None, **kwargs) -> None:
    left = _after_response.get()
    if left:  # a request whose end never came (no response was closed): not silently lost
        logger.warning("tasks.deferred_dropped", extra={"count": len(left)})
    _after_response.set([])


def _run(deferred: list[tuple[str, Callable[[], object]]]) -> None:
    for name, run in deferred:
        try:
            run()
        except Exception:
            # The response is gone: nobody to tell but the log (the task's own retry or sweep
            # takes it from here, as when a worker fails).
            logger.exception("tasks.deferred_failed", extra={"task": name})


_queue: queue.SimpleQueue[list[tuple[str, Callable[[], object]]]] = queue.SimpleQueue()
_worker: threading.Thread | None = None
_worker_lock = threading.Lock()


def _work() -> None:
    """The process's one background thread for eager tasks: one batch at a time, so the
    embedded default's SQLite has one writer making letters, not one per request."""
    while True:
        batch = _queue.get()
        try:
            _run(batch)
        finally:
            connections.close_all()  # this thread's own connections


def _hand_to_worker(deferred) -> None:
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="eager-tasks", daemon=True)
            _worker.start()
    _queue.put(deferred)


def in_background(name: str, run: Callable[[], object]) -> None:
    """Run ``run`` in the process's background thread, after what was handed to it before;
    whatever it raises is logged by ``name``."""
    _hand_to_worker([(name, run)])


def _request_finished(sender=None, **kwargs) -> None:
    """Hand the request's eager tasks, in the order they came, to the process's background
    thread: the request's thread is free at once, so a browser reusing the connection (the
    redirect after a form) is answered without waiting for them. Django's test client closes
    its responses with no handler named (``sender=None``): they run here instead, in the
    test's thread and transaction, so a test sees their work when the request returns."""
    deferred = _after_response.get()
    _after_response.set(None)
    if not deferred:
        return
    if sender is not None:  # a server's handler (WSGI, ASGI) names itself
        _hand_to_worker(deferred)
        return
    try:
        _run(deferred)
    finally:
        # Not inside a transaction (a test's), which closing would end.
        if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
            close_old_connections()


def forget_request() -> None:
    """Leave any request this thread is still answering: the tasks it deferred are dropped.

    A server always closes its responses; Django's test client does not close a streamed
    response (a download) whose content the test never read, so ``request_finished`` never
    comes, and every eager task after it would wait for a response that never ends. The test
    suite calls this after each test (tests/conftest.py)."""
    _after_response.set(None)


class Task(DjangoTask):
    """Celery's Django task, whose eager runs wait for the end of the request."""

    def apply_async(self, args=None, kwargs=None, task_id=None, producer=None, link=None,
                    link_error=None, shadow=None, **options):  # fmt: skip
        deferred = _after_response.get()
        if deferred is None or not self.app.conf.task_always_eager:
            return super().apply_async(
                args, kwargs, task_id, producer, link, link_error, shadow, **options
            )
        logger.debug("tasks.deferred", extra={"task": self.name})
        deferred.append(
            (
                self.name,
                lambda: super(Task, self).apply_async(
                    args, kwargs, task_id, producer, link, link_error, shadow, **options
                ),
            )
        )
        return None


app = Celery("hjelpetiltak", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

request_started.connect(_request_started, dispatch_uid="hjelpetiltak.celery.request_started")
request_finished.connect(_request_finished, dispatch_uid="hjelpetiltak.celery.request_finished")
