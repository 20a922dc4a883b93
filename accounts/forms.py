import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.forms import AccessibleFormMixin
from core.forms import Form as AccessibleForm


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
