from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractorsConfig(AppConfig):
    """Contractors (oppdragstakere, OPP-01 … OPP-06): approval, assignments, follow-up."""

    name = "contractors"
    verbose_name = _("Contractors")

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready,
        # and these modules import models (Django's rule for AppConfig.ready()).
        from vedtak import hooks

        from . import documents  # noqa: F401  (registers the letters)
        from .services import tiltak_end_guard, tiltak_start_guard

        # OPP-02/03/06: a measure does not start while its contractor may not act.
        hooks.register_start_guard(tiltak_start_guard)
        # OPP-05: a guidance measure delivered by a contractor ends with its final report.
        hooks.register_end_guard(tiltak_end_guard)

        from cases.selectors import register_history_source

        from .selectors import history_sources

        register_history_source(history_sources)

        from cases.pages import CASE_PAGE
        from evaluations.registry import SINCE_LAST

        from .selectors import reports_since, sak_panel

        # INN-02: the evaluation shows the contractors' reports since the previous one.
        SINCE_LAST.register("contractors", reports_since, order=40)

        # OPP-04: the case's contractors and assignments; the measures that can take one come
        # from the decisions' panel (no query of their own).
        CASE_PAGE.register(
            "oppdrag_panel",
            lambda user, sak, found: sak_panel(
                user, sak, approved_tiltak=found["vedtak_panel"]["tiltak"]
            ),
            order=20,
        )

        from programbank.registry import TRAINED_CONTRACTORS

        from .programs import trained_contractors

        # BANK-04: the programme bank lists the contractors trained, with their load.
        TRAINED_CONTRACTORS.register("contractors", trained_contractors)
