import re
from itertools import groupby
from operator import attrgetter

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.forms import AccessibleFormMixin
from core.forms import Form as AccessibleForm
from core.malform import Malform


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class OTPTokenForm(AccessibleForm):
    """The one-time code from the authenticator app (six digits; spaces are ignored)."""

    otp_token = forms.CharField(
        label=_("One-time code"),
        help_text=_("Six digits from the authenticator app. A new code comes every 30 seconds."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "app-otp-input",
            }
        ),
    )

    def clean_otp_token(self) -> str:
        token = re.sub(r"[\s-]", "", self.cleaned_data["otp_token"])
        if not re.fullmatch(r"\d{6}", token):
            raise forms.ValidationError(_("Enter the six digits the app shows."))
        return token


class EnrolmentCodeForm(AccessibleForm):
    """The one-time enrolment code from the system administrator (issue 19), asked before an
    authenticator app is set up. Spaces and dashes are ignored, small letters count as capitals."""

    registreringskode = forms.CharField(
        label=_("Enrolment code"),
        help_text=_(
            "Twelve letters and digits, from your system administrator, for example "
            "ABCD-EFGH-JKMN. A code is valid for 72 hours and works once."
        ),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_registreringskode(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["registreringskode"]).upper()
        if not re.fullmatch(r"[A-Z0-9]{12}", code):
            raise forms.ValidationError(_("Enter the twelve letters and digits of the code."))
        return code


class MalformForm(AccessibleForm):
    """Issue 26: the written form of the user's own screens, or the service's."""

    malform = forms.ChoiceField(
        label=_("Written form of your screens"),
        choices=[("", _("The service's official form")), *Malform.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Letters to the parties are always written in the service's official form, or in "
            "the form a party has asked for."
        ),
    )


class GrantDecisionForm(AccessibleForm):
    """A head of service's answer to a grant: confirm or refuse (issue 19)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm")), ("refuse", _("Refuse"))],
    )


class _TeamChoiceIterator(forms.models.ModelChoiceIterator):
    """The teams, grouped under their service's name when they come from more than one
    service: every service's first team is called "Team 1" or the like, so a head of several
    services could not tell the options apart. One query, with the services joined."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        teams = list(
            self.queryset.select_related("tjeneste").order_by("tjeneste__navn", "tjeneste", "navn")
        )
        if len({team.tjeneste_id for team in teams}) <= 1:
            yield from (self.choice(team) for team in teams)
            return
        for _tjeneste_id, group in groupby(teams, key=attrgetter("tjeneste_id")):
            group = list(group)
            yield (group[0].tjeneste.navn, [self.choice(team) for team in group])


class TeamChoiceField(forms.ModelChoiceField):
    """A team of the user's: the queryset is set by the form (need-to-know, ROLE-02); only a
    team in it is accepted, whatever is posted."""

    iterator = _TeamChoiceIterator
