from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import TeamChoiceField
from accounts.models import Team, User
from core.forms import ActionForm, DateInput, Form, ModelForm
from core.malform import Malform

from . import permissions, rules
from .models import Barn, Part, Sak, Undersokelse
from .selectors import SakFilter


class SakFilterForm(forms.Form):
    """The case list's search and filters (GET). Invalid values fall back to the defaults."""

    hide_optional = True  # every filter is optional; saying so on each is noise
    #: The filters that may stand in a URL (no personal data); ``q`` never does.
    URL_FIELDS = ("team", "status", "mine", "frist", "sort")

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, case number or national identity number"),
    )
    team = TeamChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("aktiv", _("Active")), ("avsluttet", _("Closed")), ("alle", _("All"))],
    )
    mine = forms.BooleanField(label=_("Only my cases"), required=False)
    frist = forms.ChoiceField(
        label=_("Investigation deadline"),
        required=False,
        choices=[
            ("", _("All")),
            ("snart", _("Due soon or overdue")),
            ("over", _("Overdue")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-opprettet", _("Newest first")),
            ("opprettet", _("Oldest first")),
            ("navn", _("Name A–Å")),
            ("-navn", _("Name Å–A")),
            ("saksnummer", _("Case number ascending")),
            ("-saksnummer", _("Case number descending")),
        ],
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()

    def to_filter(self) -> SakFilter:
        if not self.is_valid():
            return SakFilter()
        d = self.cleaned_data
        status = d.get("status") or Sak.Status.AKTIV
        return SakFilter(
            q=d.get("q") or "",
            team=d["team"].pk if d.get("team") else None,
            status="" if status == "alle" else status,
            mine=bool(d.get("mine")),
            frist=d.get("frist") or "",
            sort=d.get("sort") or "-opprettet",
        )


BARN_FIELDS = [
    "fornavn",
    "etternavn",
    "fodselsnummer",
    "sprak",
    "tolk_behov",
    "malform",
    "adresse",
    "adressebeskyttelse",
]


def _service_form_first(form) -> None:
    """Issue 26: «the service's form» as the written form's empty choice, not «---------»."""
    field = form.fields.get("malform")
    if field is not None:
        field.choices = [("", _("The service's official form")), *Malform.choices]


class ShieldedAddressMixin:
    """SAK-05: a user not cleared for a shielded address never gets it in a form. The field is
    replaced by a read-only note, and the saved address stays as it is."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if (
            instance is not None
            and instance.pk
            and permissions.is_shielded(instance)
            and not (user is not None and permissions.cleared_for_address(user, instance))
        ):
            del self.fields["adresse"]
            self.fields["adresse_skjermet"] = forms.CharField(
                label=_("Address"),
                required=False,
                disabled=True,
                initial=_("Shielded address"),
                help_text=_("The address is shielded and you are not cleared to see it (SAK-05)."),
            )
            self.order_fields(
                ["adresse_skjermet" if f == "adresse" else f for f in self._meta.fields]
            )

    def clean(self):
        data = super().clean()
        data.pop("adresse_skjermet", None)
        return data


class BarnForm(ActionForm, ShieldedAddressMixin, ModelForm):
    """The child's details (cases.actions.SAK ``edit_child``; the new case's form adds more)."""

    class Meta:
        model = Barn
        fields = BARN_FIELDS
        widgets = {
            "fodselsnummer": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        }

    #: Room for a number typed in groups («170516 12345»): the spaces go before it is checked.
    TYPED_ID_MAX_LENGTH = 20

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Issue 20, item 7: the model's 11 characters would cut a number typed with spaces
        # (in the browser, and in the length check before clean_fodselsnummer).
        field = self.fields["fodselsnummer"]
        field.max_length = self.TYPED_ID_MAX_LENGTH
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.widget.attrs["maxlength"] = str(self.TYPED_ID_MAX_LENGTH)
        _service_form_first(self)

    def clean_fodselsnummer(self):
        return "".join(self.cleaned_data["fodselsnummer"].split())

    def validate_unique(self):
        # SAK-01: whether the number is known in the service is the service's question, and
        # its answer depends on who asks (cases.services._same_child).
        pass

    @classmethod
    def for_action(cls, data, *, obj, offer=None, user=None):
        return cls(data, instance=obj.barn, user=user)

    def service_kwargs(self) -> dict:
        return {"data": self.cleaned_data}


class SakCreateForm(BarnForm):
    team = TeamChoiceField(label=_("Team"), queryset=Team.objects.none())
    melding_mottatt = forms.DateField(
        label=_("Report of concern received"),
        required=False,
        widget=DateInput(),
        help_text=_("Fill in when the case comes from an investigation (SAK-03)."),
    )

    class Meta(BarnForm.Meta):
        fields = ["team", *BARN_FIELDS, "melding_mottatt"]

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        if teams is not None and len(teams) == 1:
            self.fields["team"].initial = teams[0].pk
        order = ["team", *BARN_FIELDS, "melding_mottatt"]
        if self._typed_age_beyond_child_case():
            # SAK-01 (issue 20, item 7): the service refuses such a number next to it until
            # the caseworker confirms it here.
            self.fields["bekreft_alder"] = forms.BooleanField(
                label=_("The number is right: open a case for a person over 25"),
                required=False,
            )
            order.insert(order.index("fodselsnummer") + 1, "bekreft_alder")
        self.order_fields(order)

    def _typed_age_beyond_child_case(self) -> bool:
        """Whether the number typed (spaces allowed) makes the child older than any child
        case. Decided by the rules; the form only asks for the confirmation."""
        if not self.is_bound:
            return False
        typed = "".join((self.data.get(self.add_prefix("fodselsnummer")) or "").split())
        try:
            born = rules.parse_id_number(typed, allow_synthetic=True).birth_date
        except rules.IdNumberError:
            return False
        return rules.age_beyond_child_case(born, timezone.localdate()) is not None

    def barn_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in BARN_FIELDS}

    def child_birth_date(self):
        # Issue 19, finding 8: no report of concern before the birth the number gives.
        try:
            return rules.parse_id_number(
                self.cleaned_data.get("fodselsnummer") or "", allow_synthetic=True
            ).birth_date
        except rules.IdNumberError:
            return None

    def validate_unique(self):
        # The service validates the child (SAK-01) and reports uniqueness itself.
        pass


class PartForm(ActionForm, ShieldedAddressMixin, ModelForm):
    """A party: added to a case (cases.actions.SAK ``add_party``, ``obj`` the case) or
    edited (cases.actions.PART ``edit``, ``obj`` the party)."""

    class Meta:
        model = Part
        fields = [
            "relasjon",
            "fornavn",
            "etternavn",
            "fodselsnummer",
            "foreldreansvar",
            "daglig_omsorg",
            "adresse",
            "adressebeskyttelse",
            "telefon",
            "epost",
            "sprak",
            "tolk_behov",
            "malform",
            "aktiv",
        ]
        widgets = {
            "fodselsnummer": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _service_form_first(self)

    def clean_fodselsnummer(self):
        return "".join(self.cleaned_data["fodselsnummer"].split())

    @classmethod
    def for_action(cls, data, *, obj, offer=None, user=None):
        return cls(data, instance=obj if isinstance(obj, Part) else None, user=user)

    def service_kwargs(self) -> dict:
        return {"data": self.cleaned_data}


class OverforingForm(ActionForm, Form):
    til_team = TeamChoiceField(label=_("To team"), queryset=Team.objects.none())
    til_saksbehandler = forms.ModelChoiceField(
        label=_("To caseworker"), queryset=User.objects.none()
    )
    overgangsmote_dato = forms.DateField(
        label=_("Date of the hand-over meeting"), widget=DateInput()
    )
    overgangsmote_notat = forms.CharField(
        label=_("Notes from the hand-over meeting"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was handed over: the situation, agreements, deadlines (SAK-04)."),
    )

    def __init__(self, *args, teams, caseworkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["til_team"].queryset = teams
        self.fields["til_saksbehandler"].queryset = caseworkers

    @classmethod
    def for_action(cls, data, *, obj, offer=None, caseworkers):
        """SAK-04: to a team of the case's service and a caseworker the view found."""
        return cls(
            data,
            teams=obj.team.tjeneste.team.order_by("navn"),
            caseworkers=caseworkers,
            initial={"til_team": obj.team_id},
        )


class DuplikatOverforingForm(ActionForm, Form):
    """SAK-01 and SAK-04: the existing case goes to the new case's caseworker; the hand-over
    meeting is recorded as in any transfer (cases.actions.DUPLIKAT ``transfer``)."""

    overgangsmote_dato = forms.DateField(
        label=_("Date of the hand-over meeting"), widget=DateInput()
    )
    overgangsmote_notat = forms.CharField(
        label=_("Notes from the hand-over meeting"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was handed over: the situation, agreements, deadlines (SAK-04)."),
    )


class ForlengelseForm(ActionForm, Form):
    begrunnelse = forms.CharField(
        label=_("Reason for extending the deadline to 6 months"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class UndersokelseAvsluttForm(ActionForm, Form):
    avsluttet = forms.DateField(label=_("Completed on"), widget=DateInput())
    konklusjon = forms.ChoiceField(label=_("Conclusion"), choices=Undersokelse.Konklusjon.choices)


class PartsstatusForm(ActionForm, Form):
    innvilget = forms.DateField(label=_("Decision date"), widget=DateInput())
    begrunnelse = forms.CharField(
        label=_("Grounds"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the child is granted party status before the age of 15 (SAK-02)."),
    )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"granted_on": d["innvilget"], "grounds": d["begrunnelse"]}
