"""«Avslutt sak» (AVS-01) and reopening (AVS-02). Every view opens the case through
:func:`cases.permissions.access_sak`: outside need-to-know it answers 404 (ROLE-02) and the
read is logged (ROLE-03) – a closed case too."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import action_page

from . import selectors
from .actions import MACHINE, SAK
from .middleware import allowed_on_closed_case
from .models import Avslutning


def _page_url(sak_id: int) -> str:
    return reverse("avslutning:page", args=[sak_id])


@require_http_methods(["GET", "POST"])
def avslutning_page(request: HttpRequest, sak_id: int) -> HttpResponse:
    """«Avslutt sak»: what stands in the way (AVS-01), the closing awaiting the team leader or
    the closed case (with reopening, AVS-02), and the earlier closings."""
    sak = access_sak(request, sak_id, queryset=sak_detail_queryset())
    closings = selectors.closings_of(sak)
    current = next((a for a in closings if a.status in a.OPEN), None)
    context = {
        "sak": sak,
        "closings": closings,
        "current": current,
        "current_actions": MACHINE.offers(current, request.user) if current else [],
    }
    if not SAK.may(sak, request.user, "propose"):
        if request.method == "POST":
            raise Http404
        return render(request, "avslutning/page.html", {**context, "title": SAK["propose"].label})
    return action_page(
        request,
        SAK,
        "propose",
        sak,
        ids={"sak_id": sak.pk},
        context=context,
        template="avslutning/page.html",
        success=lambda _a: _page_url(sak.pk),
        cancel=reverse("cases:detail", args=[sak.pk]),
    )


def _action(request: HttpRequest, sak_id: int, avslutning_id: int, name: str) -> HttpResponse:
    # Not the user's action: 404 before the case is read, so nothing is logged (ROLE-03).
    found = Avslutning.objects.select_related("sak").filter(pk=avslutning_id, sak_id=sak_id).first()
    if found is None:
        raise Http404
    sak = access_sak(
        request,
        sak_id,
        queryset=sak_detail_queryset(),
        check=lambda user, s: MACHINE.may(found, user, name),
    )
    avslutning = selectors.closing_of_page(sak, avslutning_id)
    return action_page(
        request,
        MACHINE,
        name,
        avslutning,
        ids={"sak_id": sak.pk, "avslutning_id": avslutning.pk},
        context={"sak": sak, "avslutning": avslutning},
        template="avslutning/action.html",
        success=lambda _a: _page_url(sak.pk),
        cancel=_page_url(sak.pk),
    )


@require_http_methods(["GET", "POST"])
def avslutning_action(
    request: HttpRequest, sak_id: int, avslutning_id: int, name: str
) -> HttpResponse:
    """The team leader approves or returns the closing (AVS-01)."""
    if name not in MACHINE or name == "reopen":
        raise Http404
    return _action(request, sak_id, avslutning_id, name)


@allowed_on_closed_case
@require_http_methods(["GET", "POST"])
def avslutning_reopen(request: HttpRequest, sak_id: int, avslutning_id: int) -> HttpResponse:
    """AVS-02: a team leader reopens the closed case with a reason (the one write a closed
    case takes)."""
    return _action(request, sak_id, avslutning_id, "reopen")
