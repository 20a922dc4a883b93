"""Issue 19, finding 11: the admin cannot schedule arbitrary tasks with arbitrary arguments.

django-celery-beat's own admin let a superuser add a periodic task naming any registered task
with any arguments (``documents.render`` of any letter, every minute), run tasks at once, and
delete the nightly reminders. Now only the project's named schedules
(``settings.CELERY_BEAT_SCHEDULE``) are shown, and only their time can change. Everything goes
through the admin with a superuser logged in with both factors.
"""

import json

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_celery_beat.schedulers import ModelEntry

from hjelpetiltak.celery import app as celery_app

from ..factories import make_user

pytestmark = pytest.mark.django_db

NIGHTLY = "reminders-nightly"


@pytest.fixture
def schedules():
    """The rows beat writes from the settings when it starts (DatabaseScheduler)."""
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        ModelEntry.from_entry(name, app=celery_app, **entry)
    return {t.name: t for t in PeriodicTask.objects.filter(name__in=settings.CELERY_BEAT_SCHEDULE)}


@pytest.fixture
def superuser_client(client):
    root = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(root)
    return client


def url(name, *args):
    return reverse(f"admin:django_celery_beat_periodictask_{name}", args=args)


def test_finding11_beat_admin_cannot_add_a_periodic_task(superuser_client, schedules):
    assert superuser_client.get(url("add")).status_code == 403
    response = superuser_client.post(
        url("add"),
        {
            "name": "rogue",
            "task": "documents.render",
            "args": "[1]",
            "kwargs": "{}",
            "interval": "",
            "enabled": "on",
        },
    )
    assert response.status_code == 403
    assert not PeriodicTask.objects.filter(name="rogue").exists()
    changelist = superuser_client.get(url("changelist"))
    assert changelist.status_code == 200
    assert url("add") not in changelist.content.decode()


def test_finding11_beat_admin_cannot_delete_or_run_a_schedule(superuser_client, schedules):
    nightly = schedules[NIGHTLY]
    assert superuser_client.get(url("delete", nightly.pk)).status_code == 403
    assert superuser_client.post(url("delete", nightly.pk), {"post": "yes"}).status_code == 403
    # No actions on the list: neither django-celery-beat's (run, enable, disable, toggle) nor
    # the admin's bulk delete.
    page = superuser_client.get(url("changelist")).content.decode()
    assert 'name="action"' not in page
    for action in ("delete_selected", "run_tasks", "disable_tasks", "toggle_tasks"):
        superuser_client.post(
            url("changelist"),
            {"action": action, "_selected_action": [nightly.pk], "index": "0", "post": "yes"},
        )
    nightly.refresh_from_db()
    assert nightly.enabled
    assert nightly.total_run_count == 0
    assert set(PeriodicTask.objects.values_list("name", flat=True)) >= set(schedules)


def test_finding11_beat_admin_shows_only_the_projects_named_schedules(superuser_client, schedules):
    """A task row that did not come from the settings (written past the admin, or left by an
    older version) is neither listed nor editable."""
    every_minute = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    rogue = PeriodicTask.objects.create(
        name="rogue", task="documents.render", args="[1]", interval=every_minute
    )
    page = superuser_client.get(url("changelist")).content.decode()
    for name in schedules:
        assert name in page
    assert "rogue" not in page
    assert superuser_client.get(url("change", rogue.pk)).status_code == 302  # "does not exist"
    superuser_client.post(url("change", rogue.pk), {"hour": "3"})
    rogue.refresh_from_db()
    assert rogue.task == "documents.render"


def test_finding11_beat_admin_edits_the_time_only(superuser_client, schedules):
    nightly = schedules[NIGHTLY]
    before = {f: getattr(nightly, f) for f in ("name", "task", "args", "kwargs", "enabled")}
    page = superuser_client.get(url("change", nightly.pk)).content.decode()
    assert 'name="hour"' in page
    for field in ("task", "args", "kwargs", "name", "enabled", "interval", "crontab", "queue"):
        assert f'name="{field}"' not in page, field

    response = superuser_client.post(
        url("change", nightly.pk),
        {
            "minute": "30",
            "hour": "5",
            "day_of_month": "*",
            "month_of_year": "*",
            "day_of_week": "1-5",
            # Sent anyway: ignored.
            "name": "renamed",
            "task": "documents.render",
            "args": json.dumps([1]),
            "kwargs": json.dumps({"dokument_id": 1}),
            "enabled": "",
            "queue": "elsewhere",
            "interval": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    nightly.refresh_from_db()
    assert {f: getattr(nightly, f) for f in before} == before
    assert nightly.queue in (None, "")
    assert nightly.interval_id is None
    crontab = nightly.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("30", "5", "1-5")
    assert str(crontab.timezone) == settings.CELERY_TIMEZONE

    # The other schedule kept its own crontab (every minute), not the edited one.
    other = PeriodicTask.objects.get(name="documents-retry-stalled")
    assert (other.crontab.minute, other.crontab.hour) == ("*", "*")


def test_finding11_beat_admin_refuses_a_time_that_is_not_cron(superuser_client, schedules):
    nightly = schedules[NIGHTLY]
    hour = nightly.crontab.hour
    response = superuser_client.post(
        url("change", nightly.pk),
        {
            "minute": "0",
            "hour": "25",
            "day_of_month": "*",
            "month_of_year": "*",
            "day_of_week": "*",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    nightly.refresh_from_db()
    assert nightly.crontab.hour == hour


def test_finding11_the_schedule_tables_are_not_in_the_admin():
    """Editing a crontab row would change the time of every task sharing it; the tables are
    reached only through a task's time."""
    for model in (IntervalSchedule, CrontabSchedule, SolarSchedule, ClockedSchedule):
        assert not admin.site.is_registered(model), model
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:django_celery_beat_{model._meta.model_name}_add")
