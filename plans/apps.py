from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """The plan of measures (tiltaksplan): versions, goals, activities, approval by a leader,
    and the PLAN-04 coverage check that the decision app asks before a measure starts."""

    name = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from vedtak import hooks

        from . import documents  # noqa: F401  (registers the letters, when documents exists)
        from .hooks import plan04_start_guard, plan_exists, plan_exists_expression

        hooks.register_start_guard(plan04_start_guard)
        hooks.register_plan_exists(plan_exists, expression=plan_exists_expression)

        from cases.selectors import register_history_source

        from .selectors import history_sources

        register_history_source(history_sources)
