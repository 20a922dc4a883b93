"""The meetings' letters (DOK-01, DOK-02), made through the ``documents`` app by the worker:

- ``moteinnkalling``: the invitation to a planned meeting, one copy for each party invited;
- ``motereferat``: the signed minutes, one copy for each party who took part.

Each copy is addressed to its party alone (SAK-05: never a shielded address). An anonymous
drøftingsmøte names no party (MOTE-03) and so has no letters. The letters are whole bokmål
templates under ``templates/documents/nb/``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from documents import letter, registry
from documents.models import Dokument
from documents.recipients import Recipient
from documents.services import dokument_create_copies

from .models import Mote

INVITATION = Dokument.Type.MOTEINNKALLING
MINUTES = Dokument.Type.MOTEREFERAT


def letter_context(mote: Mote) -> dict[str, Any]:
    """What both letters print (runs in the worker: reads what it needs itself)."""
    mote = (
        Mote.objects.select_related("sak__barn", "leder", "referent")
        .prefetch_related("parter", "ansatte", "eksterne")
        .get(pk=mote.pk)
    )
    parter = list(mote.parter.all())
    return {
        "mote": mote,
        "tidspunkt": timezone.localtime(mote.tidspunkt),
        "parter": parter,
        "ansatte": list(mote.ansatte.all()),
        "eksterne": [e for e in mote.eksterne.all() if not e.fjernet],
        "mottakere": [letter.mottaker(p) for p in parter],
        "underskrivere": [letter.underskriver(mote.leder)],
    }


def _minutes_context(mote: Mote) -> dict[str, Any]:
    context = letter_context(mote)
    context["underskrivere"] = [letter.underskriver(context["mote"].referent)]
    return context


def register() -> None:
    registry.register(
        INVITATION, template="documents/{sprak}/moteinnkalling.html", context=letter_context
    )
    registry.register(
        MINUTES, template="documents/{sprak}/motereferat.html", context=_minutes_context
    )


def order(mote: Mote, *, type: str, actor) -> list[Dokument]:
    """One copy for each party of the meeting (DOK-02), inside the caller's transaction."""
    recipients = [Recipient(p) for p in mote.parter.all()]
    return dokument_create_copies(
        actor=actor, sak=mote.sak, type=type, source=mote, recipients=recipients
    )
