from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """The plan of measures (tiltaksplan): versions, goals, activities, approval by a leader,
    and the PLAN-04 coverage check that the decision app asks before a measure starts."""

    name = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready,
        # and these modules import models (Django's rule for AppConfig.ready()).
        from vedtak import hooks

        from . import documents  # noqa: F401  (registers the letters)
        from .hooks import plan04_start_guard, plan_exists, plan_exists_expression

        hooks.register_start_guard(plan04_start_guard)
        hooks.register_plan_exists(plan_exists, expression=plan_exists_expression)

        from cases.selectors import register_history_source

        from .selectors import history_sources

        register_history_source(history_sources)

        from cases.pages import CASE_PAGE
        from vedtak.pages import QUEUE

        from .selectors import plan_summary_batched, plans_awaiting_approval

        # The plan and the next evaluation on the case page (PLAN-04, EVAL-01/02).
        CASE_PAGE.register(
            "plan_summary", lambda user, sak, found: plan_summary_batched(sak), order=30
        )
        # PLAN-03: the plans waiting for a leader's approval, in the decisions' queue.
        QUEUE.register(
            "plans_awaiting",
            lambda user, found: plans_awaiting_approval(user),
            order=10,
            shown=lambda versjoner: [v.plan.sak for v in versjoner],  # ROLE-03: logged
        )
