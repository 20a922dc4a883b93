"""Form helpers: accessible field markup, Norwegian date inputs, plausible input (issue 19,
finding 8) and rule violations by field."""

from __future__ import annotations

import functools
import weakref
from datetime import UTC, date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.renderers import TemplatesSetting
from django.utils import timezone

from . import validators
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


class EventDateField(forms.DateField):
    """The date of an event: from 1900 (or the child's birth) to a year ahead. Every date
    field of a :class:`Form` or :class:`ModelForm` is held to this range unless it is a
    :class:`PlanDateField`; the class is here to say so where it helps the reader."""

    date_range = validators.EVENT


class PlanDateField(EventDateField):
    """A date a plan sets (a planned end, a next evaluation, a deadline): up to ten years
    ahead."""

    date_range = validators.PLAN


def _plain_text_fields(form: forms.BaseForm):
    for name, field in form.fields.items():
        if (
            isinstance(field, forms.CharField)
            and not field.disabled
            and not isinstance(field.widget, forms.PasswordInput)
            and getattr(field, "plain_text", True)
        ):
            yield name, field


def _date_fields(form: forms.BaseForm):
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField | forms.DateTimeField) and not field.disabled:
            yield name, field


class PlausibleInputMixin:
    """Issue 19, finding 8: implausible input is refused next to its field, in every form.

    - Every text field (a ``CharField`` that is not a password) refuses control characters
      and bidirectional controls (:class:`core.validators.PlainTextValidator`); a
      ``Textarea`` keeps tab and line breaks. A field may opt out with ``plain_text = False``.
    - Every date (and date-and-time) field lies within its ``date_range``
      (:data:`core.validators.EVENT` unless it is a :class:`PlanDateField`), and not before
      the child's birth when the form knows the child (:meth:`child_birth_date`).

    The checks are added to the fields when the form is cleaned, so fields a form adds in its
    ``__init__`` get them as well."""

    #: The child's birth date when the form is about a child's case (set by
    #: :meth:`ActionForm.for_action` from the record the action is on).
    child_born: date | None = None

    def child_birth_date(self) -> date | None:
        """The birth date of the child the form is about, when it knows it: no event of the
        case lies before it. A form that learns the child from its own input overrides this
        (it is asked while the fields clean, from ``cleaned_data`` so far, and once more
        after)."""
        return self.child_born

    def full_clean(self):
        for _name, field in _plain_text_fields(self):
            multiline = isinstance(field.widget, forms.Textarea)
            field.validators = [
                v
                for v in field.validators
                if not isinstance(
                    v, ProhibitNullCharactersValidator | validators.PlainTextValidator
                )
            ]
            field.validators.append(validators.PlainTextValidator(multiline=multiline))
        for _name, field in _date_fields(self):
            date_range = getattr(field, "date_range", validators.EVENT)
            field.validators = [v for v in field.validators if not isinstance(v, _RangeCheck)]
            field.validators.append(_RangeCheck(date_range, self))
        super().full_clean()
        if not self.is_bound:
            return
        # A birth the form learnt only from a field after the date (the new case's number).
        born = self.child_birth_date()
        if born is None:
            return
        for name, field in _date_fields(self):
            if name in self.cleaned_data:
                try:
                    getattr(field, "date_range", validators.EVENT).check(
                        self.cleaned_data[name], born=born
                    )
                except ValidationError as exc:
                    self.add_error(name, exc)


class _RangeCheck:
    """A date field's range, from the child's birth when the form knows it by now (the
    fields clean in order: a birth read from a field above is known)."""

    def __init__(self, date_range: validators.DateRange, form: PlausibleInputMixin):
        self.date_range = date_range
        self.form = weakref.ref(form)

    def __call__(self, value) -> None:
        form = self.form()
        self.date_range.check(value, born=form.child_birth_date() if form else None)


class Form(AccessibleFormMixin, PlausibleInputMixin, forms.Form):
    pass


class ModelForm(AccessibleFormMixin, PlausibleInputMixin, forms.ModelForm):
    pass


def add_domain_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Put a service's refusal next to the field it concerns, or above the form."""
    if isinstance(exc, RuleViolation):
        for breach in exc.breaches:
            form.add_error(breach.field if breach.field in form.fields else None, str(breach))
    else:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
    _mark_invalid(form)


#: The relations that lead from the record an action is on towards its case.
_TOWARDS_THE_CASE = ("sak", "vedtak", "tiltak", "plan")


def child_birth_date_of(obj) -> date | None:
    """The birth date of the child whose case ``obj`` belongs to (a case, a party, a decision,
    a measure, a document …), or ``None`` when it belongs to none (a contractor). Found by the
    relations' names, as core knows no app above it."""
    for _step in range(len(_TOWARDS_THE_CASE) + 1):
        if obj is None:
            return None
        born = getattr(getattr(obj, "barn", None), "fodselsdato", None)
        if isinstance(born, date):
            return born
        obj = next(
            (n for n in (getattr(obj, name, None) for name in _TOWARDS_THE_CASE) if n is not None),
            None,
        )
    return None


def _knowing_the_child(for_action):
    @functools.wraps(for_action)
    def build(cls, data, *, obj, **kwargs):
        form = for_action(cls, data, obj=obj, **kwargs)
        if isinstance(form, PlausibleInputMixin) and form.child_born is None:
            form.child_born = child_birth_date_of(obj)
        return form

    build.knows_the_child = True
    return build


class ActionForm:
    """The protocol of an action's form (:func:`core.edge.action_page`).

    ``for_action(data, *, obj, offer, **kwargs)`` builds the form for the record the action is
    on (``offer`` is what :meth:`core.actions.Machine.offer` gave, ``None`` when the action does
    not apply now); ``service_kwargs()`` gives the service's keyword arguments from the valid
    form. By default the form's fields are the service's keywords.

    Every ``for_action`` (this one and each subclass's) also tells the form the birth date of
    the case's child (:func:`child_birth_date_of`), so that no date of the case is accepted
    before it (:class:`PlausibleInputMixin`)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("for_action")
        if isinstance(own, classmethod) and not getattr(own.__func__, "knows_the_child", False):
            cls.for_action = classmethod(_knowing_the_child(own.__func__))

    @classmethod
    @_knowing_the_child
    def for_action(cls, data, *, obj, offer=None, **kwargs):
        return cls(data, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ConfirmActionForm(ActionForm, Form):
    """An action that asks for nothing: the button is the form."""
