"""Incoming documents under a case (INN-01): the list, receiving one, a document's page, its
file as a download, and withdrawing one registered by mistake.

Every view opens the case through :func:`cases.permissions.access_sak`: outside need-to-know it
answers 404 (ROLE-02), and the read is logged before anything is shown (ROLE-03); the file's
read is logged with the action ``pdf`` (a document downloaded), as the letters' are.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import action_page, service_form
from core.models import AccessLogEntry

from . import files, forms, selectors, services
from .actions import INNKOMMENDE, MACHINE
from .models import InnkommendeDokument


def _list_url(sak_id: int) -> str:
    return reverse("innkommende:list", args=[sak_id])


def _detail_url(dokument: InnkommendeDokument) -> str:
    return reverse("innkommende:detail", args=[dokument.sak_id, dokument.pk])


def _document(
    request: HttpRequest,
    sak_id: int,
    dokument_id: int,
    *,
    action: str = AccessLogEntry.Action.VIEW,
    may: str | None = None,
) -> InnkommendeDokument:
    """One document of a case the user may see (ROLE-02: 404 otherwise; ROLE-03: logged).
    With ``may``, the page is that action's, and only for who may take it (404 otherwise,
    nothing logged)."""
    found: dict[str, InnkommendeDokument] = {}

    def in_case(user, sak) -> bool:
        dokument = selectors.dokument_in_sak(sak, dokument_id)
        if dokument is None:
            return False
        found["dokument"] = dokument
        return may is None or MACHINE.may(dokument, user, may)

    access_sak(request, sak_id, action=action, queryset=sak_detail_queryset(), check=in_case)
    return found["dokument"]


@require_GET
def innkommende_list(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = access_sak(request, sak_id, queryset=sak_detail_queryset())
    context = {
        "sak": sak,
        "dokumenter": selectors.innkommende_for(sak),
        "actions": INNKOMMENDE.offers(sak, request.user),
    }
    return render(request, "innkommende/innkommende_list.html", context)


@require_http_methods(["GET", "POST"])
def innkommende_create(request: HttpRequest, sak_id: int) -> HttpResponse:
    """INN-01: register a document that came in, with its file."""
    sak = access_sak(
        request,
        sak_id,
        queryset=sak_detail_queryset(),
        check=lambda user, sak: INNKOMMENDE.may(sak, user, "receive"),
    )
    post = request.method == "POST"
    form = forms.ReceiveForm(
        request.POST if post else None,
        request.FILES if post else None,
        measures=selectors.measures_of(sak),
        evaluations=selectors.evaluations_of(sak),
        meetings=selectors.meetings_of(sak),
        initial={
            k: request.GET[k]
            for k in ("type", "tiltak", "evaluering", "mote")
            if request.GET.get(k)
        },
    )

    def call(_data: dict) -> InnkommendeDokument:
        return services.innkommende_receive(
            actor=request.user, sak_id=sak.pk, **form.service_kwargs()
        )

    return service_form(
        request,
        form,
        call,
        template="innkommende/innkommende_form.html",
        context={
            "sak": sak,
            "title": _("Register an incoming document"),
            "cancel": _list_url(sak.pk),
        },
        success=_detail_url,
        done=INNKOMMENDE["receive"].done,
    )


@require_GET
def innkommende_detail(request: HttpRequest, sak_id: int, dokument_id: int) -> HttpResponse:
    dokument = _document(request, sak_id, dokument_id)
    context = {
        "sak": dokument.sak,
        "dokument": dokument,
        "actions": MACHINE.offers(dokument, request.user),
    }
    return render(request, "innkommende/innkommende_detail.html", context)


@require_GET
def innkommende_download(request: HttpRequest, sak_id: int, dokument_id: int) -> HttpResponse:
    """INN-01: the file as an attachment, never shown in the browser, never cached; the read is
    logged (ROLE-03). A file whose checksum does not match is refused."""
    dokument = _document(request, sak_id, dokument_id, action=AccessLogEntry.Action.PDF)
    content = files.read_verified(dokument.fil.name, dokument.sha256)
    if content is None:
        return render(
            request, "documents/dokument_integrity_error.html", {"sak": dokument.sak}, status=500
        )
    response = HttpResponse(content, content_type=dokument.innholdstype)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=dokument.filnavn
    )
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def innkommende_withdraw(request: HttpRequest, sak_id: int, dokument_id: int) -> HttpResponse:
    dokument = _document(request, sak_id, dokument_id, may="withdraw")
    back = _detail_url(dokument)
    return action_page(
        request,
        MACHINE,
        "withdraw",
        dokument,
        ids={"dokument_id": dokument.pk, "sak_id": dokument.sak_id},
        success=back,
        cancel=back,
        context={"title": _("Withdraw the incoming document")},
    )
