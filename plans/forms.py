"""The plan editor: a form for the texts and dates, and formsets for the measures, the goals
(with delmål) and the activities. Rows are added, moved and removed by submit buttons, so the
editor works without JavaScript and never loses what was typed (LOG-02): a row operation
rebuilds the posted data and shows it again, unsaved, until the caseworker saves."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, DateInput, Form, PlanDateField, WallClockDateTimeField

from .models import Aktivitet, Maal, Planversjon
from .rules import ACTIVITY_KEYS, GOAL_KEYS

#: The most rows a formset accepts from a post (a guard against absurd input).
MAX_ROWS = 100


def _label(model, name: str) -> str:
    # Lazy: a form class is made at import, its label is read in the user's language.
    return capfirst(model._meta.get_field(name).verbose_name)


def _text(model, name: str, rows: int = 3, **kw) -> forms.CharField:
    field = model._meta.get_field(name)
    return forms.CharField(
        label=_label(model, name),
        required=False,
        help_text=field.help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kw,
    )


class PlanForm(Form):
    #: A draft may be saved half-written; the approval check says what is missing.
    hide_optional = True

    gyldig_fra = PlanDateField(label=_("Applies from"), required=False, widget=DateInput())
    gyldig_til = PlanDateField(
        label=_("Applies until"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: until a new version."),
    )
    neste_evaluering = PlanDateField(label=_("Next evaluation"), required=False, widget=DateInput())
    neste_evaluering_begrunnelse = _text(Planversjon, "neste_evaluering_begrunnelse", 2)
    utfordringer = _text(Planversjon, "utfordringer", 4)
    ressurser = _text(Planversjon, "ressurser", 3)
    behov = _text(Planversjon, "behov", 3)
    ansvar = _text(Planversjon, "ansvar", 3)
    barnets_onsker = _text(Planversjon, "barnets_onsker", 3)
    tilpasninger = _text(Planversjon, "tilpasninger", 2)
    sikkerhetsplan = _text(Planversjon, "sikkerhetsplan", 3)
    medvirkning_barn = _text(Planversjon, "medvirkning_barn", 2)
    medvirkning_foreldre = _text(Planversjon, "medvirkning_foreldre", 2)
    til_barnet = _text(Planversjon, "til_barnet", 3)
    min_plan = forms.BooleanField(
        label=_label(Planversjon, "min_plan"),
        required=False,
        help_text=Planversjon._meta.get_field("min_plan").help_text,
    )
    ungdommens_ord = _text(Planversjon, "ungdommens_ord", 4)
    samtykker = forms.MultipleChoiceField(
        label=_("Consents the plan relies on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    GROUPS = (
        (
            _("Time frame"),
            ("gyldig_fra", "gyldig_til", "neste_evaluering", "neste_evaluering_begrunnelse"),
        ),
        (_("Challenges, resources and needs"), ("utfordringer", "ressurser", "behov")),
        (
            _("Roles, the child's wishes and safety"),
            ("ansvar", "barnets_onsker", "tilpasninger", "sikkerhetsplan"),
        ),
        (
            _("How the child and the parents took part"),
            ("medvirkning_barn", "medvirkning_foreldre"),
        ),
        (_("The child-friendly version"), ("til_barnet",)),
        (_("«Min plan» (from 18)"), ("min_plan", "ungdommens_ord")),
    )

    def __init__(self, *args, consents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["samtykker"].choices = [(str(s.pk), _consent_label(s)) for s in consents]

    def groups(self):
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "samtykker"}


def _consent_label(s) -> str:
    measures = ", ".join(str(t.type) for t in s.tiltak.all())
    text = f"{s.get_formal_type_display()} – {s.gitt_av_navn}, {s.gitt_dato:%d.%m.%Y}"
    if s.mottaker:
        text += f" ({s.mottaker})"
    if measures:
        text += f": {measures}"
    if s.trukket_dato:
        text += f" – {_('withdrawn')} {s.trukket_dato:%d.%m.%Y}"
    return text


class MeasureForm(Form):
    """One of the case's measures: in the plan or not, and its time frame (PLAN-02)."""

    tiltak_id = forms.IntegerField(widget=forms.HiddenInput)
    valgt = forms.BooleanField(label=_("In the plan"), required=False)
    planlagt_til = PlanDateField(
        label=_("Time frame: planned until"), required=False, widget=DateInput()
    )

    def __init__(self, *args, measure=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        if measure is not None:
            self.fields["valgt"].label = str(measure.type)


class BaseMeasureFormSet(forms.BaseFormSet):
    def __init__(self, *args, measures=(), **kwargs):
        self.measures = list(measures)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["measure"] = self.measures[index] if index < len(self.measures) else None
        return kwargs

    def chosen(self) -> list[tuple[int, Any]]:
        allowed = {m.pk for m in self.measures}
        return [
            (f.cleaned_data["tiltak_id"], f.cleaned_data.get("planlagt_til"))
            for f in self.forms
            if f.cleaned_data.get("valgt") and f.cleaned_data.get("tiltak_id") in allowed
        ]


MeasureFormSet = forms.formset_factory(MeasureForm, formset=BaseMeasureFormSet, extra=0)


class GoalForm(Form):
    """PLAN-02: a goal, or a delmål of the goal above it."""

    hide_optional = True
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    delmal = forms.BooleanField(label=_("Delmål of the goal above"), required=False)
    beskrivelse = _text(Maal, "beskrivelse", 2)
    indikator = _text(Maal, "indikator", 2)
    niva_na = forms.CharField(label=_label(Maal, "niva_na"), required=False, max_length=300)
    malniva = forms.CharField(label=_label(Maal, "malniva"), required=False, max_length=300)
    frist = PlanDateField(label=_label(Maal, "frist"), required=False, widget=DateInput())
    barnets_ord = _text(Maal, "barnets_ord", 2)


class ActivityForm(Form):
    """PLAN-02: what, where, how often, and who is responsible."""

    hide_optional = True
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    hva = _text(Aktivitet, "hva", 2)
    hvor = forms.CharField(label=_label(Aktivitet, "hvor"), required=False, max_length=200)
    hvor_ofte = forms.CharField(
        label=_label(Aktivitet, "hvor_ofte"), required=False, max_length=200
    )
    ansvarlig = forms.CharField(
        label=_label(Aktivitet, "ansvarlig"), required=False, max_length=200
    )


GoalFormSet = forms.formset_factory(GoalForm, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS)
ActivityFormSet = forms.formset_factory(
    ActivityForm, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS
)

GOAL_PREFIX = "maal"
ACTIVITY_PREFIX = "aktivitet"
MEASURE_PREFIX = "tiltak"
ROW_FIELDS = {
    GOAL_PREFIX: list(GoalForm.base_fields),
    ACTIVITY_PREFIX: list(ActivityForm.base_fields),
}
OP = re.compile(r"^(add|up|down|remove)-(maal|aktivitet)(?:-(\d+))?$")


def apply_row_operation(data: QueryDict, op: str) -> tuple[QueryDict, str | None]:
    """Add, move or remove a row of a formset in posted data, and say which control should
    get the focus afterwards. Nothing is validated or saved: the rows are shown again with
    everything that was typed."""
    match = OP.match(op or "")
    if match is None:
        return data, None
    action, prefix, index = match.group(1), match.group(2), match.group(3)
    fields = ROW_FIELDS[prefix]
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), MAX_ROWS)
    except ValueError:
        total = 0
    rows = [{f: data.get(f"{prefix}-{i}-{f}", "") for f in fields} for i in range(total)]
    focus = None
    i = int(index) if index is not None else None
    if action == "add" and total < MAX_ROWS:
        rows.append(dict.fromkeys(fields, ""))
        focus = f"id_{prefix}-{len(rows) - 1}-{'beskrivelse' if prefix == GOAL_PREFIX else 'hva'}"
    elif i is not None and 0 <= i < total:
        if action == "up" and i > 0:
            rows[i - 1], rows[i] = rows[i], rows[i - 1]
            focus = f"up-{prefix}-{i - 1}" if i - 1 > 0 else f"down-{prefix}-0"
        elif action == "down" and i < total - 1:
            rows[i + 1], rows[i] = rows[i], rows[i + 1]
            focus = f"down-{prefix}-{i + 1}" if i + 1 < total - 1 else f"up-{prefix}-{i + 1}"
        elif action == "remove":
            del rows[i]
            focus = f"add-{prefix}"
    new = data.copy()
    start = len(prefix) + 1
    for key in [k for k in new if k.startswith(f"{prefix}-") and k[start : start + 1].isdigit()]:
        del new[key]
    for n, row in enumerate(rows):
        for f, value in row.items():
            if value not in ("", None):
                new[f"{prefix}-{n}-{f}"] = value
    new[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    new[f"{prefix}-INITIAL_FORMS"] = "0"
    return new, focus


def goal_rows(formset) -> list[dict[str, Any]]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data]


def initial_goals(versjon: Planversjon) -> list[dict[str, Any]]:
    return [
        {
            "id": m.pk,
            "delmal": m.overordnet_id is not None,
            **{k: getattr(m, k) for k in GOAL_KEYS},
        }
        for m in versjon.maal.all()
    ]


def initial_activities(versjon: Planversjon) -> list[dict[str, Any]]:
    return [
        {"id": a.pk, **{k: getattr(a, k) for k in ACTIVITY_KEYS}} for a in versjon.aktiviteter.all()
    ]


def initial_measures(versjon: Planversjon, measures) -> list[dict[str, Any]]:
    named = {pt.tiltak_id: pt for pt in versjon.plantiltak.all()}
    return [
        {
            "tiltak_id": m.pk,
            "valgt": m.pk in named,
            "planlagt_til": named[m.pk].planlagt_til if m.pk in named else None,
        }
        for m in measures
    ]


def posted(request):
    """The data a form is bound to: the POST, even an empty one (a button alone), else
    ``None`` (a GET shows the form unbound)."""
    return request.POST if request.method == "POST" else None


class ReturnForm(ActionForm, Form):
    """PLAN-03: a version goes back to the caseworker with what should be changed."""

    comment = forms.CharField(
        label=_("What should be changed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class IntervalForm(ActionForm, Form):
    """EVAL-01: a longer evaluation interval for one plan, with the reason."""

    months = forms.TypedChoiceField(
        label=_("Evaluation interval"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason for the longer interval"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a longer interval than the service's (EVAL-01)."),
    )

    def __init__(self, *args, default: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["months"].choices = [
            ("", _("The service's interval: %(n)s months") % {"n": default}),
            *[(str(m), _("%(n)s months") % {"n": m}) for m in range(default + 1, 13)],
        ]

    @classmethod
    def for_action(cls, data, *, obj, offer=None, default: int):
        """The form for the plan of ``obj`` (a :class:`plans.actions.PlanOfCase`), filled in
        with its interval and reason."""
        plan = obj.plan
        return cls(
            data,
            default=default,
            initial={"months": plan.intervall_maneder, "reason": plan.intervall_begrunnelse},
        )


class DispatchForm(Form):
    """DOK-02: how every party got the document (one channel per recipient)."""

    tidspunkt = WallClockDateTimeField(
        label=_("Sent on"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, recipients=(), channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.recipient_keys = []
        for key, name, done in recipients:
            if done:
                continue
            self.fields[key] = forms.ChoiceField(
                label=name, choices=[("", _("Choose how it was sent")), *channels]
            )
            self.recipient_keys.append(key)

    def kanaler(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in self.recipient_keys}
