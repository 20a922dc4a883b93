"""Settings of the worker *process* the crash test starts (test_worker.py): the test
settings, with a real broker, a short Redis visibility timeout (a killed worker's task comes
back in seconds, not the default hour), and the documents' storage in the test's directory,
written slowly so that the test can kill the worker while it is making a letter."""

import os

from hjelpetiltak.settings.test import *  # noqa: F403

CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 4,
    # kombu scans for unacknowledged messages every interval * throttle seconds (100 s by
    # default): every second here.
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
DOCUMENTS_STORAGE = {
    "BACKEND": "tests.documents.slow_storage.SlowStorage",
    "OPTIONS": {
        "location": os.environ["DOCUMENTS_TEST_ROOT"],
        "delay": float(os.environ.get("DOCUMENTS_TEST_SAVE_DELAY", "0")),
    },
}
