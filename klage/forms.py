"""The complaints' forms: registering one (KLAGE-01), the service's assessment (KLAGE-02), the
statsforvalteren's outcome (KLAGE-03). The forms parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, DateInput, Form

from .models import Klage

_FILE_HELP = _("PDF, PNG or JPEG (optional).")
_ACCEPT = {"accept": ".pdf,.png,.jpg,.jpeg"}


class RegisterForm(Form):
    klager = forms.ModelChoiceField(label=_("Complainant"), queryset=None)
    mottatt = forms.DateField(
        label=_("Date received"), widget=DateInput(), initial=timezone.localdate
    )
    kanal = forms.ChoiceField(label=_("How it came in"), choices=Klage.Kanal.choices)
    gjelder = forms.CharField(
        label=_("What the complaint is about"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("An oral complaint is written down as a note in the journal."),
    )
    fil = forms.FileField(
        label=_("The complaint's letter"),
        required=False,
        allow_empty_file=True,
        help_text=_FILE_HELP,
        widget=forms.ClearableFileInput(attrs=_ACCEPT),
    )
    behandles_likevel = forms.TypedChoiceField(
        label=_("If the complaint came late: is it considered anyway?"),
        choices=[("", _("Not late")), ("ja", _("Yes")), ("nei", _("No"))],
        coerce=lambda v: v == "ja",
        empty_value=None,
        required=False,
        help_text=_("Forvaltningsloven § 31."),
    )
    likevel_begrunnelse = forms.CharField(
        label=_("Reason for considering it anyway"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, parter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["klager"].queryset = parter
        self.fields["klager"].label_from_instance = lambda p: p.fullt_navn

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "klager_id": d["klager"].pk,
            "mottatt": d["mottatt"],
            "kanal": d["kanal"],
            "gjelder": d["gjelder"],
            "fil": d.get("fil") or None,
            "behandles_likevel": d.get("behandles_likevel"),
            "likevel_begrunnelse": d.get("likevel_begrunnelse") or "",
        }


class AssessForm(ActionForm, Form):
    vurdering = forms.CharField(
        label=_("The service's assessment"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent with the complaint to the statsforvalteren, and to every party."),
    )

    @classmethod
    def for_action(cls, data, *, obj, offer=None, **kwargs):
        return cls(data, initial={"vurdering": obj.vurdering}, **kwargs)


class OutcomeForm(ActionForm, Form):
    utfall = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Choose")), *Klage.Utfall.choices]
    )
    utfall_dato = forms.DateField(label=_("Date of the outcome"), widget=DateInput())
    fil = forms.FileField(
        label=_("The statsforvalteren's letter"),
        required=False,
        allow_empty_file=True,
        help_text=_FILE_HELP,
        widget=forms.ClearableFileInput(attrs=_ACCEPT),
    )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"utfall": d["utfall"], "utfall_dato": d["utfall_dato"], "fil": d.get("fil") or None}
