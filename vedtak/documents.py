"""The decision's letters, made through the ``documents`` app (DOK-01, DOK-02, VED-10).

- forhåndsvarsel: one letter per notified party (source: :class:`Forhandsvarsel`), addressed
  to that party;
- vedtak: the original every party gets (source: :class:`Vedtak`), ordered at approval as one
  copy per party (DOK-02), each with that party's own address block (SAK-05: never a shielded
  address) and sent to that party only;
- samtykkeerklæring: the consent form (source: :class:`Samtykke`), addressed to its giver.

The letters are whole bokmål templates under ``templates/documents/nb/`` (STYLE.md §5).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import RuleBreach, RuleViolation
from documents import registry
from documents.models import Dokument
from documents.recipients import Recipient, latest_copies
from documents.services import dokument_create, dokument_create_copies, dokument_register_dispatch

from . import rules
from .selectors import (
    forhandsvarsel_document_context,
    samtykke_document_context,
    vedtak_document_context,
)

VEDTAK = Dokument.Type.VEDTAK
FORHANDSVARSEL = Dokument.Type.FORHANDSVARSEL
SAMTYKKEERKLAERING = Dokument.Type.SAMTYKKEERKLAERING


def _context_vedtak(source: registry.SourceRef) -> dict[str, Any]:
    # The decision read once, with what the letter prints, and the case the document row was
    # read with (reads_source=False below).
    return vedtak_document_context(source.pk, sak=source.sak)


def _context_forhandsvarsel(notice) -> dict[str, Any]:
    return forhandsvarsel_document_context(notice.pk)


def _context_samtykke(samtykke) -> dict[str, Any]:
    return samtykke_document_context(samtykke.pk)


def register() -> None:
    registry.register(
        VEDTAK,
        template="documents/{sprak}/vedtak.html",
        context=_context_vedtak,
        reads_source=False,
    )
    registry.register(
        FORHANDSVARSEL,
        template="documents/{sprak}/forhandsvarsel.html",
        context=_context_forhandsvarsel,
    )
    registry.register(
        SAMTYKKEERKLAERING,
        template="documents/{sprak}/samtykkeerklaering.html",
        context=_context_samtykke,
    )


def _order(source, *, sak, type: str, actor, recipient: Recipient | None = None) -> None:
    dokument_create(actor=actor, sak=sak, type=type, source=source, recipient=recipient)


def order_vedtak_document(vedtak, *, actor) -> None:
    """VED-10/DOK-02: one copy of the decision for every party (and the child when a party),
    each addressed to that party alone."""
    recipients = [
        Recipient.of(part, is_child)
        for part, is_child in rules.parties_to_notify(vedtak, timezone.localdate())
    ]
    dokument_create_copies(
        actor=actor, sak=vedtak.sak, type=VEDTAK, source=vedtak, recipients=recipients
    )


def order_forhandsvarsel_document(notice, *, actor) -> None:
    _order(
        notice,
        sak=notice.vedtak.sak,
        type=FORHANDSVARSEL,
        actor=actor,
        recipient=Recipient.of(notice.part, notice.til_barnet),
    )


def order_samtykke_document(samtykke, *, actor) -> None:
    _order(
        samtykke,
        sak=samtykke.sak,
        type=SAMTYKKEERKLAERING,
        actor=actor,
        recipient=Recipient.of(samtykke.part, samtykke.gitt_av_barnet),
    )


#: The attribute :func:`remember_documents` puts on a vedtak.
DOCUMENTS_ATTR = "_source_documents"


def remember_documents(vedtak, dokumenter: list) -> None:
    """The vedtak page has read every document made from this vedtak
    (``documents.selectors.dokumenter_for(sak_id, source=vedtak)``): DOK-01 looks there
    instead of asking the database again."""
    setattr(vedtak, DOCUMENTS_ATTR, dokumenter)


def latest_vedtak_documents(vedtak) -> dict[str, Dokument]:
    """DOK-02: the latest version of each party's copy of the decision, by
    :attr:`Recipient.key` (``""`` for a letter of no one's, from before copies)."""
    known = getattr(vedtak, DOCUMENTS_ATTR, None)
    if known is None:
        known = list(Dokument.objects.for_source(vedtak).filter(type=VEDTAK))
    return latest_copies(d for d in known if d.type == VEDTAK)


def vedtak_document_ready(vedtak) -> bool:
    """DOK-01: the decision's copies exist and are rendered."""
    latest = latest_vedtak_documents(vedtak)
    return bool(latest) and all(d.is_downloadable for d in latest.values())


def register_vedtak_dispatch(vedtak, *, recipients, kanaler, actor, tidspunkt=None) -> None:
    """DOK-02/VED-10: each party got their own copy of the original, by the chosen channel."""
    copies = latest_vedtak_documents(vedtak)
    when = tidspunkt or timezone.now()
    missing = [
        str(_("the child")) if is_child else part.fullt_navn
        for part, is_child in recipients
        if Recipient.of(part, is_child).key not in copies and "" not in copies
    ]
    if missing:
        raise RuleViolation(
            [
                RuleBreach(
                    "DOK-02",
                    _("There is no copy of the decision for: %(names)s.")
                    % {"names": ", ".join(missing)},
                    None,
                )
            ]
        )
    for part, is_child in recipients:
        key = Recipient.of(part, is_child).key
        dokument_register_dispatch(
            actor=actor,
            dokument=copies.get(key) or copies[""],
            part=None if is_child else part,
            barnet=is_child,
            kanal=kanaler[key],
            tidspunkt=when,
        )


register()
