from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, Form


class ProposeForm(ActionForm, Form):
    oppsummering = forms.CharField(
        label=_("Summary of the case's end"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why the case ends and what the child and the family were told."),
    )


class ReasonForm(ActionForm, Form):
    begrunnelse = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
