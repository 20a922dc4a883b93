from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import DateInput, Form
from core.models import AccessLogEntry


class NodtilgangForm(Form):
    """ROLE-04: the case number and the reason for opening a case outside one's teams."""

    saksnummer = forms.CharField(
        label=_("Case number"),
        max_length=20,
        help_text=_("As the case's caseworker or team gave it to you, e.g. 2026/00042."),
    )
    begrunnelse = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why you need to see this case now. The reason is logged with every page you open, "
            "and the case's team leader is told tomorrow morning."
        ),
    )


class AccessLogFilterForm(Form):
    """The access log's filters (GET): they hold ids, numbers and dates – no names."""

    hide_optional = True

    saksnummer = forms.CharField(label=_("Case number"), required=False, max_length=20)
    sak = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    bruker = forms.ModelChoiceField(
        label=_("User"), queryset=User.objects.none(), required=False, empty_label=_("All users")
    )
    handling = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AccessLogEntry.Action.choices],
    )
    fra = forms.DateField(label=_("From"), required=False, widget=DateInput)
    til = forms.DateField(label=_("To"), required=False, widget=DateInput)
    nodtilgang = forms.BooleanField(label=_("Only break-the-glass"), required=False)
    for_ = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bruker"].queryset = users if users is not None else User.objects.none()
        # "for" is a Python keyword: the field is named for_ and posted as "for".
        self.fields["for"] = self.fields.pop("for_")

    def clean(self):
        data = super().clean()
        fra, til = data.get("fra"), data.get("til")
        if fra and til and fra > til:
            self.add_error("til", _("The end date must be on or after the start date."))
        return data
