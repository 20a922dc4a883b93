"""AVS-02 at the edge: every write to a closed case's URLs is refused.

Every case-scoped URL takes ``sak_id`` (``saker/<sak_id>/…``), so a POST (or PUT, PATCH,
DELETE) to one is stopped here, before its view, when the case is closed: 404 when the user
may not see the case (ROLE-02: a closed case's existence is as sensitive as an open one's),
else a page that says why (409). Only a view marked :func:`allowed_on_closed_case` (reopening)
passes. The kernel refuses the same on every action (:mod:`avslutning.guards`)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from cases.models import Sak
from cases.permissions import saker_visible_to

from .guards import closed_breach

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def allowed_on_closed_case(view):
    """Mark a view that may write to a closed case (AVS-02: reopening it)."""
    view.allowed_on_closed_case = True
    return view


class ClosedCaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in WRITES:
            return None
        sak_id = view_kwargs.get("sak_id")
        if sak_id is None or getattr(view_func, "allowed_on_closed_case", False):
            return None
        if not Sak.objects.filter(pk=sak_id, status=Sak.Status.AVSLUTTET).exists():
            return None
        if not saker_visible_to(request.user).filter(pk=sak_id).exists():
            raise Http404
        return render(
            request,
            "avslutning/closed_refused.html",
            {
                "breach": closed_breach(),
                "sak_url": reverse("cases:detail", args=[sak_id]),
                "avslutning_url": reverse("avslutning:page", args=[sak_id]),
            },
            status=409,
        )
