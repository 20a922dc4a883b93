from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnsynConfig(AppConfig):
    """A party's request to see the case documents (INNSYN-01, fvl § 18): registered, each
    document of the case given or withheld with its fvl § 19 ground, answered by a letter, and
    what was given logged (ROLE-03).

    The app sits above the incoming documents (the case's documents it reviews are the letters,
    the incoming documents and the signed journal notes, minutes included) and below the
    reminders, which pull its finder (a request not answered, FRIST-01)."""

    name = "innsyn"
    verbose_name = _("Access requests")

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready,
        # and these modules import models (Django's rule for AppConfig.ready()).
        from cases.pages import CASE_PAGE
        from cases.selectors import register_history_source

        from . import letters
        from .selectors import case_panel, history_sources

        letters.register()  # DOK-01: the answer as a letter
        register_history_source(history_sources)
        CASE_PAGE.register("innsyn_panel", lambda user, sak, found: case_panel(user, sak), order=47)
