from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Accountability for every look at a case: break-the-glass access (ROLE-04), the access-log
    viewer (ROLE-03) and the views of shielded addresses (SAK-05). The access log itself is
    :class:`core.models.AccessLogEntry`."""

    name = "audit"
    verbose_name = _("Access and audit")

    def ready(self) -> None:
        from cases.permissions import BREAK_GLASS

        from . import grants

        # ROLE-04: the access check of every case page asks for an active grant here.
        BREAK_GLASS.register(grants)

        from reminders.services import register_nightly

        from .services import nodtilgang_notice_plan, render_nodtilgang_notice

        register_nightly("nodtilgang", nodtilgang_notice_plan, render_nodtilgang_notice)
