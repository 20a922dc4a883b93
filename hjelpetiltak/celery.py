"""The Celery application.

With no ``CELERY_BROKER_URL`` the settings make every task run eagerly in-process, so the
app works on one machine with nothing else running. With a broker, ``celery -A hjelpetiltak
worker`` and ``celery -A hjelpetiltak beat`` run as their own processes.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjelpetiltak.settings.local")

app = Celery("hjelpetiltak")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
