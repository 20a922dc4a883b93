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

import logging
from typing import Any

from core.exceptions import NotFound
from documents import registry
from documents.models import Dokument
from documents.services import dokument_create

from .models import Oppdrag, Oppdragstaker
from .selectors import godkjenningsdokument_context, oppdragsavtale_document_context

logger = logging.getLogger(__name__)

OPPDRAGSAVTALE = Dokument.Type.OPPDRAGSAVTALE
GODKJENNINGSDOKUMENT = Dokument.Type.GODKJENNINGSDOKUMENT


def _context_oppdragsavtale(oppdrag: Oppdrag) -> dict[str, Any]:
    return oppdragsavtale_document_context(oppdrag.pk)


def _context_godkjenningsdokument(oppdragstaker: Oppdragstaker) -> dict[str, Any]:
    return godkjenningsdokument_context(oppdragstaker.pk)


def register() -> None:
    registry.register(
        OPPDRAGSAVTALE,
        template="documents/{sprak}/oppdragsavtale.html",
        context=_context_oppdragsavtale,
    )
    registry.register(
        GODKJENNINGSDOKUMENT,
        template="documents/{sprak}/godkjenningsdokument.html",
        context=_context_godkjenningsdokument,
    )


def order_oppdragsavtale(oppdrag: Oppdrag, *, actor) -> None:
    """OPP-04: the agreement as a document of the measure's case, the next version."""
    dokument_create(actor=actor, sak=oppdrag.sak, type=OPPDRAGSAVTALE, source=oppdrag)


def order_godkjenningsdokument(oppdragstaker: Oppdragstaker, *, actor) -> None:
    """OPP-03: the approval document of an engaged contractor.

    A contractor is approved once for the service, not for one case, so the document is
    stored against no case (``sak=None``, one of ``Dokument.CASELESS_TYPES``). It is never
    filed on the case of an assignment: that would show the contractor's approval to that
    case's readers only, and file it on a child's case it has nothing to do with.
    """
    dokument_create(actor=actor, sak=None, type=GODKJENNINGSDOKUMENT, source=oppdragstaker)


def documents_for(source, type: str) -> list[Dokument]:
    return list(Dokument.objects.for_source(source).filter(type=type).order_by("-versjon"))


def lock_godkjenningsdokument(oppdragstaker: Oppdragstaker, dokument_id: int) -> Dokument:
    """The contractor's approval document ``dokument_id``, locked; :class:`NotFound` when it
    is not one of theirs."""
    dokument = (
        Dokument.objects.for_source(oppdragstaker)
        .select_for_update(of=("self",))
        .filter(pk=dokument_id, type=GODKJENNINGSDOKUMENT, sak__isnull=True)
        .first()
    )
    if dokument is None:
        raise NotFound
    return dokument


register()
