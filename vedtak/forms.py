"""Forms of the decision pages. Each form parses input; the services decide (rules, VED-…)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form, ModelForm
from documents.models import Utsending
from documents.recipients import Recipient

from . import rules
from .models import Samtykke, Tiltak, Tiltakstype, Vedtak


class VersionedForm:
    """VED-12: the version of the decision the user saw travels with the form."""

    def add_version(self, versjon: int) -> None:
        self.fields["versjon"] = forms.IntegerField(widget=forms.HiddenInput, initial=versjon)


class VedtakCreateForm(Form):
    type = forms.ChoiceField(
        label=_("What is the decision about?"),
        choices=Vedtak.Type.choices,
        widget=forms.RadioSelect,
        initial=Vedtak.Type.NYTT,
    )
    endrer_tiltak = forms.ModelMultipleChoiceField(
        label=_("Running measures it changes or ends"),
        queryset=Tiltak.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for a change or an end (VED-01)."),
    )

    def __init__(self, *args, running, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["endrer_tiltak"].queryset = running
        self.fields["endrer_tiltak"].label_from_instance = lambda t: (
            f"{t.type.navn} – {t.omfang}" if t.omfang else t.type.navn
        )
        if not running.exists():
            del self.fields["endrer_tiltak"]
            self.fields["type"].choices = [(Vedtak.Type.NYTT, Vedtak.Type.NYTT.label)]


class VedtakForm(VersionedForm, ModelForm):
    class Meta:
        model = Vedtak
        fields = [
            "hjemmel",
            "bakgrunn",
            "vurdering",
            "barnets_mening",
            "barnets_mening_vekt",
            "barnets_beste",
            "palegg",
            "nemnd_referanse",
            "nemnd_vedtaksdato",
            "fristdato",
        ]
        widgets = {
            "bakgrunn": forms.Textarea(attrs={"rows": 6}),
            "vurdering": forms.Textarea(attrs={"rows": 8}),
            "barnets_mening": forms.Textarea(attrs={"rows": 4}),
            "barnets_mening_vekt": forms.Textarea(attrs={"rows": 3}),
            "barnets_beste": forms.Textarea(attrs={"rows": 5}),
            "nemnd_vedtaksdato": DateInput(),
            "fristdato": DateInput(),
        }
        help_texts = {
            "barnets_mening": _("What the child said, and how the child was heard (VED-02)."),
            "barnets_beste": _("Why the measures are in the child's best interests (VED-02)."),
            "palegg": _(
                "An ordered measure needs the county board's decision instead of consent (VED-07)."
            ),
            "fristdato": _(
                "After an investigation: the date the decision must be approved by (VED-08)."
            ),
        }

    def __init__(self, *args, versjon: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version(versjon)


class TiltakForm(VersionedForm, ModelForm):
    class Meta:
        model = Tiltak
        fields = ["type", "beskrivelse", "omfang", "startdato", "rettet_mot_barnet"]
        widgets = {"startdato": DateInput(), "beskrivelse": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, versjon: int, avslutning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = Tiltakstype.objects.filter(aktiv=True)
        self.fields["type"].empty_label = _("Choose a measure")
        self.fields["startdato"].required = True
        if avslutning:
            self.fields["startdato"].label = _("Ends on")
            for name in ("type", "omfang", "rettet_mot_barnet"):
                del self.fields[name]
        else:
            self.fields["omfang"].required = True
        self.add_version(versjon)


class ConfirmForm(VersionedForm, Form):
    """A button with the decision's version (VED-12), optionally with a comment."""

    def __init__(
        self,
        *args,
        versjon: int,
        comment: str | None = None,
        comment_required: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if comment is not None:
            self.fields["comment"] = forms.CharField(
                label=comment,
                required=comment_required,
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=5000,
            )
        self.add_version(versjon)


class GuidanceForm(ConfirmForm):
    """Send to or release from guidance, with an optional comment for the next person."""

    @classmethod
    def for_action(cls, data, *, vedtak, offer, versjon: int):
        return cls(data, versjon=versjon, comment=_("Comment (optional)"))

    def service_kwargs(self) -> dict:
        return {"comment": self.cleaned_data.get("comment", "")}


class ReturnForm(GuidanceForm):
    """VED-03: a decision goes back to the caseworker with what should be changed."""

    @classmethod
    def for_action(cls, data, *, vedtak, offer, versjon: int):
        return cls(
            data, versjon=versjon, comment=_("What should be changed?"), comment_required=True
        )


class MeasuresApprovalForm(ConfirmForm):
    """VED-05: the team leader approves the proposed measures."""

    @classmethod
    def for_action(cls, data, *, vedtak, offer, versjon: int):
        return cls(data, versjon=versjon)

    def service_kwargs(self) -> dict:
        return {}


class WithdrawForm(VersionedForm, Form):
    reason = forms.CharField(
        label=_("Why is the decision withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, versjon: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version(versjon)

    @classmethod
    def for_action(cls, data, *, vedtak, offer, versjon: int):
        return cls(data, versjon=versjon)

    def service_kwargs(self) -> dict:
        return {"reason": self.cleaned_data["reason"]}


class ApproveForm(VersionedForm, Form):
    def __init__(self, *args, versjon: int, warned: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if warned:
            self.fields["override_reason"] = forms.CharField(
                label=_("Reason for approving anyway"),
                help_text=_("Recorded with your name and the time (VED-09)."),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=2000,
            )
        self.add_version(versjon)

    @classmethod
    def for_action(cls, data, *, vedtak, offer, versjon: int):
        return cls(data, versjon=versjon, warned=bool(offer and offer.warnings))

    def service_kwargs(self) -> dict:
        return {"override_reason": self.cleaned_data.get("override_reason", "")}


class SendOutForm(VersionedForm, Form):
    """VED-10/DOK-02: how each party gets the decision."""

    def __init__(self, *args, versjon: int, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = []
        for part, is_child in recipients:
            recipient = Recipient.of(part, is_child)
            key = recipient.key
            self.fields[key] = forms.ChoiceField(
                label=recipient.name,
                choices=Utsending.Kanal.choices,
                initial=Utsending.Kanal.BREV,
                widget=forms.RadioSelect,
            )
            self.keys.append(key)
        self.add_version(versjon)

    def kanaler(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in self.keys}

    @classmethod
    def for_action(cls, data, *, vedtak, offer, versjon: int):
        return cls(
            data,
            versjon=versjon,
            recipients=rules.parties_to_notify(vedtak, timezone.localdate()),
        )

    def service_kwargs(self) -> dict:
        return {"kanaler": self.kanaler()}


class ForhandsvarselForm(Form):
    mottakere = forms.MultipleChoiceField(
        label=_("Parties to notify"), widget=forms.CheckboxSelectMultiple
    )
    sendt = forms.DateField(label=_("Sent on"), widget=DateInput())
    frist = forms.DateField(
        label=_("Deadline for a statement"),
        widget=DateInput(),
        help_text=_("Give the parties reasonable time to answer (fvl § 16)."),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mottakere"].choices = choices
        today = timezone.localdate()
        self.fields["sendt"].initial = today
        self.fields["frist"].initial = today + timedelta(days=14)


class UttalelseForm(Form):
    mottatt = forms.DateField(label=_("Statement received"), widget=DateInput())
    uttalelse = forms.CharField(
        label=_("What the party said"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text=_("Or that the party had no comments."),
    )


class SamtykkeForm(ModelForm):
    giver = forms.ChoiceField(label=_("Given by"))
    tiltak_valg = forms.ModelMultipleChoiceField(
        label=_("Measures the consent covers"),
        queryset=Tiltak.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Samtykke
        fields = [
            "formal_type",
            "formal",
            "informasjon",
            "mottaker",
            "mottakertype",
            "gitt_dato",
            "gyldig_til",
            "form",
            "informert_om_tilbaketrekking",
            "informert_om_rettigheter",
            "tolk_brukt",
        ]
        widgets = {
            "formal_type": forms.RadioSelect,
            "formal": forms.Textarea(attrs={"rows": 3}),
            "informasjon": forms.Textarea(attrs={"rows": 3}),
            "gitt_dato": DateInput(),
            "gyldig_til": DateInput(),
        }

    field_order = ["giver", "formal_type", "tiltak_valg"]

    def __init__(self, *args, givers, tiltak, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["giver"].choices = [("", _("Choose")), *givers]
        self.fields["tiltak_valg"].queryset = tiltak
        self.fields["tiltak_valg"].label_from_instance = lambda t: (
            f"{t.type.navn} ({t.vedtak.get_status_display().lower()})"
        )
        self.fields["gitt_dato"].initial = timezone.localdate()


class SamtykkeWithdrawForm(Form):
    dato = forms.DateField(label=_("Withdrawn on"), widget=DateInput())
    merknad = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class TiltakStartForm(Form):
    fra_dato = forms.DateField(label=_("Started on"), widget=DateInput())


class TiltakLapseForm(Form):
    bortfalt_dato = forms.DateField(label=_("Lapsed on"), widget=DateInput())


class QueueFilterForm(Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    frist = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("All")), ("snart", _("Due soon or overdue")), ("over", _("Overdue"))],
    )

    def __init__(self, *args, statuses, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("All")),
            *[(s, Vedtak.Status(s).label) for s in statuses],
        ]
        self.fields["team"].choices = [("", _("All teams")), *[(t.pk, t.navn) for t in teams]]
