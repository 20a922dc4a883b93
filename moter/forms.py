"""The meetings' forms: a meeting's plan (MOTE-01, MOTE-03), its minutes, an agreed action
(MOTE-04), cancelling, an ansvarsgruppe (MOTE-05). The forms parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, DateInput, Form, WallClockDateTimeField

from . import selectors
from .models import Mote


def _name(u) -> str:
    return u.get_full_name() or u.get_username()


class MoteForm(Form):
    """A meeting's plan. Outside participants one a line: «name, service»."""

    type = forms.ChoiceField(
        label=_("Kind of meeting"), choices=[("", _("Choose")), *Mote.Type.choices]
    )
    tidspunkt = WallClockDateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    sted = forms.CharField(label=_("Place"), required=False, max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    leder = forms.ModelChoiceField(label=_("Invites and leads"), queryset=None)
    referent = forms.ModelChoiceField(
        label=_("Writes the minutes"),
        queryset=None,
        help_text=_("One of the case's team; they sign the minutes (MOTE-01)."),
    )
    parter = forms.ModelMultipleChoiceField(
        label=_("Parties taking part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ansatte = forms.ModelMultipleChoiceField(
        label=_("Staff taking part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eksterne = forms.CharField(
        label=_("Outside participants"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: name, service – e.g. «Kari Nilsen, Solbakken skole». Each needs an "
            "active consent to share information that names the service (MOTE-03)."
        ),
    )
    anonym = forms.BooleanField(
        label=_("Discussed anonymously (drøftingsmøte without identifying data)"),
        required=False,
    )

    def __init__(self, *args, sak, **kwargs):
        super().__init__(*args, **kwargs)
        staff = selectors.staff_of(sak)
        self.fields["leder"].queryset = staff
        self.fields["leder"].label_from_instance = _name
        self.fields["referent"].queryset = selectors.team_staff_of(sak)
        self.fields["referent"].label_from_instance = _name
        self.fields["ansatte"].queryset = staff
        self.fields["ansatte"].label_from_instance = _name
        self.fields["parter"].queryset = selectors.parties_of(sak)
        self.fields["parter"].label_from_instance = lambda p: (
            f"{p.fullt_navn} ({p.get_relasjon_display()})"
        )

    def clean_eksterne(self) -> list[tuple[str, str]]:
        found = []
        for line in (self.cleaned_data.get("eksterne") or "").splitlines():
            if not line.strip():
                continue
            navn, sep, tjeneste = line.partition(",")
            if not sep or not navn.strip() or not tjeneste.strip():
                raise forms.ValidationError(
                    _("Write each outside participant as «name, service» (MOTE-01).")
                )
            found.append((navn.strip(), tjeneste.strip()))
        return found

    @staticmethod
    def initial_from(mote: Mote) -> dict:
        return {
            "type": mote.type,
            "tidspunkt": mote.tidspunkt,
            "sted": mote.sted,
            "agenda": mote.agenda,
            "leder": mote.leder_id,
            "referent": mote.referent_id,
            "parter": [p.pk for p in mote.parter.all()],
            "ansatte": [u.pk for u in mote.ansatte.all()],
            "eksterne": "\n".join(f"{e.navn}, {e.tjeneste}" for e in mote.eksterne.all()),
            "anonym": mote.anonym,
        }

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "data": {
                k: d.get(k)
                for k in ("type", "tidspunkt", "sted", "agenda", "anonym", "leder", "referent")
            },
            "parter": list(d.get("parter") or []),
            "ansatte": list(d.get("ansatte") or []),
            "eksterne": d.get("eksterne") or [],
        }


class MinutesForm(Form):
    referat = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("What was said, what was agreed, the next steps."),
    )
    vurdering = forms.CharField(
        label=_("The caseworker's assessment"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OppgaveForm(Form):
    """MOTE-04: who, what, by when."""

    ansvarlig = forms.ModelChoiceField(label=_("Who"), queryset=None)
    hva = forms.CharField(
        label=_("What"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    frist = forms.DateField(label=_("By when"), widget=DateInput())

    def __init__(self, *args, sak, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ansvarlig"].queryset = selectors.staff_of(sak)
        self.fields["ansvarlig"].label_from_instance = _name


class ConfirmForm(Form):
    """A button that asks for nothing."""


class CancelForm(ActionForm, Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnsvarsgruppeForm(Form):
    """MOTE-05: members, a coordinator, a rhythm."""

    koordinator = forms.ModelChoiceField(label=_("Coordinator"), queryset=None)
    medlemmer = forms.CharField(
        label=_("Members"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: name and service, e.g. «Kari Nilsen, Solbakken skole»."),
    )
    rytme_uker = forms.IntegerField(label=_("Meets every … weeks"), min_value=1, max_value=52)
    startdato = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args, sak, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["koordinator"].queryset = selectors.staff_of(sak)
        self.fields["koordinator"].label_from_instance = _name
