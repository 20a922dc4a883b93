"""The evaluation form (EVAL-03): the voices, progress per goal and delmål (prefilled from the
plan's goals), a conclusion per measure, and the next evaluation date (EVAL-02)."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form, PlanDateField

from .models import Evaluering, Maalvurdering, Tiltakskonklusjon


def _text(name: str, rows: int = 3) -> forms.CharField:
    field = Evaluering._meta.get_field(name)
    return forms.CharField(
        label=capfirst(field.verbose_name),  # lazy: read in the user's language
        required=False,
        help_text=field.help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class EvaluationForm(Form):
    hide_optional = True  # a draft may be saved half-written; completion says what is missing

    dato = forms.DateField(label=_("Date of the evaluation"), required=False, widget=DateInput())
    deltakere = _text("deltakere", 2)
    fra_tjenesten = _text("fra_tjenesten")
    fra_samarbeidspartnere = _text("fra_samarbeidspartnere")
    fra_foreldre = _text("fra_foreldre")
    fra_barnet = _text("fra_barnet")
    barnet_ikke_spurt_begrunnelse = _text("barnet_ikke_spurt_begrunnelse", 2)
    oppsummering = _text("oppsummering")
    neste_evaluering = PlanDateField(label=_("Next evaluation"), required=False, widget=DateInput())

    GROUPS = (
        (_("The meeting"), ("dato", "deltakere")),
        (
            _("What everyone says"),
            ("fra_tjenesten", "fra_samarbeidspartnere", "fra_foreldre"),
        ),
        (_("The child's own view"), ("fra_barnet", "barnet_ikke_spurt_begrunnelse")),
    )

    def groups(self):
        return [(title, [self[n] for n in names]) for title, names in self.GROUPS]


class ProgressForm(Form):
    hide_optional = True
    fremgang = forms.ChoiceField(
        label=_("Progress"),
        required=False,
        choices=[("", _("Choose")), *Maalvurdering.Fremgang.choices],
    )
    niva_na = forms.CharField(label=_("Level now"), required=False, max_length=300)
    kommentar = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, row=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row


class ConclusionForm(Form):
    hide_optional = True
    konklusjon = forms.ChoiceField(
        label=_("Conclusion"),
        required=False,
        choices=[("", _("Choose")), *Tiltakskonklusjon.Konklusjon.choices],
        help_text=_("Replace, supplement or end opens a draft decision (EVAL-04)."),
    )
    begrunnelse = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, row=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row


class _RowFormSet(forms.BaseFormSet):
    def __init__(self, *args, rows=(), **kwargs):
        self.rows = list(rows)
        kwargs.setdefault("initial", [self.initial_for(r) for r in self.rows])
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["row"] = self.rows[index] if index < len(self.rows) else None
        return kwargs

    def total_form_count(self):
        return len(self.rows)


class _ProgressFormSet(_RowFormSet):
    @staticmethod
    def initial_for(r):
        return {"fremgang": r.fremgang, "niva_na": r.niva_na, "kommentar": r.kommentar}

    def values(self) -> dict[int, dict]:
        return {f.row.maal_id: f.cleaned_data for f in self.forms}


class _ConclusionFormSet(_RowFormSet):
    @staticmethod
    def initial_for(r):
        return {"konklusjon": r.konklusjon, "begrunnelse": r.begrunnelse}

    def values(self) -> dict[int, dict]:
        return {f.row.tiltak_id: f.cleaned_data for f in self.forms}


ProgressFormSet = forms.formset_factory(ProgressForm, formset=_ProgressFormSet, extra=0)
ConclusionFormSet = forms.formset_factory(ConclusionForm, formset=_ConclusionFormSet, extra=0)
