"""The centre course's pages. Every view opens the case through
:func:`cases.permissions.access_sak`: outside need-to-know it answers 404 (ROLE-02) and the
read is logged (ROLE-03)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import action_page
from henvisning.models import Henvisning, Mottaker

from . import selectors
from .actions import MACHINE


def _detail_url(sak_id: int, henvisning_id: int) -> str:
    return reverse("senter:detail", args=[sak_id, henvisning_id])


def _referral(request: HttpRequest, sak_id: int, henvisning_id: int, check=None):
    sak = access_sak(request, sak_id, queryset=sak_detail_queryset(), check=check)
    h = selectors.referral_of(sak, henvisning_id)
    if h is None:
        raise Http404
    return sak, h


@require_GET
def forlop_detail(request: HttpRequest, sak_id: int, henvisning_id: int) -> HttpResponse:
    """The course of a referral to a centre: its meetings, reports, measure and flags."""
    sak, h = _referral(request, sak_id, henvisning_id)
    context = {"sak": sak, "course": selectors.course(request.user, h)}
    return render(request, "senter/forlop_detail.html", context)


@require_http_methods(["GET", "POST"])
def forlop_action(request: HttpRequest, sak_id: int, henvisning_id: int, name: str) -> HttpResponse:
    """One page per action of the course's table."""
    if name not in MACHINE:
        raise Http404
    # Not the user's action: 404 before the case is read, so nothing is logged (ROLE-03).
    mine = (
        Henvisning.objects.select_related("sak")
        .filter(pk=henvisning_id, sak_id=sak_id, mottaker__type=Mottaker.Type.SENTER)
        .first()
    )
    if mine is None:
        raise Http404
    probe = selectors.forlop_of(mine)
    sak, h = _referral(
        request, sak_id, henvisning_id, check=lambda user, s: MACHINE.may(probe, user, name)
    )
    forlop = selectors.forlop_of(h, by=request.user)
    url = _detail_url(sak.pk, h.pk)
    return action_page(
        request,
        MACHINE,
        name,
        forlop,
        ids={"henvisning_id": forlop.henvisning_id, "sak_id": sak.pk},
        context={"sak": sak, "forlop": forlop},
        success=lambda _result: url,
        cancel=url,
    )
