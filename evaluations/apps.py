from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    """Evaluations of the plan (EVAL-01 … EVAL-05) and the nightly finder of those due.

    The app sits above plans (issue 18: one way only): what the plan needs to know of its
    evaluations – the last completed one for the EVAL-01 clock, and a part of the plan page –
    it is told here, through :mod:`plans.registry`."""

    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        # Imported here, not at the top: apps.py is loaded before the app registry is ready,
        # and these modules import models (Django's rule for AppConfig.ready()).
        from cases.selectors import register_history_source
        from plans import registry as plan_registry

        from . import documents  # noqa: F401  (registers the letter)
        from .selectors import history_sources, last_completed, last_completed_expression
        from .views import plan_section

        register_history_source(history_sources)
        plan_registry.register_last_completed(last_completed, last_completed_expression)
        # The plan page's evaluations: the list, and starting or continuing one (EVAL-03).
        plan_registry.register_section("evaluations/_plan_section.html", plan_section)
