"""The DOK-02 dispatch page the plan and its evaluations share: one channel for each party that
has not got the document yet, then the action's service. The evaluations app uses it too: it
depends on plans, never the reverse (issue 18)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from core.actions import Offer
from core.edge import service_form
from documents.models import Utsending

from . import documents, forms


def dispatch_page(
    request: HttpRequest,
    sak,
    *,
    source,
    type: str,
    offer: Offer | None,
    call: Callable[[dict[str, str], datetime], object],
    title: str,
    back_url: str,
) -> HttpResponse:
    """The page of a ``send_out`` action: ``offer`` is the action as the kernel offers it to
    the user (``None`` while the record's state does not allow it); ``call(kanaler, when)`` is
    its service. Back to ``back_url`` when done."""
    copies = documents.copies_of(source, type)
    doc = max(copies.values(), key=lambda d: d.pk, default=None)
    done = documents.registered(copies)
    recipients = [
        (
            r.key,
            sak.barn.fullt_navn
            if r.is_child
            else f"{r.part.fullt_navn} ({r.part.get_relasjon_display().lower()})",
            documents.is_registered(r, done),
        )
        for r in documents.recipients_of(sak)
    ]
    form = forms.DispatchForm(
        forms.posted(request),
        recipients=recipients,
        channels=Utsending.Kanal.choices,
        initial={"tidspunkt": timezone.localtime().replace(second=0, microsecond=0)},
    )
    return service_form(
        request,
        form,
        lambda d: call(form.kanaler(), d["tidspunkt"]),
        template="plans/dispatch.html",
        context={
            "sak": sak,
            "title": title,
            "doc": doc,
            "ready": offer is not None and documents.all_made(copies),
            "recipients": recipients,
            "back_url": back_url,
        },
        success=back_url,
        done=offer.action.done if offer is not None else None,
    )
