"""The letter that sends a complaint to the statsforvalteren with the service's comments
(KLAGE-02, DOK-01, DOK-02): one copy for each party of the case, each addressed to its party
alone. Made by the worker from ``templates/documents/nb/klageoversendelse.html``."""

from __future__ import annotations

from typing import Any

from documents import letter, registry
from documents.models import Dokument
from documents.recipients import Recipient
from documents.services import dokument_create_copies

from .models import Klage

FORWARDING = Dokument.Type.KLAGEOVERSENDELSE


def letter_context(klage: Klage) -> dict[str, Any]:
    klage = Klage.objects.select_related("sak__barn", "vedtak", "klager", "behandlet_av").get(
        pk=klage.pk
    )
    return {
        "klage": klage,
        "vedtak": klage.vedtak,
        "mottakere": [letter.mottaker(p) for p in klage.sak.parter.filter(aktiv=True)],
        "underskrivere": [letter.underskriver(klage.behandlet_av)] if klage.behandlet_av else [],
    }


def register() -> None:
    registry.register(
        FORWARDING, template="documents/nb/klageoversendelse.html", context=letter_context
    )


def order(klage: Klage, *, actor) -> list[Dokument]:
    """One copy for each active party of the case (DOK-02), inside the caller's transaction."""
    recipients = [Recipient(p) for p in klage.sak.parter.filter(aktiv=True)]
    return dokument_create_copies(
        actor=actor, sak=klage.sak, type=FORWARDING, source=klage, recipients=recipients
    )
