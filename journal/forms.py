"""The journal's forms: a note (JOUR-01, JOUR-03, JOUR-04), signing it (JOUR-02) and the
journal page's filters. The forms parse; the services decide (:mod:`journal.services`)."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, DateInput, Form

from . import selectors
from .models import Journalnotat


def _text(name: str, rows: int = 4, **kwargs) -> forms.CharField:
    field = Journalnotat._meta.get_field(name)
    return forms.CharField(
        label=kwargs.pop("label", capfirst(field.verbose_name)),  # lazy: the user's language
        required=False,
        help_text=kwargs.pop("help_text", field.help_text),
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=20000,
        **kwargs,
    )


def _told(value):
    return {"ja": True, "nei": False}.get(value)


class NotatForm(Form):
    """A note. A draft may be saved half-written; signing says what is missing (JOUR-01)."""

    hide_optional = True

    type = forms.ChoiceField(
        label=_("Kind of note"), choices=[("", _("Choose")), *Journalnotat.Type.choices]
    )
    dato = forms.DateField(label=_("Date"), widget=DateInput())
    deltakere = _text("deltakere", 2)
    parter = forms.ModelMultipleChoiceField(
        label=_("Parties who took part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hva_ble_sagt = _text("hva_ble_sagt", 8)
    vurdering = _text("vurdering", 4)
    tiltak = forms.ModelChoiceField(
        label=_("Measure the note concerns"),
        queryset=None,
        required=False,
        empty_label=_("None"),
    )
    barnet_fortalt = _text("barnet_fortalt", 3)
    barnets_ord = _text(
        "barnets_ord",
        4,
        help_text=_("As far as possible as the child said it."),
    )
    barnet_informert_om_skriving = forms.TypedChoiceField(
        label=_("Was the child told how the conversation is written down?"),
        choices=[("", _("Not answered")), ("ja", _("Yes")), ("nei", _("No"))],
        coerce=_told,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    ekstern_kilde = forms.BooleanField(
        label=_("The note holds information from an outside source"),
        required=False,
        help_text=_("Name the source below."),
    )
    kilde = forms.CharField(
        label=_("Name of the source"),
        required=False,
        max_length=200,
        help_text=_("For example: «The school, teacher Kari Nilsen»."),
    )

    GROUPS = (
        (_("The note"), ("type", "dato", "deltakere", "parter", "tiltak")),
        (_("What was said and your assessment"), ("hva_ble_sagt", "vurdering")),
        (
            _("Conversation with the child"),
            ("barnet_fortalt", "barnets_ord", "barnet_informert_om_skriving"),
        ),
        (_("Outside source"), ("ekstern_kilde", "kilde")),
    )

    def __init__(self, *args, sak, **kwargs):
        super().__init__(*args, **kwargs)
        self.child_born = sak.barn.fodselsdato
        self.fields["parter"].queryset = selectors.parties_of(sak)
        self.fields["parter"].label_from_instance = lambda p: (
            f"{p.fullt_navn} ({p.get_relasjon_display()})"
        )
        self.fields["tiltak"].queryset = selectors.measures_of(sak)

    @staticmethod
    def initial_from(notat: Journalnotat) -> dict:
        told = {True: "ja", False: "nei"}.get(notat.barnet_informert_om_skriving, "")
        return {
            "type": notat.type,
            "dato": notat.dato,
            "deltakere": notat.deltakere,
            "parter": [p.pk for p in notat.parter.all()],
            "hva_ble_sagt": notat.hva_ble_sagt,
            "vurdering": notat.vurdering,
            "tiltak": notat.tiltak_id,
            "barnet_fortalt": notat.barnet_fortalt,
            "barnets_ord": notat.barnets_ord,
            "barnet_informert_om_skriving": told,
            "ekstern_kilde": notat.ekstern_kilde,
            "kilde": notat.kilde,
        }

    def groups(self):
        return [(title, [self[n] for n in names]) for title, names in self.GROUPS]

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "parter"}

    def service_parter(self) -> list:
        return list(self.cleaned_data.get("parter") or [])


class SignForm(ActionForm, Form):
    """JOUR-02: signing asks for nothing, but a reason when JOUR-03 warns."""

    def __init__(self, *args, warned: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if warned:
            self.fields["override_reason"] = forms.CharField(
                label=_("Reason for signing without the child's fields"),
                help_text=_("Recorded on the note with your name and the time (JOUR-03)."),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=2000,
            )

    @classmethod
    def for_action(cls, data, *, obj, offer=None, **kwargs):
        return cls(data, warned=bool(offer and offer.warnings))

    def service_kwargs(self) -> dict:
        return {"override_reason": self.cleaned_data.get("override_reason", "")}


class FilterForm(Form):
    """The journal page's filters and search (GET)."""

    hide_optional = True

    q = forms.CharField(label=_("Search the journal"), required=False, max_length=200)
    type = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Journalnotat.Type.choices]
    )
    forfatter = forms.TypedChoiceField(label=_("Author"), required=False, coerce=int)
    tiltak = forms.TypedChoiceField(label=_("Measure"), required=False, coerce=int)
    fra = forms.DateField(label=_("From"), required=False, widget=DateInput())
    til = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, authors, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forfatter"].choices = [
            ("", _("All")),
            *((u.pk, u.get_full_name() or u.get_username()) for u in authors),
        ]
        self.fields["tiltak"].choices = [("", _("All")), *((t.pk, str(t)) for t in measures)]

    def filters(self) -> selectors.Filters:
        if not self.is_valid():
            return selectors.Filters()
        d = self.cleaned_data
        return selectors.Filters(
            type=d.get("type") or "",
            forfatter=d.get("forfatter") or None,
            fra=d.get("fra"),
            til=d.get("til"),
            tiltak=d.get("tiltak") or None,
            q=(d.get("q") or "").strip(),
        )
