from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SenterConfig(AppConfig):
    """Bufetat's standard course at a senter for foreldre og barn (SENTER-01 … SENTER-05).

    Built on the referrals, the meetings and the incoming documents."""

    name = "senter"
    verbose_name = _("Centre course")
