"""Input of the ettervern pages. The forms parse; the services decide (ETT-01, ETT-02)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import format_dato
from core.forms import ActionForm, Form
from vedtak.selectors import running_tiltak_for_sak

from . import selectors
from .models import Ettervernvedtak


class DialogueForm(ActionForm, Form):
    """ETT-01: the journal note or the meeting where the dialogue took place."""

    notat = forms.ModelChoiceField(
        label=_("Journal note"),
        queryset=None,
        required=False,
        empty_label=_("Choose a signed note"),
    )
    mote = forms.ModelChoiceField(
        label=_("Or a meeting"),
        queryset=None,
        required=False,
        empty_label=_("Choose a held meeting"),
    )

    def __init__(self, *args, sak, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notat"].queryset = selectors.dialogue_notes(sak)
        self.fields["notat"].label_from_instance = lambda n: (
            f"{format_dato(n.dato)} · {n.get_type_display()}"
        )
        self.fields["mote"].queryset = selectors.dialogue_meetings(sak)
        self.fields["mote"].label_from_instance = lambda m: (
            f"{format_dato(m.dato)} · {m.get_type_display()}"
        )

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        return cls(data, sak=obj)

    def service_kwargs(self) -> dict:
        notat, mote = self.cleaned_data.get("notat"), self.cleaned_data.get("mote")
        return {"notat_id": notat.pk if notat else None, "mote_id": mote.pk if mote else None}


_REASON_HELP = _(
    "When the youth declines: the youth's reason, in the youth's own words. The letter tells the "
    "youth they may ask again until they turn 25 (ETT-02)."
)


class DecisionCreateForm(ActionForm, Form):
    """ETT-02: the outcome of the decision at 18, and the running measures it concerns."""

    utfall = forms.ChoiceField(
        label=_("What happens to the measures at 18?"),
        choices=Ettervernvedtak.Utfall.choices,
        widget=forms.RadioSelect,
    )
    endrer_tiltak = forms.ModelMultipleChoiceField(
        label=_("Running measures it continues, changes or ends"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ending, or an offer declined, ends the measures chosen (VED-01)."),
    )
    ungdommens_begrunnelse = forms.CharField(
        label=_("The youth's reason for declining"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_REASON_HELP,
        max_length=5000,
    )

    def __init__(self, *args, sak, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["endrer_tiltak"].queryset = running_tiltak_for_sak(sak)
        self.fields["endrer_tiltak"].label_from_instance = lambda t: (
            f"{t.type.navn} – {t.omfang}" if t.omfang else t.type.navn
        )

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        return cls(data, sak=obj)

    def service_kwargs(self) -> dict:
        return {
            "utfall": self.cleaned_data["utfall"],
            "endrer_tiltak_ids": [t.pk for t in self.cleaned_data.get("endrer_tiltak") or []],
            "ungdommens_begrunnelse": self.cleaned_data.get("ungdommens_begrunnelse", ""),
        }


class OutcomeForm(ActionForm, Form):
    """ETT-02: the outcome of a draft, and a declined offer's reason."""

    utfall = forms.ChoiceField(
        label=_("What happens to the measures at 18?"),
        choices=Ettervernvedtak.Utfall.choices,
        widget=forms.RadioSelect,
    )
    ungdommens_begrunnelse = forms.CharField(
        label=_("The youth's reason for declining"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_REASON_HELP,
        max_length=5000,
    )

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        return cls(
            data,
            initial={"utfall": obj.utfall, "ungdommens_begrunnelse": obj.ungdommens_begrunnelse},
        )
