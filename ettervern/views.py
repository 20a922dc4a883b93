"""The ettervern pages. Every view opens the case through :func:`cases.permissions.access_sak`:
outside need-to-know it answers 404 (ROLE-02) and the read is logged (ROLE-03)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import action_page

from .actions import SAK, VEDTAK
from .models import Ettervernvedtak


@require_http_methods(["GET", "POST"])
def sak_action(request: HttpRequest, sak_id: int, name: str) -> HttpResponse:
    """ETT-01: record the dialogue; ETT-02: draft the decision at 18."""
    if name not in SAK:
        raise Http404
    sak = access_sak(
        request,
        sak_id,
        queryset=sak_detail_queryset(),
        check=lambda user, s: SAK.may(s, user, name),
    )
    case_url = reverse("cases:detail", args=[sak.pk])
    success = (
        (lambda vedtak: reverse("vedtak:detail", args=[sak.pk, vedtak.pk]))
        if name == "create_decision"
        else case_url
    )
    return action_page(
        request,
        SAK,
        name,
        sak,
        ids={"sak_id": sak.pk},
        context={"sak": sak},
        success=success,
        cancel=case_url,
    )


@require_http_methods(["GET", "POST"])
def vedtak_action(request: HttpRequest, sak_id: int, vedtak_id: int, name: str) -> HttpResponse:
    """ETT-02: the outcome of a draft decision, and a declined offer's reason."""
    if name not in VEDTAK:
        raise Http404
    mine = (
        Ettervernvedtak.objects.select_related("vedtak__sak__barn")
        .filter(vedtak_id=vedtak_id, vedtak__sak_id=sak_id)
        .first()
    )
    if mine is None:
        raise Http404
    # Not the user's action: 404 before the case is read, so nothing is logged (ROLE-03).
    sak = access_sak(
        request,
        sak_id,
        queryset=sak_detail_queryset(),
        check=lambda user, s: VEDTAK.may(mine, user, name),
    )
    decision_url = reverse("vedtak:detail", args=[sak.pk, vedtak_id])
    return action_page(
        request,
        VEDTAK,
        name,
        mine,
        ids={"vedtak_id": vedtak_id},
        context={"sak": sak},
        success=decision_url,
        cancel=decision_url,
    )
