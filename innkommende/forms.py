"""Input of incoming documents: the fields parsed; the services decide (INN-01)."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, DateInput, Form
from core.rules import format_date

from . import files
from .models import InnkommendeDokument


class ReceiveForm(Form):
    """A document that came in: its file, kind, sender, date received and title, and what in
    the case it concerns."""

    fil = forms.FileField(
        label=_("File"),
        # An empty file is refused by the service, with the rest of INN-01's file checks.
        allow_empty_file=True,
        help_text=_("PDF, PNG or JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    type = forms.ChoiceField(label=_("Kind"), choices=InnkommendeDokument.Type.choices)
    avsender = forms.CharField(label=_("Sender"), max_length=200)
    mottatt = forms.DateField(
        label=_("Date received"), widget=DateInput(), initial=timezone.localdate
    )
    tittel = forms.CharField(label=_("Title"), max_length=200)
    tiltak = forms.ModelChoiceField(label=_("Measure (optional)"), queryset=None, required=False)
    evaluering = forms.ModelChoiceField(
        label=_("Evaluation (optional)"), queryset=None, required=False
    )

    mote = forms.ModelChoiceField(label=_("Meeting (optional)"), queryset=None, required=False)

    def __init__(self, *args, measures, evaluations, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tiltak"].queryset = measures
        self.fields["mote"].queryset = meetings
        self.fields["mote"].label_from_instance = _meeting_label
        self.fields["evaluering"].queryset = evaluations
        self.fields["evaluering"].label_from_instance = _evaluation_label
        self.fields["fil"].help_text = _(
            "PDF, PNG or JPEG, at most %(limit)s. The type is read from the file's content."
        ) % {"limit": _size(files.max_bytes())}

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "fil": d.get("fil"),
            "type": d["type"],
            "avsender": d["avsender"],
            "mottatt": d["mottatt"],
            "tittel": d["tittel"],
            "tiltak_id": d["tiltak"].pk if d.get("tiltak") else None,
            "evaluering_id": d["evaluering"].pk if d.get("evaluering") else None,
            "mote_id": d["mote"].pk if d.get("mote") else None,
        }


def _size(n: int) -> str:
    return filesizeformat(n)


def _evaluation_label(evaluering) -> str:
    dato = format_date(evaluering.dato) if evaluering.dato else "–"
    return str(_("Evaluation %(date)s") % {"date": dato})


def _meeting_label(mote) -> str:
    return f"{mote.get_type_display()}, {format_date(mote.dato)}"


class WithdrawForm(ActionForm, Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
