from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HenvisningConfig(AppConfig):
    """Referrals to other services and their answers (HENV-01 … HENV-03). It sits above the incoming
    documents, the meetings and the plans it draws on, below the reminders that pull its finder."""

    name = "henvisning"
    verbose_name = _("Referrals")
