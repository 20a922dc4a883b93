"""Contractor pages. Each view: access through the scope (404 otherwise), one service, render.

Two kinds of page:

- *service pages* under ``oppdragstakere/`` (the list, a contractor, the work list, the
  clerical steps): the service's staff only (``contractors.permissions``); they show no
  case content;
- *case pages* under ``saker/<sak_id>/`` (an assignment, the assignment form): through
  ``cases.permissions.access_sak`` (ROLE-02, with the read logged, ROLE-03).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.permissions import access_sak
from core.edge import action_page
from documents.services import dokument_read_verified

from . import documents, permissions, rules, selectors
from .actions import (
    GODKJENNINGSDOKUMENT,
    OPPDRAG,
    OPPDRAGSTAKER,
    TILTAK,
    TJENESTE,
    TRANSITIONS,
    Godkjenningsdokument,
)
from .forms import OppdragstakerFilterForm
from .models import Oppdrag

# --- the service's contractors ----------------------------------------------------------------


def _require_staff(request: HttpRequest) -> None:
    if not permissions.can_see_contractors(request.user):
        raise Http404


def _require(request: HttpRequest, name: str) -> None:
    """404 unless the user holds the service-level action ``name`` (ROLE-01)."""
    if not TJENESTE.may(None, request.user, name):
        raise Http404


@require_GET
def oppdragstaker_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = OppdragstakerFilterForm(request.GET or None)
    today = timezone.localdate()
    rows = [
        {"o": o, "flags": selectors.flags_for_row(o, today)}
        for o in selectors.oppdragstaker_list(request.user, form.to_filter())
    ]
    context = {
        "form": form,
        "rows": rows,
        # The kernel's offers: the work list and registering a contractor, for those they are.
        "actions": TJENESTE.offers(None, request.user),
        "max_months": rules.politiattest_max_months(),
    }
    return render(request, "contractors/oppdragstaker_list.html", context)


@require_http_methods(["GET", "POST"])
def oppdragstaker_create(request: HttpRequest) -> HttpResponse:
    """OPP-01: register a contractor in the user's service."""
    return action_page(
        request,
        TJENESTE,
        "create",
        None,
        ids={},
        template="contractors/oppdragstaker_form.html",
        context={"submit": _("Save")},
        success=_detail_url,
        cancel=reverse("contractors:list"),
    )


@require_GET
def oppdragstaker_detail(request: HttpRequest, oppdragstaker_id: int) -> HttpResponse:
    o = permissions.access_oppdragstaker(
        request.user,
        oppdragstaker_id,
        queryset=selectors.oppdragstaker_detail_queryset(),
    )
    today = timezone.localdate()
    # The kernel's offers: the page renders exactly these, with the rules that block them.
    offers = OPPDRAGSTAKER.offers(o, request.user)
    attest = rules.siste_politiattest(o)
    context = {
        "o": o,
        "steps": o.status_steps(),
        "oppdrag_rows": selectors.oppdrag_rows(request.user, o),
        "ready": rules.ready_problems(o, today),
        "siste_politiattest": attest,
        "politiattest_gammel": attest is not None and attest.er_for_gammel(today),
        "max_months": rules.politiattest_max_months(),
        "actions": [a for a in offers if a.name in TRANSITIONS],
        "offers": {a.name: a for a in offers},
        # OPP-03, DOK-01: each approval document, its download, and «Try again» when it failed.
        "godkjenningsdokumenter": selectors.godkjenningsdokument_rows(request.user, o),
        "suspension_reason": o.suspendert_begrunnelse if o.status == o.Status.SUSPENDERT else "",
    }
    return render(request, "contractors/oppdragstaker_detail.html", context)


def _detail_url(o) -> str:
    return reverse("contractors:detail", kwargs={"oppdragstaker_id": o.pk})


def _oppdragstaker_action(
    request: HttpRequest, oppdragstaker_id: int, name: str, **context
) -> HttpResponse:
    """A contractor's action on its own page (``contractors/oppdragstaker_form.html``)."""
    o = permissions.access_oppdragstaker(
        request.user,
        oppdragstaker_id,
        queryset=selectors.oppdragstaker_action_queryset(),
        check=OPPDRAGSTAKER[name].may,
    )
    return action_page(
        request,
        OPPDRAGSTAKER,
        name,
        o,
        ids={"oppdragstaker_id": o.pk},
        template="contractors/oppdragstaker_form.html",
        context={"o": o, **context},
        success=_detail_url(o),
        cancel=_detail_url(o),
    )


@require_http_methods(["GET", "POST"])
def oppdragstaker_edit(request: HttpRequest, oppdragstaker_id: int) -> HttpResponse:
    return _oppdragstaker_action(
        request, oppdragstaker_id, "edit", title=_("Edit contractor"), submit=_("Save")
    )


@require_http_methods(["GET", "POST"])
def politiattest_create(request: HttpRequest, oppdragstaker_id: int) -> HttpResponse:
    return _oppdragstaker_action(request, oppdragstaker_id, "register_politiattest", rule="OPP-02")


@require_http_methods(["GET", "POST"])
def taushetserklaering_create(request: HttpRequest, oppdragstaker_id: int) -> HttpResponse:
    return _oppdragstaker_action(
        request, oppdragstaker_id, "register_taushetserklaering", rule="OPP-02"
    )


@require_http_methods(["GET", "POST"])
def oppdragstaker_transition(
    request: HttpRequest, oppdragstaker_id: int, action: str
) -> HttpResponse:
    """One approval action on its page: its form (a reason for suspend and end), what blocks
    it; the contractor page posts the actions that ask for nothing straight here."""
    if action not in TRANSITIONS:
        raise Http404
    return _oppdragstaker_action(request, oppdragstaker_id, action, rule="OPP-02")


@require_GET
def godkjenningsdokument_download(
    request: HttpRequest, oppdragstaker_id: int, dokument_id: int
) -> HttpResponse:
    """OPP-03: the approval document, for the service's staff (it belongs to no case)."""
    o = permissions.access_oppdragstaker(request.user, oppdragstaker_id)
    dokument = next(
        (
            d
            for d in documents.documents_for(o, documents.GODKJENNINGSDOKUMENT)
            if d.pk == dokument_id and d.is_downloadable
        ),
        None,
    )
    if dokument is None:
        raise Http404
    content = dokument_read_verified(dokument)
    if content is None:
        return render(request, "documents/dokument_integrity_error.html", {"sak": None}, status=500)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=dokument.download_filename
    )
    response["Cache-Control"] = "no-store, private"
    return response


# --- the clerical officer's work list and steps ---------------------------------------------------


@require_http_methods(["GET", "POST"])
def godkjenningsdokument_retry(
    request: HttpRequest, oppdragstaker_id: int, dokument_id: int
) -> HttpResponse:
    """DOK-01: make a failed approval document again (OPP-03). GET tells what it does; the
    contractor page posts here straight from its «Try again» button."""
    o = permissions.access_oppdragstaker(request.user, oppdragstaker_id)
    dokument = selectors.godkjenningsdokument(o, dokument_id)
    if dokument is None:
        raise Http404
    return action_page(
        request,
        GODKJENNINGSDOKUMENT,
        "retry",
        Godkjenningsdokument(o, dokument),
        ids={"oppdragstaker_id": o.pk, "dokument_id": dokument.pk},
        template="contractors/godkjenningsdokument_retry.html",
        context={"o": o, "dokument": dokument, "title": _("Try again to make the document")},
        success=_detail_url(o),
        cancel=_detail_url(o),
    )


@require_GET
def arbeidsliste(request: HttpRequest) -> HttpResponse:
    _require(request, "worklist")
    return render(
        request, "contractors/arbeidsliste.html", {"liste": selectors.arbeidsliste(request.user)}
    )


def _back_to(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _clerical_action(
    request: HttpRequest, oppdrag_id: int, name: str, title: str, **form_kwargs
) -> HttpResponse:
    """An assignment's clerical step (the terms, nothing of the case), back to ``next``."""
    oppdrag = permissions.access_oppdrag_in_service(
        request.user,
        oppdrag_id,
        check=OPPDRAG[name].may,
        queryset=Oppdrag.objects.select_related("oppdragstaker", "tiltak__type", "sak"),
    )
    back = _back_to(request, reverse("contractors:worklist"))
    return action_page(
        request,
        OPPDRAG,
        name,
        oppdrag,
        ids={"oppdrag_id": oppdrag.pk},
        template="contractors/clerical_form.html",
        context={"oppdrag": oppdrag, "title": title},
        success=back,
        cancel=back,
        form_kwargs=form_kwargs,
    )


@require_http_methods(["GET", "POST"])
def kontrakt_register(request: HttpRequest, oppdrag_id: int) -> HttpResponse:
    """OPP-04: the kontorfaglig records the work contract / pay notice."""
    return _clerical_action(
        request, oppdrag_id, "register_contract", _("Work contract / pay notice")
    )


@require_http_methods(["GET", "POST"])
def innlevering_create(request: HttpRequest, oppdrag_id: int) -> HttpResponse:
    """OPP-05: a timesheet, report or final report received."""
    initial = {k: request.GET[k] for k in ("type", "periode") if request.GET.get(k)}
    return _clerical_action(
        request,
        oppdrag_id,
        "register_submission",
        _("Register timesheet or report"),
        initial=initial,
        # OPP-05: the report itself may come with it (an incoming document, INN-01).
        files=request.FILES if request.method == "POST" else None,
    )


# --- case pages: assignments --------------------------------------------------------------------


def _case_oppdrag(request: HttpRequest, sak_id: int, oppdrag_id: int, check=None) -> Oppdrag:
    """An assignment of a case the user may see (ROLE-02, read logged: ROLE-03), or 404."""
    found: dict[str, Oppdrag] = {}

    def in_case(user, sak) -> bool:
        oppdrag = selectors.oppdrag_detail_queryset().filter(pk=oppdrag_id, sak_id=sak.pk).first()
        if oppdrag is None:
            return False
        oppdrag.sak = sak
        if check is not None and not check(oppdrag, user):
            return False
        found["oppdrag"] = oppdrag
        return True

    access_sak(request, sak_id, check=in_case)
    return found["oppdrag"]


def _oppdrag_url(oppdrag) -> str:
    return reverse(
        "contractors:oppdrag_detail", kwargs={"sak_id": oppdrag.sak_id, "oppdrag_id": oppdrag.pk}
    )


@require_http_methods(["GET", "POST"])
def oppdrag_create(request: HttpRequest, sak_id: int, tiltak_id: int) -> HttpResponse:
    """OPP-04: assign a contractor to a measure, with the written agreement."""
    found = {}
    may = TILTAK["assign"].may

    def can_assign_here(user, sak) -> bool:
        tiltak = selectors.tiltak_for_assignment(sak, tiltak_id)
        if tiltak is None:
            return False
        tiltak.vedtak.sak = sak
        found["tiltak"] = tiltak
        return may(tiltak, user)

    sak = access_sak(request, sak_id, check=can_assign_here)
    tiltak = found["tiltak"]
    return action_page(
        request,
        TILTAK,
        "assign",
        tiltak,
        ids={"tiltak_id": tiltak.pk},
        template="contractors/oppdrag_form.html",
        context={"sak": sak, "tiltak": tiltak},
        success=_oppdrag_url,
        cancel=reverse("cases:detail", args=[sak.pk]),
        form_kwargs={
            "oppdragstakere": selectors.oppdragstakere_for_assignment(request.user, sak),
            "oppdragstaker": request.GET.get("oppdragstaker"),
        },
    )


@require_GET
def oppdrag_detail(request: HttpRequest, sak_id: int, oppdrag_id: int) -> HttpResponse:
    oppdrag = _case_oppdrag(request, sak_id, oppdrag_id)
    today = timezone.localdate()
    status = oppdrag.status(today)
    context = {
        "sak": oppdrag.sak,
        "oppdrag": oppdrag,
        "o": oppdrag.oppdragstaker,
        "status": status,
        "missing": selectors.missing_for_oppdrag(oppdrag, today),
        # An ended assignment keeps no warning: its contractor acts no more.
        "ready": rules.ready_problems(oppdrag.oppdragstaker, today)
        if status != Oppdrag.Status.AVSLUTTET
        else [],
        "start_block": selectors.start_block(oppdrag, today),
        "innleveringer": list(oppdrag.innleveringer.all()),
        "avtaler": selectors.oppdragsavtale_rows(oppdrag),
        # The kernel's offers (OPP-04 … OPP-06): the page renders exactly these.
        "offers": {a.name: a for a in OPPDRAG.offers(oppdrag, request.user, today)},
    }
    return render(request, "contractors/oppdrag_detail.html", context)


def _oppdrag_action(request: HttpRequest, sak_id: int, oppdrag_id: int, name: str) -> HttpResponse:
    oppdrag = _case_oppdrag(request, sak_id, oppdrag_id, check=OPPDRAG[name].may)
    return action_page(
        request,
        OPPDRAG,
        name,
        oppdrag,
        ids={"oppdrag_id": oppdrag.pk},
        template="contractors/oppdrag_form.html",
        context={"sak": oppdrag.sak, "oppdrag": oppdrag},
        success=_oppdrag_url(oppdrag),
        cancel=_oppdrag_url(oppdrag),
    )


@require_http_methods(["GET", "POST"])
def oppdrag_edit(request: HttpRequest, sak_id: int, oppdrag_id: int) -> HttpResponse:
    return _oppdrag_action(request, sak_id, oppdrag_id, "edit")


@require_http_methods(["GET", "POST"])
def oppdrag_brief(request: HttpRequest, sak_id: int, oppdrag_id: int) -> HttpResponse:
    """OPP-06: the veileder/terapeut was briefed on the case."""
    return _oppdrag_action(request, sak_id, oppdrag_id, "brief")


@require_http_methods(["GET", "POST"])
def oppdrag_end(request: HttpRequest, sak_id: int, oppdrag_id: int) -> HttpResponse:
    return _oppdrag_action(request, sak_id, oppdrag_id, "end")
