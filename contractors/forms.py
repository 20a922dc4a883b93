"""Forms of the contractor pages. Each form parses input; the services decide (OPP-…).

The forms of the action tables (:mod:`contractors.actions`) follow
:class:`core.forms.ActionForm`: ``for_action(data, *, obj, offer, …)`` builds the form for the
record the action is on, and ``service_kwargs()`` gives what the action's service takes from
the form besides the actor and the record's id.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, DateInput, Form, ModelForm, PlanDateField

from .models import Innlevering, Oppdrag, Oppdragstaker, Politiattest
from .programs import programs_for_contractor
from .selectors import OppdragstakerFilter


class OppdragstakerFilterForm(forms.Form):
    """The contractor list's filters (GET; no personal data in them)."""

    hide_optional = True

    type = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Oppdragstaker.Type.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All states")), *Oppdragstaker.Status.choices],
    )

    def to_filter(self) -> OppdragstakerFilter:
        if not self.is_valid():
            return OppdragstakerFilter()
        return OppdragstakerFilter(
            type=self.cleaned_data.get("type") or "", status=self.cleaned_data.get("status") or ""
        )


class OppdragstakerForm(ActionForm, ModelForm):
    """OPP-01: a contractor's details; a new one when the action has no record (``obj`` is
    ``None``: registering a contractor)."""

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        form = cls(data, instance=obj)
        programs_for_contractor(form, obj)  # BANK-01: the programmes trained in
        return form

    def service_kwargs(self) -> dict:
        return {"data": self.cleaned_data}

    class Meta:
        model = Oppdragstaker
        fields = [
            "type",
            "tilknytning",
            "fornavn",
            "etternavn",
            "firmanavn",
            "arbeider_med_barnet",
            "adresse",
            "telefon",
            "epost",
            "merknad",
            "programmer",
        ]
        widgets = {
            "merknad": forms.Textarea(attrs={"rows": 3}),
            "programmer": forms.CheckboxSelectMultiple,
        }

    def validate_unique(self):
        # The service validates (OPP-01/OPP-03) and reports by rule.
        pass

    def _post_clean(self):
        # Model validation and constraints are the service's (named by rule, next to the field).
        pass


class PolitiattestForm(ActionForm, ModelForm):
    class Meta:
        model = Politiattest
        fields = ["utstedt_dato", "vurdert_dato", "resultat", "vurdering"]
        widgets = {
            "utstedt_dato": DateInput(),
            "vurdert_dato": DateInput(),
            "vurdering": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "utstedt_dato": _("The date on the certificate (a child care certificate)."),
            "vurdert_dato": _("The day you assessed it. You are recorded as the assessor."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vurdert_dato"].initial = timezone.localdate()

    def _post_clean(self):
        pass


class TaushetserklaeringForm(ActionForm, Form):
    signert_dato = forms.DateField(
        label=_("Signed on"),
        widget=DateInput(),
        help_text=_("The date the contractor signed the confidentiality declaration."),
    )


class ReasonForm(ActionForm, Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class OppdragForm(ActionForm, ModelForm):
    """OPP-04: the assignment agreement; here with the contractor, for a new assignment."""

    oppdragstaker = forms.ModelChoiceField(
        label=_("Contractor"),
        queryset=Oppdragstaker.objects.none(),
        help_text=_(
            "Only a contractor who may act can be assigned to a measure that has started or "
            "starts today (OPP-02)."
        ),
    )

    class Meta:
        model = Oppdrag
        fields = [
            "oppdragstaker",
            "fra_dato",
            "til_dato",
            "timer",
            "timer_per",
            "godtgjoring",
            "sats",
            "utgiftsdekning",
            "veiledningsplan",
            "rapportering",
            "oppgaver",
        ]
        widgets = {
            "fra_dato": DateInput(),
            "til_dato": DateInput(),
            "veiledningsplan": forms.Textarea(attrs={"rows": 4}),
            "oppgaver": forms.Textarea(attrs={"rows": 3}),
            "timer": forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "inputmode": "decimal"}),
        }
        field_classes = {"fra_dato": PlanDateField, "til_dato": PlanDateField}

    def __init__(self, *args, oppdragstakere=None, edit=False, **kwargs):
        super().__init__(*args, **kwargs)
        if edit:
            del self.fields["oppdragstaker"]
        else:
            self.fields["oppdragstaker"].queryset = (
                oppdragstakere if oppdragstakere is not None else Oppdragstaker.objects.none()
            )
            self.fields["oppdragstaker"].label_from_instance = lambda o: (
                f"{o.navn} – {o.get_type_display()} – {o.get_status_display()}"
            )

    def validate_unique(self):
        pass

    def _post_clean(self):
        pass

    def clean_timer(self):
        # The database refuses 0 or fewer hours (``oppdrag_hours_positive``): say so here.
        timer = self.cleaned_data.get("timer")
        if timer is not None and timer <= 0:
            raise forms.ValidationError(_("The hours must be more than 0 (OPP-04)."))
        return timer

    def agreement_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "oppdragstaker"}

    @classmethod
    def for_action(cls, data, *, obj, offer=None, oppdragstakere, oppdragstaker=None):
        """The agreement for the measure ``obj``, from its start (or its planned start)."""
        initial = {"fra_dato": obj.fra_dato or obj.startdato}
        if oppdragstaker:
            initial["oppdragstaker"] = oppdragstaker
        return cls(data, initial=initial, oppdragstakere=oppdragstakere)

    def service_kwargs(self) -> dict:
        return {
            "oppdragstaker_id": self.cleaned_data["oppdragstaker"].pk,
            "data": self.agreement_data(),
        }


class OppdragEditForm(OppdragForm):
    """OPP-04: a change of the agreement (the contractor stays)."""

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        return cls(data, instance=obj, edit=True)

    def service_kwargs(self) -> dict:
        return {"data": self.cleaned_data}


class OrienteringForm(ActionForm, Form):
    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        return cls(
            data,
            initial={
                "orientert_dato": obj.orientert_dato or timezone.localdate(),
                "orientering_notat": obj.orientering_notat,
            },
        )

    def service_kwargs(self) -> dict:
        return {
            "orientert_dato": self.cleaned_data["orientert_dato"],
            "notat": self.cleaned_data["orientering_notat"],
        }

    orientert_dato = forms.DateField(label=_("Briefed on"), widget=DateInput())
    orientering_notat = forms.CharField(
        label=_("What the briefing covered"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The case, the goals of the measure, risks and agreements with the family (OPP-06)."
        ),
    )


class KontraktForm(ActionForm, Form):
    dato = forms.DateField(
        label=_("Work contract / pay notice made on"),
        widget=DateInput(),
        initial=timezone.localdate,
    )


class InnleveringForm(ActionForm, Form):
    type = forms.ChoiceField(label=_("Received"), choices=Innlevering.Type.choices)
    periode = forms.DateField(
        label=_("Month"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        help_text=_("The month the timesheet or report covers. Not for the final report."),
    )
    mottatt = forms.DateField(
        label=_("Received on"), widget=DateInput(), initial=timezone.localdate
    )
    merknad = forms.CharField(label=_("Note"), required=False, max_length=300)
    fil = forms.FileField(
        label=_("The report (optional)"),
        required=False,
        # An empty file is refused by the service, with the rest of INN-01's file checks.
        allow_empty_file=True,
        help_text=_(
            "PDF, PNG or JPEG. The report is stored as an incoming document of the case (OPP-05)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "type": d["type"],
            "periode": d.get("periode"),
            "mottatt": d["mottatt"],
            "merknad": d.get("merknad") or "",
            "fil": d.get("fil") or None,
        }


class OppdragEndForm(ActionForm, Form):
    dato = forms.DateField(label=_("Last day"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
