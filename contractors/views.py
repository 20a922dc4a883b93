"""Contractor pages. Each view: access through the scope (404 otherwise), one service, render.

Two kinds of page:

- *service pages* under ``oppdragstakere/`` (the list, a contractor, the work list, the
  clerical steps): the service's staff only (``contractors.permissions``); they show no
  case content;
- *case pages* under ``saker/<sak_id>/`` (an assignment, the assignment form): through
  ``cases.permissions.access_sak`` (ROLE-02, with the read logged, ROLE-03).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from cases.permissions import access_sak
from core.exceptions import DomainError
from core.forms import add_domain_error

from . import documents, permissions, rules, selectors, services
from .forms import (
    InnleveringForm,
    KontraktForm,
    OppdragEndForm,
    OppdragForm,
    OppdragstakerFilterForm,
    OppdragstakerForm,
    OrienteringForm,
    PolitiattestForm,
    ReasonForm,
    TaushetserklaeringForm,
)
from .models import Oppdrag

ACTION_LABELS = {
    "receive_documentation": gettext_lazy("Register documentation received"),
    "approve": gettext_lazy("Approve"),
    "suspend": gettext_lazy("Suspend"),
    "resume": gettext_lazy("Lift the suspension"),
    "end": gettext_lazy("End as contractor"),
}
SUCCESS = {
    "receive_documentation": gettext_lazy("The documentation was registered as received."),
    "approve": gettext_lazy("The contractor was approved."),
    "suspend": gettext_lazy("The contractor was suspended."),
    "resume": gettext_lazy("The suspension was lifted."),
    "end": gettext_lazy("The contractor was ended."),
}
#: The transitions that ask for a reason on a page of their own.
REASON_ACTIONS = ("suspend", "end")


def _form_view(request, form, call, success, redirect_to, template, context):
    """The shared shape of a form page: validate, call one service, report, redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)
    return render(request, template, {"form": form, **context})


# --- the service's contractors ----------------------------------------------------------------


def _require_staff(request: HttpRequest) -> None:
    if not permissions.can_see_contractors(request.user):
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
        "can_create": permissions.can_create_contractor(request.user),
        "can_see_worklist": permissions.can_see_worklist(request.user),
        "max_months": rules.politiattest_max_months(),
    }
    return render(request, "contractors/oppdragstaker_list.html", context)


@require_http_methods(["GET", "POST"])
def oppdragstaker_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_contractor(request.user):
        raise Http404
    return _form_view(
        request,
        OppdragstakerForm(request.POST or None),
        lambda d: services.oppdragstaker_create(actor=request.user, data=d),
        _("The contractor was registered."),
        lambda o: reverse("contractors:detail", kwargs={"oppdragstaker_id": o.pk}),
        "contractors/oppdragstaker_form.html",
        {"title": _("New contractor")},
    )


@require_GET
def oppdragstaker_detail(request: HttpRequest, oppdragstaker_id: int) -> HttpResponse:
    o = permissions.access_oppdragstaker(
        request.user,
        oppdragstaker_id,
        queryset=selectors.oppdragstaker_detail_queryset(),
    )
    today = timezone.localdate()
    actions = services.available_actions(o, request.user)
    for a in actions:
        a["label"] = ACTION_LABELS[a["name"]]
        a["needs_reason"] = a["name"] in REASON_ACTIONS
    attest = rules.siste_politiattest(o)
    context = {
        "o": o,
        "oppdrag_rows": selectors.oppdrag_rows(request.user, o),
        "opp02": rules.OPP_02.unmet(o, today) if o.status != o.Status.AVSLUTTET else [],
        "ready": rules.ready_problems(o, today),
        "siste_politiattest": attest,
        "politiattest_gammel": attest is not None and attest.er_for_gammel(today),
        "max_months": rules.politiattest_max_months(),
        "actions": actions,
        "can_manage": permissions.can_manage_contractor(o, request.user)
        and o.status != o.Status.AVSLUTTET,
        "godkjenningsdokumenter": documents.documents_for(o, documents.GODKJENNINGSDOKUMENT),
    }
    return render(request, "contractors/oppdragstaker_detail.html", context)


def _detail_url(o) -> str:
    return reverse("contractors:detail", kwargs={"oppdragstaker_id": o.pk})


@require_http_methods(["GET", "POST"])
def oppdragstaker_edit(request: HttpRequest, oppdragstaker_id: int) -> HttpResponse:
    o = permissions.access_oppdragstaker(
        request.user, oppdragstaker_id, check=permissions.can_manage_contractor
    )
    return _form_view(
        request,
        OppdragstakerForm(request.POST or None, instance=o),
        lambda d: services.oppdragstaker_update(actor=request.user, oppdragstaker_id=o.pk, data=d),
        _("The contractor's details were saved."),
        _detail_url(o),
        "contractors/oppdragstaker_form.html",
        {"title": _("Edit contractor"), "o": o},
    )


@require_http_methods(["GET", "POST"])
def politiattest_create(request: HttpRequest, oppdragstaker_id: int) -> HttpResponse:
    o = permissions.access_oppdragstaker(
        request.user, oppdragstaker_id, check=permissions.can_manage_contractor
    )
    return _form_view(
        request,
        PolitiattestForm(request.POST or None),
        lambda d: services.politiattest_register(actor=request.user, oppdragstaker_id=o.pk, **d),
        _("The police certificate was registered."),
        _detail_url(o),
        "contractors/oppdragstaker_form.html",
        {"title": _("Police certificate"), "o": o, "rule": "OPP-02"},
    )


@require_http_methods(["GET", "POST"])
def taushetserklaering_create(request: HttpRequest, oppdragstaker_id: int) -> HttpResponse:
    o = permissions.access_oppdragstaker(
        request.user, oppdragstaker_id, check=permissions.can_manage_contractor
    )
    return _form_view(
        request,
        TaushetserklaeringForm(request.POST or None),
        lambda d: services.taushetserklaering_register(
            actor=request.user, oppdragstaker_id=o.pk, **d
        ),
        _("The confidentiality declaration was registered."),
        _detail_url(o),
        "contractors/oppdragstaker_form.html",
        {"title": _("Confidentiality declaration"), "o": o, "rule": "OPP-02"},
    )


@require_http_methods(["GET", "POST"])
def oppdragstaker_transition(
    request: HttpRequest, oppdragstaker_id: int, action: str
) -> HttpResponse:
    """One approval action. Suspend and end ask for a reason on a page of their own; the
    others are buttons on the contractor page (POST, then back to it)."""
    if action not in ACTION_LABELS:
        raise Http404
    o = permissions.access_oppdragstaker(
        request.user,
        oppdragstaker_id,
        check=permissions.can_suspend_contractor
        if action in ("suspend", "resume", "end")
        else permissions.can_manage_contractor,
    )
    actor = request.user
    if action in REASON_ACTIONS:
        call = {
            "suspend": lambda d: services.oppdragstaker_suspend(
                actor=actor, oppdragstaker_id=o.pk, reason=d["reason"]
            ),
            "end": lambda d: services.oppdragstaker_end(
                actor=actor, oppdragstaker_id=o.pk, reason=d["reason"]
            ),
        }[action]
        return _form_view(
            request,
            ReasonForm(request.POST or None),
            call,
            SUCCESS[action],
            _detail_url(o),
            "contractors/oppdragstaker_form.html",
            {"title": ACTION_LABELS[action], "o": o, "submit": ACTION_LABELS[action]},
        )
    if request.method != "POST":
        return redirect(_detail_url(o))
    call = {
        "receive_documentation": services.oppdragstaker_receive_documentation,
        "approve": services.oppdragstaker_approve,
        "resume": services.oppdragstaker_resume,
    }[action]
    try:
        call(actor=actor, oppdragstaker_id=o.pk)
    except PermissionDenied:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, SUCCESS[action])
    return redirect(_detail_url(o))


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
    from django.utils.http import content_disposition_header

    from documents.services import dokument_read_verified

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


@require_GET
def arbeidsliste(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_worklist(request.user):
        raise Http404
    liste = selectors.arbeidsliste(request.user)
    context = {
        "liste": liste,
        "can_register": bool(permissions.clerical_tjeneste_ids(request.user)),
    }
    return render(request, "contractors/arbeidsliste.html", context)


def _back_to(request: HttpRequest, default: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@require_http_methods(["GET", "POST"])
def kontrakt_register(request: HttpRequest, oppdrag_id: int) -> HttpResponse:
    """OPP-04: the kontorfaglig records the work contract / pay notice."""
    oppdrag = permissions.access_oppdrag_in_service(
        request.user,
        oppdrag_id,
        check=permissions.can_register_contract,
        queryset=Oppdrag.objects.select_related("oppdragstaker", "tiltak__type", "sak"),
    )
    back = _back_to(request, reverse("contractors:worklist"))
    return _form_view(
        request,
        KontraktForm(request.POST or None),
        lambda d: services.oppdrag_register_contract(
            actor=request.user, oppdrag_id=oppdrag.pk, dato=d["dato"]
        ),
        _("The work contract / pay notice was registered."),
        back,
        "contractors/clerical_form.html",
        {"title": _("Work contract / pay notice"), "oppdrag": oppdrag, "next": back},
    )


@require_http_methods(["GET", "POST"])
def innlevering_create(request: HttpRequest, oppdrag_id: int) -> HttpResponse:
    """OPP-05: a timesheet, report or final report received."""
    oppdrag = permissions.access_oppdrag_in_service(
        request.user,
        oppdrag_id,
        check=permissions.can_register_submission,
        queryset=Oppdrag.objects.select_related("oppdragstaker", "tiltak__type", "sak"),
    )
    initial = {k: request.GET[k] for k in ("type", "periode") if request.GET.get(k)}
    back = _back_to(request, reverse("contractors:worklist"))
    return _form_view(
        request,
        InnleveringForm(request.POST or None, initial=initial),
        lambda d: services.innlevering_register(
            actor=request.user,
            oppdrag_id=oppdrag.pk,
            type=d["type"],
            periode=d.get("periode"),
            mottatt=d["mottatt"],
            merknad=d.get("merknad") or "",
        ),
        _("Registered as received."),
        back,
        "contractors/clerical_form.html",
        {"title": _("Register timesheet or report"), "oppdrag": oppdrag, "next": back},
    )


# --- case pages: assignments --------------------------------------------------------------------


def _case_oppdrag(request: HttpRequest, sak_id: int, oppdrag_id: int, check=None) -> Oppdrag:
    """An assignment of a case the user may see (ROLE-02, read logged: ROLE-03), or 404."""
    found: dict[str, Oppdrag] = {}

    def in_case(user, sak) -> bool:
        oppdrag = selectors.oppdrag_detail_queryset().filter(pk=oppdrag_id, sak_id=sak.pk).first()
        if oppdrag is None or (check is not None and not check(oppdrag, user)):
            return False
        found["oppdrag"] = oppdrag
        return True

    sak = access_sak(request, sak_id, check=in_case)
    oppdrag = found["oppdrag"]
    oppdrag.sak = sak
    return oppdrag


def _oppdrag_url(oppdrag) -> str:
    return reverse(
        "contractors:oppdrag_detail", kwargs={"sak_id": oppdrag.sak_id, "oppdrag_id": oppdrag.pk}
    )


@require_http_methods(["GET", "POST"])
def oppdrag_create(request: HttpRequest, sak_id: int, tiltak_id: int) -> HttpResponse:
    """OPP-04: assign a contractor to a measure, with the written agreement."""
    found = {}

    def can_assign_here(user, sak) -> bool:
        tiltak = selectors.tiltak_for_assignment(sak, tiltak_id)
        if tiltak is None or not permissions.can_assign(user, sak):
            return False
        found["tiltak"] = tiltak
        return True

    sak = access_sak(request, sak_id, check=can_assign_here)
    tiltak = found["tiltak"]
    initial = {"fra_dato": tiltak.fra_dato or tiltak.startdato}
    if request.GET.get("oppdragstaker"):
        initial["oppdragstaker"] = request.GET["oppdragstaker"]
    form = OppdragForm(
        request.POST or None,
        initial=initial,
        oppdragstakere=selectors.oppdragstakere_for_assignment(request.user, sak),
    )
    return _form_view(
        request,
        form,
        lambda d: services.oppdrag_create(
            actor=request.user,
            tiltak_id=tiltak.pk,
            oppdragstaker_id=d["oppdragstaker"].pk,
            data=form.agreement_data(),
        ),
        _("The contractor was assigned and the agreement written."),
        _oppdrag_url,
        "contractors/oppdrag_form.html",
        {"title": _("Assign a contractor"), "sak": sak, "tiltak": tiltak},
    )


@require_GET
def oppdrag_detail(request: HttpRequest, sak_id: int, oppdrag_id: int) -> HttpResponse:
    oppdrag = _case_oppdrag(request, sak_id, oppdrag_id)
    today = timezone.localdate()
    can_edit = permissions.can_edit_oppdrag(oppdrag, request.user)
    context = {
        "sak": oppdrag.sak,
        "oppdrag": oppdrag,
        "o": oppdrag.oppdragstaker,
        "status": oppdrag.status(today),
        "missing": selectors.missing_for_oppdrag(oppdrag, today),
        "ready": rules.ready_problems(oppdrag.oppdragstaker, today),
        "start_block": selectors.start_block(oppdrag, today),
        "innleveringer": list(oppdrag.innleveringer.all()),
        "avtaler": documents.dokumenter_for_oppdrag([oppdrag.pk]).get(oppdrag.pk, []),
        "can_edit": can_edit and oppdrag.status(today) != "avsluttet",
        "can_register": permissions.can_register_submission(oppdrag, request.user),
    }
    return render(request, "contractors/oppdrag_detail.html", context)


@require_http_methods(["GET", "POST"])
def oppdrag_edit(request: HttpRequest, sak_id: int, oppdrag_id: int) -> HttpResponse:
    oppdrag = _case_oppdrag(request, sak_id, oppdrag_id, check=permissions.can_edit_oppdrag)
    return _form_view(
        request,
        OppdragForm(request.POST or None, instance=oppdrag, edit=True),
        lambda d: services.oppdrag_update(actor=request.user, oppdrag_id=oppdrag.pk, data=d),
        _("The agreement was changed; a new version of the document is being made."),
        _oppdrag_url(oppdrag),
        "contractors/oppdrag_form.html",
        {"title": _("Change the assignment agreement"), "sak": oppdrag.sak, "oppdrag": oppdrag},
    )


@require_http_methods(["GET", "POST"])
def oppdrag_brief(request: HttpRequest, sak_id: int, oppdrag_id: int) -> HttpResponse:
    """OPP-06: the veileder/terapeut was briefed on the case."""
    oppdrag = _case_oppdrag(request, sak_id, oppdrag_id, check=permissions.can_edit_oppdrag)
    form = OrienteringForm(
        request.POST or None,
        initial={
            "orientert_dato": oppdrag.orientert_dato or timezone.localdate(),
            "orientering_notat": oppdrag.orientering_notat,
        },
    )
    return _form_view(
        request,
        form,
        lambda d: services.oppdrag_brief(
            actor=request.user,
            oppdrag_id=oppdrag.pk,
            orientert_dato=d["orientert_dato"],
            notat=d["orientering_notat"],
        ),
        _("The briefing was recorded."),
        _oppdrag_url(oppdrag),
        "contractors/oppdrag_form.html",
        {"title": _("Briefing on the case"), "sak": oppdrag.sak, "oppdrag": oppdrag},
    )


@require_http_methods(["GET", "POST"])
def oppdrag_end(request: HttpRequest, sak_id: int, oppdrag_id: int) -> HttpResponse:
    oppdrag = _case_oppdrag(request, sak_id, oppdrag_id, check=permissions.can_edit_oppdrag)
    return _form_view(
        request,
        OppdragEndForm(request.POST or None),
        lambda d: services.oppdrag_end(
            actor=request.user, oppdrag_id=oppdrag.pk, dato=d["dato"], reason=d["reason"]
        ),
        _("The assignment was ended."),
        _oppdrag_url(oppdrag),
        "contractors/oppdrag_form.html",
        {"title": _("End the assignment"), "sak": oppdrag.sak, "oppdrag": oppdrag},
    )
