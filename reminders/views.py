"""«Mine frister»: a thin view over :func:`reminders.selectors.mine_frister`."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.access import log_list
from core.models import AccessLogEntry

from .selectors import mine_frister


@require_GET
def mine(request):
    today = timezone.localdate()
    data = mine_frister(request.user, today)
    # ROLE-03: the cases listed (children's names) in one access-log row, before it is shown.
    log_list(request, AccessLogEntry.Liste.FRISTER, data.items)
    return render(
        request,
        "reminders/mine.html",
        {
            "title": _("My deadlines"),
            "data": data,
        },
    )
