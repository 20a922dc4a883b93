"""Forms of the decision pages. Each form parses input; the services decide (rules, VED-…).

The forms of the actions (:mod:`vedtak.actions`) follow :class:`core.forms.ActionForm`:
``for_action(data, *, obj, offer, …)`` builds the form for the record the action is on (with
``versjon``, the version of the decision the user saw, where VED-12 applies) and
``service_kwargs()`` gives the service its keyword arguments."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, DateInput, Form, ModelForm, PlanDateField
from documents.models import Utsending
from documents.recipients import CHILD_KEY, Recipient

from . import rules, selectors
from .models import Samtykke, Tiltak, Tiltakstype, Vedtak
from .program_fields import programs_for_form


class VersionedForm(ActionForm):
    """VED-12: the version of the decision the user saw travels with the form."""

    def add_version(self, versjon: int) -> None:
        self.fields["versjon"] = forms.IntegerField(widget=forms.HiddenInput, initial=versjon)

    def content(self) -> dict:
        """What the form changes: its fields but the version."""
        return {k: v for k, v in self.cleaned_data.items() if k != "versjon"}

    def service_kwargs(self) -> dict:
        return {"versjon": self.cleaned_data["versjon"], "data": self.content()}


class VedtakCreateForm(ActionForm, Form):
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

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        return cls(data, running=selectors.running_tiltak_for_sak(obj))

    def service_kwargs(self) -> dict:
        return {
            "type": self.cleaned_data["type"],
            "endrer_tiltak_ids": [t.pk for t in self.cleaned_data.get("endrer_tiltak") or []],
        }


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

    @classmethod
    def for_action(cls, data, *, obj, offer=None, versjon: int):
        return cls(data, instance=obj, versjon=versjon)


class TiltakForm(VersionedForm, ModelForm):
    """A measure of a draft: added to the decision (``obj`` a :class:`Vedtak`) or changed
    (``obj`` a :class:`Tiltak`)."""

    class Meta:
        model = Tiltak
        fields = [
            "type",
            "program",
            "utforer",
            "beskrivelse",
            "omfang",
            "startdato",
            "sluttdato",
            "rettet_mot_barnet",
        ]
        field_classes = {"startdato": PlanDateField, "sluttdato": PlanDateField}
        widgets = {
            "startdato": DateInput(),
            "sluttdato": DateInput(),
            "beskrivelse": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, versjon: int, avslutning: bool = False, tjeneste_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = Tiltakstype.objects.filter(aktiv=True)
        programs_for_form(self, tjeneste_id)  # BANK-02 … BANK-04
        self.fields["type"].empty_label = _("Choose a measure")
        self.fields["startdato"].required = True
        if avslutning:
            self.fields["startdato"].label = _("Ends on")
            for name in ("type", "program", "utforer", "omfang", "sluttdato", "rettet_mot_barnet"):
                del self.fields[name]
        else:
            self.fields["omfang"].required = True
        self.add_version(versjon)

    def clean(self):
        data = super().clean()
        start, end = data.get("startdato"), data.get("sluttdato")
        if start and end and end < start:
            self.add_error("sluttdato", _("The planned end cannot be before the planned start."))
        return data

    @classmethod
    def for_action(cls, data, *, obj, offer=None, versjon: int):
        tiltak = obj if isinstance(obj, Tiltak) else None
        vedtak = obj.vedtak if tiltak is not None else obj
        return cls(
            data,
            instance=tiltak,
            versjon=versjon,
            avslutning=vedtak.er_avslutning,
            tjeneste_id=vedtak.sak.tjeneste_id,
        )


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

    @classmethod
    def for_action(cls, data, *, obj, offer=None, versjon: int):
        return cls(data, versjon=versjon)

    def service_kwargs(self) -> dict:
        # The fields are the service's: the version, and the comment when there is one.
        return dict(self.cleaned_data)


class GuidanceForm(ConfirmForm):
    """Send to or release from guidance, with an optional comment for the next person; when a
    chosen programme may not fit (BANK-02), the caseworker's assessment."""

    @classmethod
    def for_action(cls, data, *, obj, offer=None, versjon: int):
        form = cls(data, versjon=versjon, comment=_("Comment"))
        if offer and offer.warnings:
            form.fields["override_reason"] = forms.CharField(
                label=_("Your assessment of the programmes chosen"),
                help_text=_(
                    "Why the programme is right for this child and family after all. Recorded "
                    "with your name and the time (BANK-02)."
                ),
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=5000,
            )
        return form


class ReturnForm(GuidanceForm):
    """VED-03: a decision goes back to the caseworker with what should be changed."""

    @classmethod
    def for_action(cls, data, *, obj, offer=None, versjon: int):
        return cls(
            data, versjon=versjon, comment=_("What should be changed?"), comment_required=True
        )


class MeasuresApprovalForm(ConfirmForm):
    """VED-05: the team leader approves the proposed measures."""


class CommentForm(ActionForm, Form):
    """Guidance between caseworker and leaders: a comment on the decision, in any state."""

    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def service_kwargs(self) -> dict:
        return {"text": self.cleaned_data["comment"]}


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
    def for_action(cls, data, *, obj, offer=None, versjon: int):
        return cls(data, versjon=versjon)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


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
    def for_action(cls, data, *, obj, offer=None, versjon: int):
        return cls(data, versjon=versjon, warned=bool(offer and offer.warnings))

    def service_kwargs(self) -> dict:
        return {
            "versjon": self.cleaned_data["versjon"],
            "override_reason": self.cleaned_data.get("override_reason", ""),
        }


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
    def for_action(cls, data, *, obj, offer=None, versjon: int):
        return cls(
            data,
            versjon=versjon,
            recipients=rules.parties_to_notify(obj, timezone.localdate()),
        )

    def service_kwargs(self) -> dict:
        return {"versjon": self.cleaned_data["versjon"], "kanaler": self.kanaler()}


class ForhandsvarselForm(ActionForm, Form):
    """VED-06: the parties not yet notified, each once."""

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

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        recipients = [
            Recipient.of(part, is_child)
            for part, is_child in rules.unnotified(obj, timezone.localdate())
        ]
        choices = [(r.key, r.name) for r in recipients]
        return cls(data, choices=choices, initial={"mottakere": [key for key, _name in choices]})


class UttalelseForm(ActionForm, Form):
    mottatt = forms.DateField(label=_("Statement received"), widget=DateInput())
    uttalelse = forms.CharField(
        label=_("What the party said"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text=_("Or that the party had no comments."),
    )

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        return cls(
            data,
            initial={
                "mottatt": obj.uttalelse_mottatt or timezone.localdate(),
                "uttalelse": obj.uttalelse,
            },
        )


def consent_givers(sak, on) -> list[tuple[str, str]]:
    """Who can give a consent in the case, as ``(key, label)``: the active parties, and the
    child; from the 18th birthday the youth first, as only the youth consents (SAM-01)."""
    givers = []
    for p in sak.parter.filter(aktiv=True):
        care = ", " + str(_("daily care")) if p.daglig_omsorg else ""
        givers.append(
            (Recipient(p).key, f"{p.fullt_navn} ({p.get_relasjon_display().lower()}{care})")
        )
    if on >= rules.adult_from(sak.barn.fodselsdato):
        givers.insert(0, (CHILD_KEY, str(_("The youth (18 or older: only the youth consents)"))))
    else:
        givers.append((CHILD_KEY, str(_("The child"))))
    return givers


class SamtykkeForm(ActionForm, ModelForm):
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
        field_classes = {"gyldig_til": PlanDateField}

    field_order = ["giver", "formal_type", "tiltak_valg"]
    #: The fields of each purpose (issue 20): the page shows those of the chosen one, and the
    #: service asks only those (SAM-02 the measures; SAM-04 the recipient and what is shared).
    #: They are required within their purpose, so no field says «optional» by itself.
    PURPOSE_FIELDS = {
        Samtykke.Formal.TILTAK: ("tiltak_valg",),
        Samtykke.Formal.INFORMASJONSDELING: ("mottaker", "mottakertype", "informasjon"),
    }
    PURPOSE_HELP = {
        Samtykke.Formal.TILTAK: _("Only for a consent to measures."),
        Samtykke.Formal.INFORMASJONSDELING: _(
            "Only for a consent to share information: one recipient per consent (SAM-04)."
        ),
    }
    hide_optional = True

    def __init__(self, *args, givers, tiltak, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["giver"].choices = [("", _("Choose")), *givers]
        self.fields["tiltak_valg"].queryset = tiltak
        self.fields["tiltak_valg"].label_from_instance = lambda t: (
            f"{t.type.navn} ({t.vedtak.get_status_display().lower()})"
        )
        self.fields["gitt_dato"].initial = timezone.localdate()

    @classmethod
    def for_action(cls, data, *, obj, offer=None, vedtak_id: str | None = None):
        """``vedtak_id``: the decision whose measures the consent covers first (from the
        decision's page)."""
        tiltak = selectors.consent_tiltak_choices(obj)
        initial = {}
        if vedtak_id:
            initial["tiltak_valg"] = [t.pk for t in tiltak if str(t.vedtak_id) == vedtak_id]
        givers = consent_givers(obj, timezone.localdate())
        return cls(data, givers=givers, tiltak=tiltak, initial=initial)

    def clean(self):
        cleaned = super().clean()
        # SAM-02, SAM-04 (by the chosen purpose) next to their fields, all at once, and before
        # the model's own constraint (a sharing consent names its recipient) would say it
        # without a field. The service checks them again.
        for breach in rules.consent_record_problems(
            formal_type=cleaned.get("formal_type") or "",
            informert_om_tilbaketrekking=bool(cleaned.get("informert_om_tilbaketrekking")),
            informert_om_rettigheter=bool(cleaned.get("informert_om_rettigheter")),
            mottaker=cleaned.get("mottaker") or "",
            tiltak_count=len(cleaned.get("tiltak_valg") or ()),
            informasjon=cleaned.get("informasjon") or "",
        ):
            purpose_field = any(breach.field in names for names in self.PURPOSE_FIELDS.values())
            if purpose_field and not cleaned.get("formal_type"):
                continue  # no purpose chosen yet: its field says so first
            if breach.field not in self.errors:
                self.add_error(breach.field, str(breach))
        return cleaned

    def purpose_fields(self):
        """``(purpose, label, help, bound fields)`` for each purpose, for the page's
        fieldsets."""
        return [
            (
                purpose,
                Samtykke.Formal(purpose).label,
                self.PURPOSE_HELP[purpose],
                [self[name] for name in names],
            )
            for purpose, names in self.PURPOSE_FIELDS.items()
        ]

    def common_fields(self):
        """The fields every consent has, after the purpose's."""
        own = {name for names in self.PURPOSE_FIELDS.values() for name in names}
        return [f for f in self if f.name not in own and f.name not in ("giver", "formal_type")]

    def service_kwargs(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("giver", "tiltak_valg")}
        measures = self.cleaned_data["formal_type"] == Samtykke.Formal.TILTAK
        if measures:
            # A choice, not typed text: the kind of recipient belongs to a sharing consent.
            data["mottakertype"] = ""
        return {
            "data": data,
            "giver": self.cleaned_data["giver"],
            # The measures the decision's page chose belong to a consent to measures only.
            "tiltak_ids": [t.pk for t in self.cleaned_data["tiltak_valg"]] if measures else [],
        }


class _TodayForm(ActionForm, Form):
    """A date that happened, today by default."""

    date_field = ""

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        return cls(data, initial={cls.date_field: timezone.localdate()})


class SamtykkeWithdrawForm(_TodayForm):
    date_field = "dato"

    dato = forms.DateField(label=_("Withdrawn on"), widget=DateInput())
    merknad = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class TiltakStartForm(_TodayForm):
    date_field = "fra_dato"

    fra_dato = forms.DateField(label=_("Started on"), widget=DateInput())


class TiltakLapseForm(_TodayForm):
    date_field = "bortfalt_dato"

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
