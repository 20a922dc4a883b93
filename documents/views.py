"""Document pages under a case: the list, the PDF download and the dispatch form.

Every view fetches the case through ``access_sak`` (ROLE-02: 404 otherwise) which logs the
read (ROLE-03); the download logs it with the action ``pdf``.
"""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.security import session_passive
from cases.permissions import access_sak
from cases.selectors import sak_detail_queryset
from core.edge import action_page, button_post
from core.models import AccessLogEntry

from . import actions, permissions, selectors, services
from .actions import DOKUMENT
from .models import Dokument

logger = logging.getLogger(__name__)


@require_GET
def dokument_list(request: HttpRequest, sak_id: int) -> HttpResponse:
    sak = access_sak(request, sak_id, queryset=sak_detail_queryset())
    context = {
        "sak": sak,
        "dokumenter": selectors.dokumenter_for(sak.pk),
        # The case's documents page offers every action of the table (each row what the
        # user may do with that document now).
        "dokument_actions": actions.ALL,
    }
    return render(request, "documents/dokument_list.html", context)


@session_passive
@require_GET
def dokument_row(request: HttpRequest, sak_id: int, dokument_id: int) -> HttpResponse:
    """One row of a list of documents, as the list shows it now: a row whose letter is being
    made asks for it every few seconds (htmx) until the letter is made or failed, and then
    says so in the list's polite live region (DOK-01). The list's actions and way back come
    as parameters (``handling``, ``next``). Asking is not activity: the login still ends
    after its idle time."""
    sak = access_sak(request, sak_id, queryset=sak_detail_queryset())
    dokument = selectors.dokument_row(sak.pk, dokument_id)
    if dokument is None:
        raise Http404
    dokument.sak = sak
    names = tuple(n for n in request.GET.getlist("handling") if n in actions.ALL)
    context = {
        "d": dokument,
        "sak": sak,
        "dokument_actions": names or None,
        "next": _next_url(request, sak.pk),
        # The row was asked for because its letter was being made: now made, or failed.
        "announce": dokument.status != Dokument.Status.BESTILT,
    }
    return render(request, "documents/_dokument_list.html#row", context)


@require_GET
def dokument_download(request: HttpRequest, sak_id: int, dokument_id: int) -> HttpResponse:
    """The PDF as an attachment. A document that is not made yet, or belongs to another case,
    answers 404 and nothing is logged; a file whose checksum does not match is refused."""
    found: dict[str, Dokument] = {}

    def document_ready(user, sak) -> bool:
        dokument = selectors.dokument_in_sak(sak.pk, dokument_id)
        if dokument is None or not dokument.is_downloadable:
            return False
        found["dokument"] = dokument
        return True

    access_sak(request, sak_id, action=AccessLogEntry.Action.PDF, check=document_ready)
    dokument = found["dokument"]
    content = services.dokument_read_verified(dokument)
    if content is None:
        # DOK-01: never hand out a file that is not the one that was made.
        return render(
            request, "documents/dokument_integrity_error.html", {"sak": dokument.sak}, status=500
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=dokument.download_filename
    )
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "no-store, private"
    return response


def _next_url(request: HttpRequest, sak_id: int) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("documents:list", kwargs={"sak_id": sak_id})


@require_http_methods(["GET", "POST"])
def dokument_dispatch(request: HttpRequest, sak_id: int, dokument_id: int) -> HttpResponse:
    """DOK-02: register that a recipient got the document (the table's
    ``register_dispatch``). POST, then back to where the user came from."""
    sak = access_sak(
        request, sak_id, queryset=sak_detail_queryset(), check=permissions.can_register_dispatch
    )
    dokument = selectors.dokument_in_sak(sak.pk, dokument_id)
    if dokument is None:
        raise Http404
    dokument.sak = sak
    back = _next_url(request, sak.pk)
    return action_page(
        request,
        DOKUMENT,
        "register_dispatch",
        dokument,
        ids={"dokument": dokument},
        success=back,
        cancel=back,
        template="documents/utsending_form.html",
        context={"sak": sak, "dokument": dokument},
    )


@require_http_methods(["GET", "POST"])
def dokument_retry(request: HttpRequest, sak_id: int, dokument_id: int) -> HttpResponse:
    """DOK-01: order a document that could not be made again. GET tells what it does, POST
    does it and returns to the page it came from."""
    sak = access_sak(
        request, sak_id, queryset=sak_detail_queryset(), check=permissions.can_retry_dokument
    )
    dokument = selectors.dokument_in_sak(sak.pk, dokument_id)
    if dokument is None:
        raise Http404
    dokument.sak = sak
    if request.method == "POST":
        # A second click finds it made already: the refusal is the message.
        return button_post(
            request,
            lambda: services.dokument_retry(actor=request.user, dokument=dokument),
            done=DOKUMENT["retry"].done,
            to=_next_url(request, sak.pk),
        )
    context = {
        "sak": sak,
        "dokument": dokument,
        # None when the letter is not one that failed (made, or being made).
        "offer": DOKUMENT.offer(dokument, request.user, "retry"),
        "title": _("Try again to make the document"),
        "next": _next_url(request, sak.pk),
    }
    return render(request, "documents/dokument_retry.html", context)
