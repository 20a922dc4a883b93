from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    """Evaluations of the plan (EVAL-01 … EVAL-05) and the nightly finder of those due."""

    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from cases.selectors import register_history_source

        from . import documents  # noqa: F401  (registers the letter, when documents exists)
        from .selectors import history_sources

        register_history_source(history_sources)
