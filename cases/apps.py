from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.registry import START_PAGE


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # Imported here: the selectors import the models, which Django loads only after every
        # app's config is created (the AppConfig pattern, not a cycle).
        from .selectors import dashboard, duplicate_queue

        START_PAGE.register(
            "dash",
            lambda user, found: dashboard(user),
            order=10,
            # ROLE-03: the children listed are logged (core.access.log_list).
            shown=lambda dash: [*dash.frister, *dash.mine_saker],
        )
        # SAK-01: the possible duplicates of the cases the user's teams hold, to decide.
        START_PAGE.register(
            "mulige_duplikater",
            lambda user, found: duplicate_queue(user),
            order=15,
            # ROLE-03: both cases of each row are shown (the existing one with its child).
            shown=lambda queue: [*(d.eksisterende for d in queue), *(d.sak for d in queue)],
        )
