from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KvalitetConfig(AppConfig):
    """The quality indicators (KVAL-01 … KVAL-03), computed from the records of the apps below."""

    name = "kvalitet"
    verbose_name = _("Quality indicators")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which Django loads only
        # after every app's config is created (the AppConfig pattern, not a cycle).
        from core.registry import START_PAGE
        from reminders.services import register_nightly

        from . import pages, services

        # The leaders' start page: the last full quarter's figures, with a link to the page.
        START_PAGE.register("kvalitet", pages.start_section, order=60)
        # KVAL-01: the summary is refreshed by the nightly job.
        register_nightly("kvalitet", services.nightly_plan, services.nightly_render)
