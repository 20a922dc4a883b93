"""The programme's form (BANK-01): input parsing; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, ModelForm

from . import selectors
from .models import Program

_YES_NO_UNKNOWN = [("", _("Not recorded")), ("true", _("Yes")), ("false", _("No"))]


def _tri(value):
    return {"true": True, "false": False}.get(value)


class ProgramForm(ActionForm, ModelForm):
    """A programme added to the service's bank (``obj`` a Tjeneste) or changed (a Program)."""

    tolk_mulig = forms.TypedChoiceField(
        label=_("Can be given with an interpreter"),
        choices=_YES_NO_UNKNOWN,
        coerce=_tri,
        empty_value=None,
        required=False,
        help_text=_(
            "No: choosing it for a family that needs an interpreter warns (BANK-02). "
            "Empty: not recorded."
        ),
    )

    class Meta:
        model = Program
        fields = [
            "navn",
            "malgruppe",
            "beskrivelse",
            "alder_min",
            "alder_maks",
            "antall_samlinger",
            "varighet_min",
            "varighet_maks",
            "hyppighet",
            "form",
            "tolk_mulig",
            "kontraindikasjoner",
            "merknad",
            "gis_av",
            "gis_av_navn",
            "kartleggingsverktoy",
            "utdannede",
            "aktiv",
            "rekkefolge",
        ]
        widgets = {
            "malgruppe": forms.Textarea(attrs={"rows": 2}),
            "beskrivelse": forms.Textarea(attrs={"rows": 4}),
            "kontraindikasjoner": forms.Textarea(attrs={"rows": 3}),
            "merknad": forms.Textarea(attrs={"rows": 3}),
            "utdannede": forms.CheckboxSelectMultiple,
            "gis_av": forms.RadioSelect,
        }

    def __init__(self, *args, tjeneste_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["utdannede"].queryset = selectors.staff_of(tjeneste_id)
        self.fields["utdannede"].help_text = _(
            "The service's staff trained to give it. Contractors trained in it are recorded on "
            "the contractor's page."
        )
        if self.instance.pk is not None:
            value = self.instance.tolk_mulig
            self.initial["tolk_mulig"] = "" if value is None else ("true" if value else "false")

    def clean(self):
        data = super().clean()
        lo, hi = data.get("alder_min"), data.get("alder_maks")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("alder_maks", _("The oldest age cannot be below the youngest."))
        lo, hi = data.get("varighet_min"), data.get("varighet_maks")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("varighet_maks", _("The longest session cannot be below the shortest."))
        return data

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        if isinstance(obj, Program):
            return cls(data, instance=obj, tjeneste_id=obj.tjeneste_id)
        return cls(data, tjeneste_id=obj.pk)

    def service_kwargs(self) -> dict:
        return {"data": dict(self.cleaned_data)}
