"""What audit shows on the pages of the apps below it (filled in ``AuditConfig.ready()``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Sak
from cases.pages import Link
from cases.permissions import can_read_access_log


def access_log_links(user: User, sak: Sak, found=None) -> list[Link]:
    """ROLE-03: the case page links to the case's access log for those who may read it (the
    case's team leaders and the head of its service)."""
    if not can_read_access_log(user, sak):
        return []
    return [
        Link(
            _("See who has looked at the case, when and why"),
            f"{reverse('audit:access_log')}?{urlencode({'sak': sak.pk})}",
            "ROLE-03",
        )
    ]
