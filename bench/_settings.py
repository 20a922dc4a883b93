"""Settings of the P5–P7 subprocesses (scratch databases, the P7 worker and its sender).

The test settings (DEBUG off, locmem e-mail, no demo mode) with the database, the broker and
the documents' root from the environment, and Celery eager only when no broker is given.
"""

import os

from hjelpetiltak.settings.test import *  # noqa: F403

DEBUG = False
# As in production: the statements compiled once per process are not checked at every call.
BATCH_STATEMENT_CHECK = False
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
# In-process tasks: the in-memory transport, as in the base settings (no kombu warning).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://localhost/"
DOCUMENTS_ROOT = os.environ.get("DOCUMENTS_ROOT", str(DOCUMENTS_ROOT))  # noqa: F405
DOCUMENTS_STORAGE = {
    "BACKEND": "documents.storage.PrivateFileSystemStorage",
    "OPTIONS": {"location": str(DOCUMENTS_ROOT)},
}
# The measurements print JSON on stdout: the application logs only its warnings, to stderr.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# P7: the bench's render tasks go to a queue of their own on the bench's Redis database, so a
# test worker that shares the database never takes them (and the bench worker never takes its).
if os.environ.get("BENCH_DOCUMENTS_QUEUE"):
    CELERY_TASK_ROUTES = {"documents.render": {"queue": os.environ["BENCH_DOCUMENTS_QUEUE"]}}
# P9: the nightly run's tasks go to a queue of the bench's own, and its e-mails to a log file.
if os.environ.get("BENCH_REMINDERS_QUEUE"):
    CELERY_TASK_ROUTES = {
        **(globals().get("CELERY_TASK_ROUTES") or {}),
        "reminders.*": {"queue": os.environ["BENCH_REMINDERS_QUEUE"]},
    }
if os.environ.get("BENCH_MAIL_LOG"):
    EMAIL_BACKEND = "bench._mail.LogBackend"
