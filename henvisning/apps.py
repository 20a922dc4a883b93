from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HenvisningConfig(AppConfig):
    """Referrals to other services and their answers (HENV-01 … HENV-03). It sits above the incoming
    documents, the meetings and the plans it draws on, below the reminders that pull its finder.

    The referral is a letter (``documents.registry``), the case page shows the case's referrals
    (``cases.pages.CASE_PAGE``), and the reminders pull :func:`henvisning.selectors.unanswered`
    (HENV-02)."""

    name = "henvisning"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        # Imported here: these modules import models (Django's rule for AppConfig.ready()).
        from . import documents, registrations

        documents.register()  # HENV-01/DOK-01: the referral's letter
        registrations.register()
