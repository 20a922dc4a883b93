"""Settings of the worker *process* the crash test starts: the test settings, with a real
broker, a short Redis visibility timeout (a killed worker's task comes back in seconds, not
the default hour) and an e-mail backend that writes every delivery to a shared file."""

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
EMAIL_BACKEND = "tests.reminders.mail_log.SlowFileBackend"
