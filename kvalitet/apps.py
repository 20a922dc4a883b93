from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KvalitetConfig(AppConfig):
    """The quality indicators (KVAL-01 … KVAL-03), computed from the records of the apps below."""

    name = "kvalitet"
    verbose_name = _("Quality indicators")
