from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrambankConfig(AppConfig):
    """The service's programmes (BANK-01 … BANK-04).

    It sits below the decisions, which pick a programme for a measure and warn when it does
    not fit."""

    name = "programbank"
    verbose_name = _("Programme bank")
