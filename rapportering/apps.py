from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RapporteringConfig(AppConfig):
    """The daily extract to Barnevernsregisteret in SSB's published schema (RAPP-01 … RAPP-04)."""

    name = "rapportering"
    verbose_name = _("Register reporting")
