from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Accountability for every look at a case: break-the-glass access (ROLE-04), the access-log
    viewer (ROLE-03) and the views of shielded addresses (SAK-05). The access log itself is
    :class:`core.models.AccessLogEntry`."""

    name = "audit"
    verbose_name = _("Access and audit")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which Django loads only
        # after every app's config is created (the AppConfig pattern, not a cycle).
        from cases.pages import CASE_LINKS
        from cases.permissions import BREAK_GLASS
        from core.registry import START_PAGE
        from reminders.services import register_nightly

        from . import grants
        from .pages import access_log_links
        from .selectors import break_glass_notices
        from .services import (
            NODTILGANG_LIMIT_DIGEST,
            nodtilgang_limit_notice_plan,
            nodtilgang_notice_plan,
            render_nodtilgang_limit_notice,
            render_nodtilgang_notice,
        )

        # ROLE-04: the access check of every case page asks for an active grant here.
        BREAK_GLASS.register(grants)
        # ROLE-03: the case page links to the case's access log.
        CASE_LINKS.register("access_log", access_log_links)
        register_nightly("nodtilgang", nodtilgang_notice_plan, render_nodtilgang_notice)
        # ROLE-04 over the limit (issue 19, finding 9): the leaders decide on their start page
        # and are e-mailed the same day; the night mails those a same-day e-mail missed.
        START_PAGE.register(
            "nodtilgang",
            lambda user, found: break_glass_notices(user),
            order=5,
            shown=lambda notices: notices.cases,
        )
        register_nightly(
            NODTILGANG_LIMIT_DIGEST, nodtilgang_limit_notice_plan, render_nodtilgang_limit_notice
        )
