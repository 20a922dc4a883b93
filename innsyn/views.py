"""Requests for access under a case (INNSYN-01): the list, registering one, a request's page,
going through the case's documents, and the answer.

Every view opens the case through :func:`cases.permissions.access_sak`: outside need-to-know it
answers 404 (ROLE-02), and the read is logged before anything is shown (ROLE-03).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import service_form

from . import forms, selectors, services
from .actions import INNSYN, MACHINE
from .models import Innsynskrav


def _detail_url(krav: Innsynskrav) -> str:
    return reverse("innsyn:detail", args=[krav.sak_id, krav.pk])


def _krav(request: HttpRequest, sak_id: int, krav_id: int, *, may: str | None = None):
    """One request of a case the user may see (ROLE-02: 404 otherwise; ROLE-03: logged). With
    ``may``, only for who may take that action (404 otherwise, nothing logged)."""
    found: dict[str, Innsynskrav] = {}

    def in_case(user, sak) -> bool:
        krav = selectors.krav_in_sak(sak, krav_id)
        if krav is None:
            return False
        found["krav"] = krav
        return may is None or MACHINE.may(krav, user, may)

    access_sak(request, sak_id, queryset=sak_detail_queryset(), check=in_case)
    return found["krav"]


@require_GET
def innsyn_list(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = access_sak(request, sak_id, queryset=sak_detail_queryset())
    context = {
        "sak": sak,
        "krav": selectors.krav_for(sak),
        "actions": INNSYN.offers(sak, request.user),
    }
    return render(request, "innsyn/innsyn_list.html", context)


@require_http_methods(["GET", "POST"])
def innsyn_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    """INNSYN-01: register a party's request to see the case documents."""
    sak = access_sak(
        request,
        sak_id,
        queryset=sak_detail_queryset(),
        check=lambda user, sak: INNSYN.may(sak, user, "register"),
    )
    form = forms.RegisterForm(
        request.POST if request.method == "POST" else None, parties=selectors.parties_of(sak)
    )

    def call(_data: dict) -> Innsynskrav:
        return services.innsynskrav_register(
            actor=request.user, sak_id=sak.pk, **form.service_kwargs()
        )

    return service_form(
        request,
        form,
        call,
        template="innsyn/innsyn_form.html",
        context={
            "sak": sak,
            "title": _("Register a request for access"),
            "cancel": reverse("innsyn:list", args=[sak.pk]),
        },
        success=_detail_url,
        done=INNSYN["register"].done,
    )


@require_GET
def innsyn_detail(request: HttpRequest, sak_id: int, krav_id: int) -> HttpResponse:
    krav = _krav(request, sak_id, krav_id)
    context = {
        "sak": krav.sak,
        "krav": krav,
        "documents": selectors.documents_for_review(krav),
        "letters": selectors.letters_of(krav),
        "actions": MACHINE.offers(krav, request.user),
    }
    return render(request, "innsyn/innsyn_detail.html", context)


@require_http_methods(["GET", "POST"])
def innsyn_review(request: HttpRequest, sak_id: int, krav_id: int) -> HttpResponse:
    """INNSYN-01: each document of the case given or withheld, with its ground."""
    krav = _krav(request, sak_id, krav_id, may="review")
    form = forms.ReviewForm(
        request.POST if request.method == "POST" else None,
        documents=selectors.documents_for_review(krav),
    )

    def call(_data: dict) -> Innsynskrav:
        return services.innsynskrav_review(
            actor=request.user, krav_id=krav.pk, **form.service_kwargs()
        )

    return service_form(
        request,
        form,
        call,
        template="innsyn/innsyn_review.html",
        context={
            "sak": krav.sak,
            "krav": krav,
            "title": _("Go through the case documents"),
            "cancel": _detail_url(krav),
        },
        success=_detail_url,
        done=MACHINE["review"].done,
    )


@require_http_methods(["GET", "POST"])
def innsyn_answer(request: HttpRequest, sak_id: int, krav_id: int) -> HttpResponse:
    """INNSYN-01: answer the request; the letter is ordered (DOK-01) and what is given logged.
    The page shows what the letter will say before it is ordered."""
    krav = _krav(request, sak_id, krav_id, may="answer")
    form = forms.AnswerForm(request.POST if request.method == "POST" else None)

    def call(_data: dict) -> Innsynskrav:
        return services.innsynskrav_answer(actor=request.user, krav_id=krav.pk)

    return service_form(
        request,
        form,
        call,
        template="innsyn/innsyn_answer.html",
        context={
            "sak": krav.sak,
            "krav": krav,
            "documents": selectors.documents_for_review(krav),
            "title": _("Answer the request for access"),
            "cancel": _detail_url(krav),
        },
        success=_detail_url,
        done=MACHINE["answer"].done,
    )
