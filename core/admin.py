"""django-celery-beat in the admin: the project's named schedules, editable in time only.

django-celery-beat's own admin lets a superuser add a periodic task naming any registered task
with any arguments, run any task at once, and delete the nightly job (issue 19, finding 11).
Here its admin is replaced: the system administrator sees the schedules of
``settings.CELERY_BEAT_SCHEDULE`` only, can change when each runs (its crontab fields) and
nothing else; no adding, no deleting, no actions, no editing of the schedule tables themselves.

The lasting time of a schedule comes from the settings (``FRIST_KJORING_TIME`` …): beat writes
the settings' schedules into these rows each time it starts.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

for _model in (PeriodicTask, IntervalSchedule, CrontabSchedule, SolarSchedule, ClockedSchedule):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)

#: The crontab fields the form edits.
TIME_FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")
_CRON_HELP = _(
    "Cron notation: a number, a list (1,15), a range (1-5), a step (*/15) or * for every."
)


def _time_field(name: str, label):
    """The crontab model's own field and its validators (a model field's validators are not the
    form field's), with our label."""
    model_field = CrontabSchedule._meta.get_field(name)
    return model_field.formfield(
        label=label, help_text=_CRON_HELP, validators=model_field.validators
    )


class ScheduleTimeForm(forms.ModelForm):
    """The time of a schedule as crontab fields; saved as a (shared) crontab row."""

    minute = _time_field("minute", _("Minute"))
    hour = _time_field("hour", _("Hour"))
    day_of_month = _time_field("day_of_month", _("Day of the month"))
    month_of_year = _time_field("month_of_year", _("Month"))
    day_of_week = _time_field("day_of_week", _("Day of the week"))

    class Meta:
        model = PeriodicTask
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        crontab = self.instance.crontab if self.instance.crontab_id else None
        for name in TIME_FIELDS:
            if crontab is None:  # not a crontab schedule: nothing to edit here
                self.fields[name].disabled = True
                self.fields[name].required = False
            else:
                self.fields[name].initial = getattr(crontab, name)

    def save(self, commit=True):
        task = super().save(commit=False)
        if task.crontab_id and self.has_changed():
            crontab, _created = CrontabSchedule.objects.get_or_create(
                timezone=task.crontab.timezone,
                **{name: self.cleaned_data[name] for name in TIME_FIELDS},
            )
            task.crontab = crontab
        if commit:
            task.save()
        return task


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(admin.ModelAdmin):
    form = ScheduleTimeForm
    actions = None
    list_display = ("name", "task", "schedule", "enabled", "last_run_at")
    readonly_fields = (
        "name",
        "task",
        "args",
        "kwargs",
        "enabled",
        "description",
        "last_run_at",
        "total_run_count",
    )
    fieldsets = (
        (None, {"fields": ("name", "task", "args", "kwargs", "enabled", "description")}),
        (
            _("When it runs"),
            {
                "fields": tuple(TIME_FIELDS),
                "description": _(
                    "Until the scheduler restarts: then the time in the deployment's "
                    "configuration applies again."
                ),
            },
        ),
        (None, {"fields": ("last_run_at", "total_run_count")}),
    )

    @admin.display(description=_("When it runs"))
    def schedule(self, task):
        return str(task.crontab) if task.crontab_id else "—"

    def get_queryset(self, request):
        named = list(getattr(settings, "CELERY_BEAT_SCHEDULE", {}))
        return super().get_queryset(request).filter(name__in=named).select_related("crontab")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
