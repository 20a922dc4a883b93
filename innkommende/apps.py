from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnkommendeConfig(AppConfig):
    """Incoming documents (INN-01, INN-02): a report, a letter or minutes that came in, stored
    privately with its checksum, read only as a logged download.

    The app sits above the journal and the evaluations and below the contractors: a contractor's
    report (OPP-05) is received here by the contractors app, which refers to it. What the app
    shows elsewhere it gives through the registries of the apps below (the case page, the
    evaluation page)."""

    name = "innkommende"
    verbose_name = _("Incoming documents")

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready,
        # and these modules import models (Django's rule for AppConfig.ready()).
        from cases.pages import CASE_PAGE
        from cases.selectors import register_history_source
        from evaluations.registry import SINCE_LAST
        from journal import registry as journal_registry
        from moter.registry import MEETING_PAGE

        from .selectors import (
            history_sources,
            journal_search,
            journal_timeline,
            linked_to_meeting,
            received_since,
            sak_panel,
        )

        register_history_source(history_sources)
        # INN-01: the case's latest incoming documents and the offer to receive one.
        CASE_PAGE.register(
            "innkommende_panel", lambda user, sak, found: sak_panel(user, sak), order=45
        )
        # INN-02: the evaluation shows what came in since the previous one.
        SINCE_LAST.register("innkommende", received_since, order=30)
        # The journal finds incoming documents by their title and shows them in its timeline.
        journal_registry.SEARCH_SOURCES.register("innkommende", journal_search, order=20)
        journal_registry.TIMELINE_SOURCES.register("innkommende", journal_timeline, order=20)
        # MOTE-01/INN-01: the meeting's page lists the documents linked to it.
        MEETING_PAGE.register("innkommende", linked_to_meeting, order=20)
