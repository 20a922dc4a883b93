"""The contractors' documents, made through the ``documents`` app (DOK-01, OPP-03, OPP-04).

- oppdragsavtale: the written assignment agreement (source: :class:`Oppdrag`), a document of
  the measure's case, ordered when the agreement is written and again (a new version) when
  it changes.
- godkjenningsdokument: the approval of an engaged contractor (source:
  :class:`Oppdragstaker`), ordered at approval (OPP-03). It belongs to no case: see
  :func:`order_godkjenningsdokument`.

The letters are whole bokmål templates under ``templates/documents/nb/`` (STYLE.md §5).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps

OPPDRAGSAVTALE = "oppdragsavtale"
GODKJENNINGSDOKUMENT = "godkjenningsdokument"


def _enabled() -> bool:
    return apps.is_installed("documents")


def _context_oppdragsavtale(oppdrag) -> dict[str, Any]:
    from .selectors import oppdragsavtale_document_context

    return oppdragsavtale_document_context(oppdrag.pk)


def _context_godkjenningsdokument(oppdragstaker) -> dict[str, Any]:
    from .selectors import godkjenningsdokument_context

    return godkjenningsdokument_context(oppdragstaker.pk)


def register() -> None:
    if not _enabled():
        return
    from documents import registry

    registry.register(
        OPPDRAGSAVTALE,
        template="documents/nb/oppdragsavtale.html",
        context=_context_oppdragsavtale,
    )
    registry.register(
        GODKJENNINGSDOKUMENT,
        template="documents/nb/godkjenningsdokument.html",
        context=_context_godkjenningsdokument,
    )


def order_oppdragsavtale(oppdrag, *, actor) -> None:
    """OPP-04: the agreement as a document of the measure's case, the next version."""
    if not _enabled():
        return
    from documents.services import dokument_create

    dokument_create(actor=actor, sak=oppdrag.sak, type=OPPDRAGSAVTALE, source=oppdrag)


def case_less_documents_supported() -> bool:
    """Whether ``documents.Dokument.sak`` may be empty (a document of no case)."""
    if not _enabled():
        return False
    from documents.models import Dokument

    return Dokument._meta.get_field("sak").null


def order_godkjenningsdokument(oppdragstaker, *, actor) -> None:
    """OPP-03: the approval document of an engaged contractor.

    A contractor is approved once for the service, not for one case, so the document is
    stored against no case (``sak=None``) when the documents app allows it. It is never filed
    on the case of an assignment: that would show the contractor's approval to that case's
    readers only, and file it on a child's case it has nothing to do with.
    """
    if not case_less_documents_supported():
        return
    from documents.services import dokument_create

    dokument_create(actor=actor, sak=None, type=GODKJENNINGSDOKUMENT, source=oppdragstaker)


def documents_for(source, type: str) -> list:
    if not _enabled():
        return []
    from documents.models import Dokument

    return list(Dokument.objects.for_source(source).filter(type=type).order_by("-versjon"))


def dokumenter_for_oppdrag(oppdrag_ids: list[int]) -> dict[int, list]:
    """The agreement documents of many assignments, in one query."""
    if not _enabled() or not oppdrag_ids:
        return {}
    from django.contrib.contenttypes.models import ContentType

    from documents.models import Dokument

    from .models import Oppdrag

    found: dict[int, list] = {}
    for d in Dokument.objects.filter(
        content_type=ContentType.objects.get_for_model(Oppdrag),
        object_id__in=oppdrag_ids,
        type=OPPDRAGSAVTALE,
    ).order_by("-versjon"):
        found.setdefault(d.object_id, []).append(d)
    return found


register()
