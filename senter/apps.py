from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SenterConfig(AppConfig):
    """Bufetat's standard course at a senter for foreldre og barn (SENTER-01 … SENTER-05).

    Built on the referrals, the meetings and the incoming documents. SENTER-01 and SENTER-02
    go into the referral's send through :mod:`henvisning.registry`; SENTER-04 is a rule of the
    decision (:data:`vedtak.rules.SENTER_04`); the case page shows the courses
    (``cases.pages.CASE_PAGE``)."""

    name = "senter"
    verbose_name = _("Centre course")

    def ready(self) -> None:
        # Imported here: these modules import models (Django's rule for AppConfig.ready()).
        from . import registrations

        registrations.register()
