from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, Form, WallClockDateTimeField

from .models import Utsending

#: The choice values of the recipient select besides the parties' ids.
CHILD = "barnet"
OTHER = "annen"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class UtsendingForm(ActionForm, Form):
    """DOK-02: who got the document, how and when (documents.actions ``register_dispatch``)."""

    part = forms.ChoiceField(
        label=_("Recipient"),
        help_text=_("Every party gets the document. Register each recipient on their own."),
    )
    mottaker = forms.CharField(
        label=_("Other recipient"),
        required=False,
        max_length=200,
        help_text=_("Only when the recipient is not a party, e.g. the contractor."),
    )
    kanal = forms.ChoiceField(label=_("How it was sent"), choices=Utsending.Kanal.choices)
    tidspunkt = WallClockDateTimeField(
        label=_("Date and time sent"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )

    def __init__(
        self, *args, parter, child=None, registered_part_ids=(), allow_other=True, **kwargs
    ):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault(
            "tidspunkt", timezone.localtime().replace(second=0, microsecond=0)
        )
        super().__init__(*args, **kwargs)
        self._parter = {str(p.pk): p for p in parter}
        choices = [("", _("Choose a recipient"))]
        choices += [
            (str(p.pk), f"{p.fullt_navn} ({p.get_relasjon_display().lower()})")
            for p in parter
            if p.pk not in registered_part_ids
        ]
        if child is not None:
            choices.append((CHILD, _("%(name)s (the child)") % {"name": child.fullt_navn}))
        if allow_other:
            choices.append((OTHER, _("Someone else (describe below)")))
        else:  # a party's own copy (DOK-02): sent to them only
            del self.fields["mottaker"]
            if len(choices) == 2:
                self.fields["part"].initial = choices[1][0]
        self.fields["part"].choices = choices

    @classmethod
    def for_action(cls, data, *, obj, offer=None):
        """The recipients of ``obj`` (a document, its case loaded) not registered yet: the
        active parties, and the child when a party (SAK-02)."""
        sak = obj.sak
        sent = list(obj.utsendinger.all())
        child_got_it = any(u.barnet for u in sent)
        if obj.is_copy:  # DOK-02: a party's own copy goes to that party only
            return cls(
                data,
                parter=[obj.part] if obj.part_id else [],
                child=sak.barn if obj.til_barnet and not child_got_it else None,
                registered_part_ids={u.part_id for u in sent if u.part_id},
                allow_other=False,
            )
        return cls(
            data,
            parter=list(sak.parter.filter(aktiv=True)),
            child=sak.barn if sak.barn_er_part() and not child_got_it else None,
            registered_part_ids={u.part_id for u in sent if u.part_id},
        )

    def clean(self):
        data = super().clean()
        choice = data.get("part")
        if choice == OTHER:
            if not data.get("mottaker", "").strip():
                self.add_error("mottaker", _("Describe who got the document (DOK-02)."))
        else:
            data["mottaker"] = ""  # only read for another recipient
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        choice = d["part"]
        return {
            "part": self._parter.get(choice),
            "barnet": choice == CHILD,
            "mottaker": d.get("mottaker", "") if choice == OTHER else "",
            "kanal": d["kanal"],
            "tidspunkt": d["tidspunkt"],
        }
