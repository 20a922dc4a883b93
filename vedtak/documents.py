"""The decision's letters, made through the ``documents`` app (DOK-01, DOK-02, VED-10).

- forhåndsvarsel: one letter per notified party (source: :class:`Forhandsvarsel`);
- vedtak: the original every party gets (source: :class:`Vedtak`), ordered at approval;
- samtykkeerklæring: the consent form (source: :class:`Samtykke`).

The letters are whole bokmål templates under ``templates/documents/nb/`` (STYLE.md §5).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from documents import registry
from documents.models import Dokument
from documents.recipients import Recipient
from documents.services import dokument_create, dokument_register_dispatch

from .selectors import (
    forhandsvarsel_document_context,
    samtykke_document_context,
    vedtak_document_context,
)

VEDTAK = Dokument.Type.VEDTAK
FORHANDSVARSEL = Dokument.Type.FORHANDSVARSEL
SAMTYKKEERKLAERING = Dokument.Type.SAMTYKKEERKLAERING


def _context_vedtak(vedtak) -> dict[str, Any]:
    return vedtak_document_context(vedtak.pk)


def _context_forhandsvarsel(notice) -> dict[str, Any]:
    return forhandsvarsel_document_context(notice.pk)


def _context_samtykke(samtykke) -> dict[str, Any]:
    return samtykke_document_context(samtykke.pk)


def register() -> None:
    registry.register(VEDTAK, template="documents/nb/vedtak.html", context=_context_vedtak)
    registry.register(
        FORHANDSVARSEL,
        template="documents/nb/forhandsvarsel.html",
        context=_context_forhandsvarsel,
    )
    registry.register(
        SAMTYKKEERKLAERING,
        template="documents/nb/samtykkeerklaering.html",
        context=_context_samtykke,
    )


def _order(source, *, sak, type: str, actor) -> None:
    dokument_create(actor=actor, sak=sak, type=type, source=source)


def order_vedtak_document(vedtak, *, actor) -> None:
    _order(vedtak, sak=vedtak.sak, type=VEDTAK, actor=actor)


def order_forhandsvarsel_document(notice, *, actor) -> None:
    _order(notice, sak=notice.vedtak.sak, type=FORHANDSVARSEL, actor=actor)


def order_samtykke_document(samtykke, *, actor) -> None:
    _order(samtykke, sak=samtykke.sak, type=SAMTYKKEERKLAERING, actor=actor)


#: The attribute :func:`remember_documents` puts on a vedtak.
DOCUMENTS_ATTR = "_source_documents"


def remember_documents(vedtak, dokumenter: list) -> None:
    """The vedtak page has read every document made from this vedtak
    (``documents.selectors.dokumenter_for(sak_id, source=vedtak)``): DOK-01 looks there
    instead of asking the database again."""
    setattr(vedtak, DOCUMENTS_ATTR, dokumenter)


def latest_vedtak_document(vedtak) -> Dokument | None:
    known = getattr(vedtak, DOCUMENTS_ATTR, None)
    if known is not None:
        return max((d for d in known if d.type == VEDTAK), key=lambda d: d.versjon, default=None)
    return Dokument.objects.for_source(vedtak).filter(type=VEDTAK).order_by("-versjon").first()


def vedtak_document_ready(vedtak) -> bool:
    """DOK-01: the decision's document exists and is rendered."""
    doc = latest_vedtak_document(vedtak)
    return doc is not None and doc.is_downloadable


def register_vedtak_dispatch(vedtak, *, recipients, kanaler, actor, tidspunkt=None) -> None:
    """DOK-02/VED-10: each party got the original, by the chosen channel."""
    doc = latest_vedtak_document(vedtak)
    when = tidspunkt or timezone.now()
    for part, is_child in recipients:
        key = Recipient.of(part, is_child).key
        dokument_register_dispatch(
            actor=actor,
            dokument=doc,
            part=None if is_child else part,
            barnet=is_child,
            kanal=kanaler[key],
            tidspunkt=when,
        )


register()
