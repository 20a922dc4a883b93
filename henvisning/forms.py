"""The referrals' forms: writing one (HENV-01), the team leader's return, sending, the answer
(HENV-02), the follow-up of an offer (HENV-03), closing; the receiver list and the setting.
The forms parse; the services decide. A form offers only the case's own receivers, consents,
goals and attachments, and refuses any other id next to its field; the services answer an id
that is not the case's with 404 (ROLE-02) when called otherwise."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, DateInput, Form, ModelForm
from documents.models import Utsending
from vedtak.models import Tiltakstype

from .models import Henvisning, Mottaker
from .selectors import case_incoming

_FILE_HELP = _("PDF, PNG or JPEG.")
_ACCEPT = {"accept": ".pdf,.png,.jpg,.jpeg"}


class IdChoiceField(forms.TypedChoiceField):
    """A choice of one id among those listed."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, **kwargs)


class IdsField(forms.TypedMultipleChoiceField):
    """Ids among those listed."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(coerce=int, required=False, **kwargs)


def _consent_label(s) -> str:
    return f"{s.gitt_av_navn} → {s.mottaker} ({s.gitt_dato:%d.%m.%Y}, {s.get_status_display()})"


def _letter_label(d) -> str:
    made = timezone.localtime(d.created_at)
    return f"{d.get_type_display()} v{d.versjon} ({made:%d.%m.%Y})"


class HenvisningForm(Form):
    mottaker = IdChoiceField(label=_("Receiver"))
    sporsmal = forms.CharField(
        label=_("What the referral asks for"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    bakgrunn = forms.CharField(
        label=_("Background"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the receiver needs (least possible)."),
    )
    maal = IdsField(label=_("Plan goals it serves"))
    hjemmel_type = forms.ChoiceField(
        label=_("Legal basis for sharing"),
        choices=Henvisning.Hjemmel.choices,
        widget=forms.RadioSelect,
        initial=Henvisning.Hjemmel.SAMTYKKE,
    )
    samtykke = IdChoiceField(
        label=_("Consent to share information"),
        required=False,
        help_text=_("It must name the receiver."),
    )
    lovhjemmel = forms.CharField(
        label=_("Law reference"),
        required=False,
        max_length=300,
        help_text=_("When information is shared without consent: the law that allows it."),
    )
    vedlegg_dokumenter = IdsField(label=_("Attach the case's letters"))
    vedlegg_innkommende = IdsField(label=_("Attach incoming documents"))

    def __init__(
        self,
        *args,
        receivers=(),
        consents=(),
        goals=(),
        letters=(),
        incoming=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        no_address = _("no address: cannot be chosen for a letter")
        self.fields["mottaker"].choices = [("", _("Choose a receiver"))] + [
            (
                m.pk,
                f"{m.navn} ({m.get_type_display()})"
                + ("" if m.har_adresse else f" – {no_address}"),
            )
            for m in receivers
        ]
        self.fields["samtykke"].choices = [("", _("None chosen"))] + [
            (s.pk, _consent_label(s)) for s in consents
        ]
        self.fields["maal"].choices = [
            (m.pk, f"{m.beskrivelse[:120]} ({_('plan version')} {m.versjon.nummer})") for m in goals
        ]
        self.fields["vedlegg_dokumenter"].choices = [(d.pk, _letter_label(d)) for d in letters]
        self.fields["vedlegg_innkommende"].choices = [
            (d.pk, f"{d.tittel} ({d.mottatt:%d.%m.%Y})") for d in incoming
        ]
        for name in ("maal", "vedlegg_dokumenter", "vedlegg_innkommende"):
            if not self.fields[name].choices:
                self.fields[name].help_text = _("The case has none.")

    @staticmethod
    def initial_of(h: Henvisning) -> dict:
        return {
            "mottaker": h.mottaker_id,
            "sporsmal": h.sporsmal,
            "bakgrunn": h.bakgrunn,
            "maal": [m.pk for m in h.maal.all()],
            "hjemmel_type": h.hjemmel_type,
            "samtykke": h.samtykke_id,
            "lovhjemmel": h.lovhjemmel,
            "vedlegg_dokumenter": [d.pk for d in h.vedlegg_dokumenter.all()],
            "vedlegg_innkommende": [d.pk for d in h.vedlegg_innkommende.all()],
        }

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "mottaker_id": d["mottaker"],
            "sporsmal": d["sporsmal"],
            "bakgrunn": d.get("bakgrunn") or "",
            "maal_ids": d.get("maal") or [],
            "hjemmel_type": d["hjemmel_type"],
            "samtykke_id": d.get("samtykke"),
            "lovhjemmel": d.get("lovhjemmel") or "",
            "vedlegg_dokument_ids": d.get("vedlegg_dokumenter") or [],
            "vedlegg_innkommende_ids": d.get("vedlegg_innkommende") or [],
        }


class SendBackForm(ActionForm, Form):
    tilbakemelding = forms.CharField(
        label=_("What the caseworker should change"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SendForm(ActionForm, Form):
    sendt = forms.DateField(label=_("Sent on"), widget=DateInput(), initial=timezone.localdate)
    kanal = forms.ChoiceField(label=_("How it was sent"), choices=Utsending.Kanal.choices)

    @classmethod
    def for_action(cls, data, *, obj, offer=None, **kwargs):
        form = cls(data, **kwargs)
        if offer and offer.warnings:
            form.fields["override_reason"] = forms.CharField(
                label=_("Your reason for sending it anyway"),
                help_text=_("Recorded with your name and the time."),
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=5000,
            )
        return form


class AnswerForm(ActionForm, Form):
    utfall = forms.ChoiceField(
        label=_("Outcome"),
        choices=Henvisning.Utfall.choices,
        widget=forms.RadioSelect,
    )
    svar_dato = forms.DateField(label=_("Date of the answer"), widget=DateInput())
    svar_dokument = IdChoiceField(
        label=_("The answer among the incoming documents"), required=False
    )
    fil = forms.FileField(
        label=_("Or the answer's file"),
        required=False,
        allow_empty_file=True,
        help_text=_FILE_HELP,
        widget=forms.ClearableFileInput(attrs=_ACCEPT),
    )
    tilbud_hva = forms.CharField(
        label=_("What is offered"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tilbud_hvor = forms.CharField(label=_("Where"), required=False, max_length=300)
    tilbud_fra = forms.DateField(label=_("From"), required=False, widget=DateInput())
    tilbud_kostnad = forms.CharField(
        label=_("Cost to the municipality"),
        required=False,
        max_length=300,
        help_text=_("Empty when it costs the municipality nothing."),
    )
    tilbud_kontakt = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    avslag_begrunnelse = forms.CharField(
        label=_("Reason for refusal"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def for_action(cls, data, *, obj, offer=None, **kwargs):
        form = cls(data, **kwargs)
        form.fields["svar_dokument"].choices = [("", _("None chosen"))] + [
            (d.pk, f"{d.tittel} ({d.avsender}, {d.mottatt:%d.%m.%Y})")
            for d in case_incoming(obj.sak)
        ]
        return form

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["svar_dokument_id"] = d.pop("svar_dokument")
        d["fil"] = d.get("fil") or None
        return d


class TakeUpForm(ActionForm, Form):
    oppfolging = forms.ChoiceField(
        label=_("What follows the offer"),
        choices=Henvisning.Oppfolging.choices,
        widget=forms.RadioSelect,
    )
    tiltakstype = IdChoiceField(
        label=_("The measure of the decision"),
        required=False,
        help_text=_("A draft decision is opened with this measure filled in."),
    )
    omfang = forms.CharField(label=_("Scope"), required=False, max_length=200)
    merknad = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the receiver's offer would need a decision and none is made."),
    )

    @classmethod
    def for_action(cls, data, *, obj, offer=None, **kwargs):
        initial = {
            "oppfolging": Henvisning.Oppfolging.VEDTAK
            if obj.mottaker.krever_vedtak
            else Henvisning.Oppfolging.SAMARBEID,
            "tiltakstype": obj.mottaker.tiltakstype_id,
        }
        form = cls(data, initial=initial, **kwargs)
        form.fields["tiltakstype"].choices = [("", _("Choose a measure"))] + [
            (t.pk, t.navn) for t in Tiltakstype.objects.filter(aktiv=True)
        ]
        return form

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "oppfolging": d["oppfolging"],
            "tiltakstype_id": d.get("tiltakstype"),
            "omfang": d.get("omfang") or "",
            "merknad": d.get("merknad") or "",
        }


class CloseForm(ActionForm, Form):
    begrunnelse = forms.CharField(
        label=_("Why the referral is closed"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MottakerForm(ModelForm):
    tiltakstype = forms.ModelChoiceField(
        label=_("Measure type of an offer"),
        queryset=Tiltakstype.objects.filter(aktiv=True),
        required=False,
        help_text=_("The measure a draft decision is filled in with when an offer is taken up."),
    )

    class Meta:
        model = Mottaker
        fields = [
            "navn",
            "type",
            "adresse",
            "telefon",
            "epost",
            "svarfrist_dager",
            "krever_vedtak",
            "tiltakstype",
            "aktiv",
        ]
        widgets = {"adresse": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "svarfrist_dager": _("A referral with no answer after this many days is reminded of."),
            "krever_vedtak": _(
                "An offer taken up becomes a measure through a decision, unless the receiver's "
                "own law needs none (e.g. PPT, BUP)."
            ),
        }


class OppsettForm(Form):
    krever_godkjenning = forms.BooleanField(
        label=_("The team leader approves referrals before they are sent"), required=False
    )


class OverviewForm(Form):
    fra = forms.DateField(label=_("Answered from"), widget=DateInput(), required=False)
    til = forms.DateField(label=_("Answered until"), widget=DateInput(), required=False)
