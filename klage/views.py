"""The complaints' pages. Every view opens the case through
:func:`cases.permissions.access_sak`: outside need-to-know it answers 404 (ROLE-02) and the
read is logged (ROLE-03)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import action_page, service_form
from vedtak.models import Vedtak

from . import forms, permissions, selectors, services
from .actions import MACHINE
from .models import Klage


def _detail_url(klage: Klage) -> str:
    return reverse("klage:detail", args=[klage.sak_id, klage.pk])


def _klage(request: HttpRequest, sak_id: int, klage_id: int, check=None) -> tuple:
    sak = access_sak(request, sak_id, queryset=sak_detail_queryset(), check=check)
    klage = selectors.klage_for_page(sak, klage_id)
    if klage is None:
        raise Http404
    return sak, klage


@require_http_methods(["GET", "POST"])
def klage_register(request: HttpRequest, sak_id: int, vedtak_id: int) -> HttpResponse:
    """KLAGE-01: register a party's complaint against a sent decision."""
    sak = access_sak(
        request,
        sak_id,
        queryset=sak_detail_queryset(),
        check=lambda user, s: permissions.can_register_on(s, user),
    )
    vedtak = Vedtak.objects.filter(pk=vedtak_id, sak=sak).first()
    if vedtak is None:
        raise Http404
    post = request.method == "POST"
    form = forms.RegisterForm(
        request.POST if post else None,
        request.FILES if post else None,
        parter=sak.parter.filter(aktiv=True),
    )

    def call(_data: dict) -> Klage:
        return services.klage_register(
            actor=request.user, sak_id=sak.pk, vedtak_id=vedtak.pk, **form.service_kwargs()
        )

    return service_form(
        request,
        form,
        call,
        template="klage/klage_form.html",
        context={
            "sak": sak,
            "vedtak": vedtak,
            "title": _("Register a complaint"),
            "cancel": reverse("vedtak:detail", args=[sak.pk, vedtak.pk]),
        },
        success=_detail_url,
        done=_("The complaint is registered."),
    )


@require_GET
def klage_detail(request: HttpRequest, sak_id: int, klage_id: int) -> HttpResponse:
    sak, klage = _klage(request, sak_id, klage_id)
    context = {
        "sak": sak,
        "klage": klage,
        "actions": selectors.offers(klage, request.user),
        "letters": selectors.letters(klage),
        "statsforvalter_missing": selectors.statsforvalter_missing(klage),
    }
    return render(request, "klage/klage_detail.html", context)


@require_http_methods(["GET", "POST"])
def klage_action(request: HttpRequest, sak_id: int, klage_id: int, name: str) -> HttpResponse:
    """The service's assessment, changing the decision, sending to the statsforvalteren and
    the outcome: one page per action of the table."""
    if name not in MACHINE:
        raise Http404
    # Not the user's action: 404 before the case is read, so nothing is logged (ROLE-03).
    mine = Klage.objects.select_related("sak").filter(pk=klage_id, sak_id=sak_id).first()
    if mine is None:
        raise Http404
    sak, klage = _klage(
        request, sak_id, klage_id, check=lambda user, s: MACHINE.may(mine, user, name)
    )
    post = request.method == "POST"
    files = {"files": request.FILES} if post and name == "record_outcome" else {}
    return action_page(
        request,
        MACHINE,
        name,
        klage,
        ids={"klage_id": klage.pk, "sak_id": sak.pk},
        context={"sak": sak, "klage": klage},
        success=_detail_url,
        cancel=_detail_url(klage),
        form_kwargs=files,
    )
