from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RutinerConfig(AppConfig):
    """The service's checklists and routine table (RUT-01, RUT-02).

    It sits just above the cases, so that any app above may require a complete checklist
    before an action."""

    name = "rutiner"
    verbose_name = _("Routines and checklists")
