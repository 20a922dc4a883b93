from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cases.pages import CASE_PAGE
from core.registry import START_PAGE
from programbank.registry import STAFF_LOAD


class VedtakConfig(AppConfig):
    """Decisions (vedtak) with their measures (tiltak), consents and advance notices.

    A home of its own beside ``cases``: the decision is the product's largest aggregate, with
    its own state machine, rules (VED, SAM), queue pages and documents.
    """

    name = "vedtak"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        # In ready(), not at the top: these modules read the models, loaded only now.
        from cases.selectors import register_history_source  # models: after the app registry

        from . import documents  # noqa: F401  (registers the letters; models: as above)
        from .selectors import (  # as above
            history_sources,
            provider_load,
            sak_panel,
            withdrawn_consents_for,
        )

        register_history_source(history_sources)
        # BANK-04: the programme bank shows each trained staff member's running measures.
        STAFF_LOAD.register("vedtak", lambda ids, on, found: provider_load(ids, on))
        CASE_PAGE.register("vedtak_panel", lambda user, sak, found: sak_panel(user, sak), order=10)
        # SAM-03: the measures whose consent was withdrawn, until a decision handles them.
        START_PAGE.register(
            "samtykke_trukket",
            lambda user, found: withdrawn_consents_for(user),
            order=20,
            shown=lambda tiltak: [t.vedtak.sak for t in tiltak],  # ROLE-03: logged
        )
