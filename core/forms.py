"""Form helpers: accessible field markup, Norwegian date inputs and rule violations by field."""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting

from .exceptions import DomainError, RuleViolation


class FormRenderer(TemplatesSetting):
    """Every field renders through ``components/field.html``: label, description, input and
    error message tied together with ``aria-describedby`` (LOG-02, WCAG 3.3.1)."""

    field_template_name = "components/field.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


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
