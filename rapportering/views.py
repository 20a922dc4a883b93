"""The page «Rapportering» (RAPP-03) and the extract's actions and download (RAPP-04)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.access import log_list
from core.edge import action_page
from core.models import AccessLogEntry

from . import selectors, services
from .actions import MACHINE


def _page_url(*_args) -> str:
    return reverse("rapportering:page")


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    sider = selectors.page(request.user)
    # ROLE-03: the cases named by the findings shown.
    log_list(
        request,
        AccessLogEntry.Liste.RAPPORTERING,
        [f.sak for s in sider for g in s.grupper for f in g.funn if f.sak_id],
    )
    return render(request, "rapportering/page.html", {"sider": sider})


def action(request: HttpRequest, uttrekk_id: int, name: str) -> HttpResponse:
    uttrekk = selectors.uttrekk_for(request.user, uttrekk_id)
    return action_page(
        request,
        MACHINE,
        name,
        uttrekk,
        ids={"uttrekk_id": uttrekk.pk},
        context={"uttrekk": uttrekk},
        success=_page_url,
        cancel=_page_url(),
    )


@require_POST
def download(request: HttpRequest, uttrekk_id: int) -> FileResponse:
    """RAPP-04: the released file, to the head of service only; a logged act."""
    uttrekk = services.uttrekk_download(actor=request.user, uttrekk_id=uttrekk_id)
    response = FileResponse(
        uttrekk.fil.open("rb"),
        as_attachment=True,
        filename=f"barnevern-{uttrekk.tjeneste.kommunenummer}-{uttrekk.dato}.zip",
        content_type="application/zip",
    )
    response["X-Checksum-SHA256"] = uttrekk.sjekksum
    return response
