"""The course's forms: they parse; the services decide (SENTER-02, SENTER-03, SENTER-05)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import format_dato
from core.forms import ActionForm, DateInput, Form

from . import selectors


class IdChoiceField(forms.TypedChoiceField):
    """A choice of one id among those listed; any other whole number goes to the service,
    which answers 404 for a record of another case (ROLE-02)."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, **kwargs)

    def valid_value(self, value) -> bool:
        return str(value).isdigit()


class InvestigationForm(ActionForm, Form):
    bufetat_utredning_avsluttet = forms.DateField(
        label=_("Bufetat's investigation of the family ended on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave it empty when Bufetat has not investigated the family."),
    )

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        return cls(data, initial={"bufetat_utredning_avsluttet": obj.bufetat_utredning_avsluttet})


class ContactForm(ActionForm, Form):
    vurderingsmote = forms.DateField(label=_("The centre's vurderingsmøte"), widget=DateInput())
    kontaktet = forms.DateField(
        label=_("The centre called for the henvisningsmøte on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave it empty while the centre has not called."),
    )

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        return cls(data, initial={"vurderingsmote": obj.vurderingsmote, "kontaktet": obj.kontaktet})


class MeetingForm(ActionForm, Form):
    mote = IdChoiceField(label=_("Meeting"))

    def __init__(self, *args, sak, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mote"].choices = [("", _("Choose a meeting"))] + [
            (m.pk, f"{m.get_type_display()}, {format_dato(m.dato)}")
            for m in selectors.meetings_to_add(sak)
        ]

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        return cls(data, sak=obj.sak)


def _document_choices(sak) -> list:
    return [("", _("Not received yet"))] + [
        (d.pk, f"{d.tittel} ({d.avsender}, {format_dato(d.mottatt)})")
        for d in selectors.reports_of(sak)
    ]


class ReportsForm(ActionForm, Form):
    handlingsplan = IdChoiceField(label=_("The centre's handlingsplan"), required=False)
    sluttrapport = IdChoiceField(label=_("The centre's sluttrapport"), required=False)

    def __init__(self, *args, sak, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _document_choices(sak)
        self.fields["handlingsplan"].choices = choices
        self.fields["sluttrapport"].choices = choices

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        return cls(
            data,
            sak=obj.sak,
            initial={"handlingsplan": obj.handlingsplan_id, "sluttrapport": obj.sluttrapport_id},
        )


class MeasureForm(ActionForm, Form):
    tiltak = IdChoiceField(label=_("Measure"))

    def __init__(self, *args, sak, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tiltak"].choices = [("", _("Choose a measure"))] + [
            (t.pk, f"{t.type.navn}, {t.vedtak.display_name}") for t in selectors.measures_of(sak)
        ]

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        # HENV-03: an offer taken up through a decision suggests that decision's measure.
        chosen = obj.tiltak_id or selectors.measure_of_offer(obj.henvisning)
        return cls(data, sak=obj.sak, initial={"tiltak": chosen})
