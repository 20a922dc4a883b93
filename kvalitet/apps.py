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

        from . import pages

        # The leaders' start page: the last full quarter's figures, with a link to the page.
        # (The summary is computed by its own nightly task, kvalitet.compute, in the beat
        # schedule: not inside the reminders' night, which it would hold up for minutes.)
        START_PAGE.register("kvalitet", pages.start_section, order=60)
