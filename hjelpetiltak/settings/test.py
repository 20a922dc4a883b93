"""The test suite: PostgreSQL in CI (``DATABASE_URL``), eager Celery, locmem e-mail."""

from ._secret_key import TEST_KEY
from .base import *  # noqa: F403
from .base import env

DEBUG = False
DEMO_MODE = False
SECRET_KEY = TEST_KEY
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The tests run the letters' sweep themselves (tests/documents/test_retry.py).
DOCUMENTS_SWEEP_AFTER_REQUESTS = False
# Django's flush (the teardown of a transactional test) empties every table with one TRUNCATE,
# which the access log refuses (core 0007): the test suite, connected as a superuser, says it
# is the test suite. No other role can use this setting.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c hjelpetiltak.test_flush=on".strip()
# Every call of a statement compiled once per process (core.batch.Statement) is checked against
# its querysets built from the call's own ids.
BATCH_STATEMENT_CHECK = True
