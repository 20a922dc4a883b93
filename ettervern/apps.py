from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EttervernConfig(AppConfig):
    """Ettervern from 18 to 25 and the transition to adulthood (ETT-01 … ETT-04)."""

    name = "ettervern"
    verbose_name = _("Aftercare")
