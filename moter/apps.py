from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoterConfig(AppConfig):
    """Meetings of a case (MOTE-01 … MOTE-06): planned, held, their minutes signed as journal
    notes, their agreed actions, the ansvarsgruppe.

    The app sits above the journal (signed minutes are a journal note, MOTE-01) and below the
    incoming documents, the contractors and the reminders, which pull its finders (MOTE-04 …
    MOTE-06). What it shows on the case page and in the journal it gives here."""

    name = "moter"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready,
        # and these modules import models (Django's rule for AppConfig.ready()).
        from cases.pages import CASE_PAGE
        from cases.selectors import register_history_source
        from journal.registry import TIMELINE_SOURCES

        from . import documents
        from .selectors import case_panel_batched, history_sources, timeline

        documents.register()  # DOK-01: the invitation and the minutes as letters

        register_history_source(history_sources)
        # MOTE-02, MOTE-04 … MOTE-06: the next meeting, open actions and what is missed.
        CASE_PAGE.register(
            "moter_panel", lambda user, sak, found: case_panel_batched(user, sak), order=45
        )
        # The planned meetings beside the notes in the journal (signed minutes are notes).
        # For the same reason the evaluation (INN-02) gets the signed minutes from the journal's
        # contribution to evaluations.registry.SINCE_LAST, once; this app adds none of its own.
        TIMELINE_SOURCES.register("moter", timeline)
