from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    """The case journal (JOUR-01 … JOUR-04): notes, signed and locked, and their search.

    The app sits above the decisions (a note may concern a measure) and below the contractors
    and the meetings to come: what those add to the journal they give through
    :mod:`journal.registry`; what the journal shows on the case page it gives here, through
    :data:`cases.pages.CASE_PAGE`."""

    name = "journal"
    verbose_name = _("Case journal")

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready,
        # and these modules import models (Django's rule for AppConfig.ready()).
        from cases.pages import CASE_PAGE
        from cases.selectors import register_history_source
        from evaluations.registry import SINCE_LAST

        from .selectors import history_sources, latest_notes, signed_since

        register_history_source(history_sources)
        # JOUR-01: the latest notes of the case and the offer to write one.
        CASE_PAGE.register(
            "journal_panel", lambda user, sak, found: latest_notes(user, sak), order=40
        )
        # INN-02: the evaluation shows the signed notes – the signed minutes among them, which
        # are notes (MOTE-01) – since the previous evaluation.
        SINCE_LAST.register("journal", signed_since, order=10)
