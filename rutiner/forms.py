from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Form, ModelForm

from .models import Rutine


class SjekklisteForm(Form):
    navn = forms.CharField(label=_("Name"), max_length=120)
    kode = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("A short name the system uses, e.g. avslutning for the closing checklist."),
    )
    punkter = forms.CharField(
        label=_("Items"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10000,
        help_text=_("One item a line."),
    )
    aktiv = forms.BooleanField(label=_("In use"), required=False, initial=True)


class RutineForm(ModelForm):
    class Meta:
        model = Rutine
        fields = ["aktivitet", "utfor", "ansvar", "nokkel", "utfores_i", "rekkefolge", "aktiv"]
        widgets = {"utfor": forms.Textarea(attrs={"rows": 6})}


class StartForm(Form):
    kode = forms.SlugField(max_length=40, widget=forms.HiddenInput)


class TickForm(Form):
    punkt = forms.IntegerField(widget=forms.HiddenInput)
    ticked = forms.BooleanField(required=False, widget=forms.HiddenInput)
