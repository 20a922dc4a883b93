"""The decision's letters, made through the ``documents`` app (DOK-01, DOK-02, VED-10).

- forhåndsvarsel: one letter per notified party (source: :class:`Forhandsvarsel`);
- vedtak: the original every party gets (source: :class:`Vedtak`), ordered at approval;
- samtykkeerklæring: the consent form (source: :class:`Samtykke`).

The letters are whole bokmål templates under ``templates/documents/nb/`` (STYLE.md §5).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils import timezone

from documents.recipients import Recipient


def _enabled() -> bool:
    return apps.is_installed("documents")


def _context_vedtak(vedtak) -> dict[str, Any]:
    from .selectors import vedtak_document_context

    return vedtak_document_context(vedtak.pk)


def _context_forhandsvarsel(notice) -> dict[str, Any]:
    from .selectors import forhandsvarsel_document_context

    return forhandsvarsel_document_context(notice.pk)


def _context_samtykke(samtykke) -> dict[str, Any]:
    from .selectors import samtykke_document_context

    return samtykke_document_context(samtykke.pk)


def register() -> None:
    if not _enabled():
        return
    from documents import registry

    registry.register("vedtak", template="documents/nb/vedtak.html", context=_context_vedtak)
    registry.register(
        "forhandsvarsel",
        template="documents/nb/forhandsvarsel.html",
        context=_context_forhandsvarsel,
    )
    registry.register(
        "samtykkeerklaering",
        template="documents/nb/samtykkeerklaering.html",
        context=_context_samtykke,
    )


def _order(source, *, type: str, actor) -> None:
    if not _enabled():
        return
    from documents.services import dokument_create

    dokument_create(
        actor=actor,
        sak=source.sak if hasattr(source, "sak") else source.vedtak.sak,
        type=type,
        source=source,
    )


def order_vedtak_document(vedtak, *, actor) -> None:
    _order(vedtak, type="vedtak", actor=actor)


def order_forhandsvarsel_document(notice, *, actor) -> None:
    _order(notice, type="forhandsvarsel", actor=actor)


def order_samtykke_document(samtykke, *, actor) -> None:
    _order(samtykke, type="samtykkeerklaering", actor=actor)


#: The attribute :func:`remember_documents` puts on a vedtak.
DOCUMENTS_ATTR = "_source_documents"


def remember_documents(vedtak, dokumenter: list) -> None:
    """The vedtak page has read every document made from this vedtak
    (``documents.selectors.dokumenter_for(sak_id, source=vedtak)``): DOK-01 looks there
    instead of asking the database again."""
    setattr(vedtak, DOCUMENTS_ATTR, dokumenter)


def latest_vedtak_document(vedtak):
    if not _enabled():
        return None
    known = getattr(vedtak, DOCUMENTS_ATTR, None)
    if known is not None:
        return max((d for d in known if d.type == "vedtak"), key=lambda d: d.versjon, default=None)
    from documents.models import Dokument

    return Dokument.objects.for_source(vedtak).filter(type="vedtak").order_by("-versjon").first()


def vedtak_document_ready(vedtak) -> bool:
    """DOK-01: the decision's document exists and is rendered."""
    if not _enabled():
        return True
    doc = latest_vedtak_document(vedtak)
    return doc is not None and doc.is_downloadable


def register_vedtak_dispatch(vedtak, *, recipients, kanaler, actor, tidspunkt=None) -> None:
    """DOK-02/VED-10: each party got the original, by the chosen channel."""
    if not _enabled():
        return
    from documents.services import dokument_register_dispatch

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
