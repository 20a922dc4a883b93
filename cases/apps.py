from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from core.registry import START_PAGE

        from .selectors import dashboard

        START_PAGE.register("dash", lambda user, found: dashboard(user), order=10)
