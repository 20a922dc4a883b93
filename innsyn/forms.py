"""Input of requests for access: the fields parsed; the services decide (INNSYN-01)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form

from .models import Innsynskrav, Vurdering
from .services import Decision


class RegisterForm(Form):
    part = forms.ModelChoiceField(label=_("Party who asks"), queryset=None)
    mottatt = forms.DateField(
        label=_("Date received"), widget=DateInput(), initial=timezone.localdate
    )
    kanal = forms.ChoiceField(label=_("Channel"), choices=Innsynskrav.Kanal.choices)
    hva = forms.CharField(
        label=_("What the party asks to see"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].queryset = parties
        self.fields["part"].label_from_instance = lambda p: (
            f"{p.fullt_navn} ({p.get_relasjon_display()})"
        )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "part_id": d["part"].pk,
            "mottatt": d["mottatt"],
            "kanal": d["kanal"],
            "hva": d["hva"],
        }


class ReviewForm(Form):
    """For each document of the case: given or withheld, and when withheld the fvl § 19 ground
    and a description. The fields are named by the document's key (``brev_12_utfall`` …)."""

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = documents
        for doc in documents:
            v = doc.vurdering
            self.fields[f"{doc.key}_utfall"] = forms.ChoiceField(
                label=_("Access"),
                choices=Vurdering.Utfall.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=v.utfall if v else None,
            )
            self.fields[f"{doc.key}_grunn"] = forms.ChoiceField(
                label=_("Ground for withholding"),
                choices=[("", "—"), *Vurdering.Grunn.choices],
                required=False,
                initial=v.grunn if v else "",
            )
            self.fields[f"{doc.key}_begrunnelse"] = forms.CharField(
                label=_("Description of the ground (shown in the letter)"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=2000,
                initial=v.begrunnelse if v else "",
            )

    def groups(self):
        """Each document with its three fields, for the template."""
        return [
            (doc, [self[f"{doc.key}_{n}"] for n in ("utfall", "grunn", "begrunnelse")])
            for doc in self.documents
        ]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        decisions = {}
        for doc in self.documents:
            utfall = d.get(f"{doc.key}_utfall") or ""
            if not utfall:
                continue
            decisions[doc.key] = Decision(
                utfall=utfall,
                grunn=d.get(f"{doc.key}_grunn") or "",
                begrunnelse=d.get(f"{doc.key}_begrunnelse") or "",
            )
        return {"decisions": decisions}


class AnswerForm(Form):
    """Nothing to fill in: the answer is made from the decisions on the documents."""

    def service_kwargs(self) -> dict:
        return {}
