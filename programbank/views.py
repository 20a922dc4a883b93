"""The programme bank's pages (BANK-01, BANK-04): the list, a programme with its trained
providers and their load and its history, and the head of service's forms.

Each view: the programme through the user's services (404 otherwise, ROLE-02), then one action
of the kernel's tables (:mod:`programbank.actions`) through :func:`core.edge.action_page`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.edge import action_page, button_post
from core.exceptions import NotFound

from . import permissions, selectors, services
from .actions import BANK, PROGRAM


@require_http_methods(["GET"])
def program_list(request: HttpRequest) -> HttpResponse:
    pages = selectors.bank_pages(request.user)
    if not pages:
        raise NotFound
    for page in pages:
        page.offers = BANK.offers(page.tjeneste, request.user)
    return render(request, "programbank/program_list.html", {"pages": pages})


@require_http_methods(["GET"])
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.program_for(request.user, program_id)
    context = {
        "program": program,
        "providers": selectors.providers(program),
        "changes": selectors.changes(program),
        "offers": PROGRAM.offers(program, request.user),
    }
    return render(request, "programbank/program_detail.html", context)


@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.program_for(request.user, program_id)
    detail = reverse("programbank:detail", args=[program.pk])
    return action_page(
        request,
        PROGRAM,
        "edit",
        program,
        ids={"program_id": program.pk},
        success=detail,
        cancel=detail,
        template="programbank/program_form.html",
        context={"title": program.navn, "program": program},
    )


@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest, tjeneste_id: int) -> HttpResponse:
    tjeneste = selectors.tjeneste_kept_by(request.user, tjeneste_id)
    return action_page(
        request,
        BANK,
        "create",
        tjeneste,
        ids={"tjeneste_id": tjeneste.pk},
        success=lambda p: reverse("programbank:detail", args=[p.pk]),
        cancel=reverse("programbank:list"),
        template="programbank/program_form.html",
    )


@require_POST
def program_seed(request: HttpRequest, tjeneste_id: int) -> HttpResponse:
    if tjeneste_id not in permissions.services_kept_by(request.user):
        raise NotFound
    return button_post(
        request,
        lambda: services.program_seed_defaults(actor=request.user, tjeneste_id=tjeneste_id),
        done=BANK["seed_defaults"].done,
        to=reverse("programbank:list"),
    )
