from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RutinerConfig(AppConfig):
    """The service's checklists and routine table (RUT-01, RUT-02).

    It sits just above the cases, so that any app above may require a complete checklist
    before an action."""

    name = "rutiner"
    verbose_name = _("Routines and checklists")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from accounts.models import Tjeneste
        from cases.pages import CASE_LINKS

        from .pages import checklist_links
        from .services import seed_on_new_service

        # RUT-01/02: a new service starts with source 002's checklists and routine table.
        post_save.connect(seed_on_new_service, sender=Tjeneste, dispatch_uid="rutiner_seed")
        CASE_LINKS.register("sjekklister", checklist_links)
