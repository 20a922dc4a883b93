"""Settings of P12's web server and worker: the production settings, unchanged but for where
the collected static files are (a directory of the bench's own, ``BENCH_STATIC_ROOT``: the
image collects them at build time into ``/app/staticfiles``).

Everything else comes from the environment as in ``deploy/env.example`` (``SECRET_KEY``,
``DATABASE_URL``, ``CELERY_BROKER_URL``, ``ALLOWED_HOSTS`` …): DEBUG off, secure cookies, the
HTTPS redirect (the load tool says ``X-Forwarded-Proto: https``, as the proxy would).
"""

import os

from hjelpetiltak.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
# P12's worker takes the tasks of this web server from a queue of the bench's own, so a test
# worker on the same Redis database never takes them.
if os.environ.get("BENCH_TASK_QUEUE"):
    CELERY_TASK_DEFAULT_QUEUE = os.environ["BENCH_TASK_QUEUE"]
