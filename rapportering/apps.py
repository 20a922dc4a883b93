from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RapporteringConfig(AppConfig):
    """The daily extract to Barnevernsregisteret in SSB's published schema (RAPP-01 … RAPP-04)."""

    name = "rapportering"
    verbose_name = _("Register reporting")

    def ready(self) -> None:
        from core.kodelister import set_kategori_provider

        from . import koder

        # RAPP-01: the measure types' and programmes' category choices are the published list.
        set_kategori_provider(koder.kategori_choices)
