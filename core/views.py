from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from cases import selectors


def home(request: HttpRequest) -> HttpResponse:
    """The start page: what needs the user's attention, by role."""
    return render(request, "core/home.html", {"dash": selectors.dashboard(request.user)})


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
