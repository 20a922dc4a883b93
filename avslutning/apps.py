from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AvslutningConfig(AppConfig):
    """Closing a case and reopening it (AVS-01, AVS-02): what stands in the way, the team leader's
    approval, and the closed case kept read-only."""

    name = "avslutning"
    verbose_name = _("Closing a case")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which Django loads only
        # after every app's config is created (the AppConfig pattern, not a cycle).
        from cases.pages import CASE_LINKS
        from core.actions import register_guard

        from .guards import closed_case
        from .pages import closing_links

        # AVS-02: no action of any table changes a closed case (the kernel's global guard).
        register_guard(closed_case)
        CASE_LINKS.register("avslutning", closing_links)
