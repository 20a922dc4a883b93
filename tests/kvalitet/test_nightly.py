"""KVAL-01: the summary is refreshed every night by a task of its own (the beat schedule), and
by ``manage.py kvalitet_beregn`` where no beat runs; each run adds a computation."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kvalitet import tasks
from kvalitet.models import Beregning

pytestmark = pytest.mark.django_db


def test_KVAL_01_nightly_task_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["kvalitet-nightly"]
    assert entry["task"] == tasks.compute.name == "kvalitet.compute"


def test_KVAL_01_the_task_and_the_command_compute(world):
    tasks.compute()
    assert Beregning.objects.filter(tjeneste=world.tjeneste).count() == 1
    call_command("kvalitet_beregn", verbosity=0)
    assert Beregning.objects.filter(tjeneste=world.tjeneste).count() == 2
