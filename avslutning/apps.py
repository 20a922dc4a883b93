from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AvslutningConfig(AppConfig):
    """Closing a case and reopening it (AVS-01, AVS-02): what stands in the way, the team leader's
    approval, and the closed case kept read-only."""

    name = "avslutning"
    verbose_name = _("Closing a case")
