from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .access import log_list
from .models import AccessLogEntry
from .registry import START_PAGE


def home(request: HttpRequest) -> HttpResponse:
    """The start page: what needs the user's attention, by role. Each app gives its section
    through :data:`core.registry.START_PAGE` (the cases' dashboard, the measures whose consent
    was withdrawn and no decision has handled yet, SAM-03 …). The cases it shows are logged
    in one row (ROLE-03)."""
    found = START_PAGE.collect(request.user)
    log_list(request, AccessLogEntry.Liste.START, START_PAGE.shown(found))
    return render(request, "core/home.html", found)


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
