"""Form helpers: accessible field markup, Norwegian date inputs and rule violations by field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils import timezone

from .exceptions import DomainError, RuleViolation


class FormRenderer(TemplatesSetting):
    """Every field renders through ``components/field.html``: label, description, input and
    error message tied together with ``aria-describedby`` (LOG-02, WCAG 3.3.1)."""

    field_template_name = "components/field.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


#: A time typed a moment ahead of the clock still counts as the time just passed.
_TYPED_AHEAD = timedelta(minutes=5)


def wall_clock_instant(naive: datetime) -> datetime:
    """The instant a wall-clock time of the current time zone means, when the clocks changed.

    In the night the clocks fall back, 02:00–02:59 happens twice: the later of the two is taken
    unless it is still to come (a time just typed is one that has just passed). A time in the
    hour skipped in spring reads as if the clocks had not yet moved (02:30 is 03:30 summer
    time)."""
    tz = timezone.get_current_timezone()
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    first_utc, second_utc = first.astimezone(UTC), second.astimezone(UTC)
    if first.utcoffset() < second.utcoffset():  # the skipped hour
        return first_utc
    return second_utc if second_utc <= timezone.now() + _TYPED_AHEAD else first_utc


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time typed on the wall clock (``datetime-local``). Django refuses a time the
    clocks make ambiguous or skip, and so refused the form's own default (now) for an hour
    every autumn; this field reads such a time with :func:`wall_clock_instant`."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as exc:
            if exc.code != "ambiguous_timezone":
                raise
            return wall_clock_instant(exc.params["datetime"])


def _mark_invalid(form: forms.BaseForm) -> None:
    for name in form.errors:
        if name in form.fields:
            bound = form[name]
            describedby = [f"{bound.auto_id}_error"]
            if form.fields[name].help_text:
                describedby.append(f"{bound.auto_id}_helptext")
            form.fields[name].widget.attrs["aria-invalid"] = "true"
            form.fields[name].widget.attrs["aria-describedby"] = " ".join(describedby)


class AccessibleFormMixin:
    """Marks invalid inputs with ``aria-invalid`` and points them at their error message."""

    def full_clean(self):
        super().full_clean()
        _mark_invalid(self)


class Form(AccessibleFormMixin, forms.Form):
    pass


class ModelForm(AccessibleFormMixin, forms.ModelForm):
    pass


def add_domain_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Put a service's refusal next to the field it concerns, or above the form."""
    if isinstance(exc, RuleViolation):
        for breach in exc.breaches:
            form.add_error(breach.field if breach.field in form.fields else None, str(breach))
    else:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
    _mark_invalid(form)


class ActionForm:
    """The protocol of an action's form (:func:`core.edge.action_page`).

    ``for_action(data, *, obj, offer, **kwargs)`` builds the form for the record the action is
    on (``offer`` is what :meth:`core.actions.Machine.offer` gave, ``None`` when the action does
    not apply now); ``service_kwargs()`` gives the service's keyword arguments from the valid
    form. By default the form's fields are the service's keywords."""

    @classmethod
    def for_action(cls, data, *, obj, offer=None, **kwargs):
        return cls(data, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ConfirmActionForm(ActionForm, Form):
    """An action that asks for nothing: the button is the form."""
