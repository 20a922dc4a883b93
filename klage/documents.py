"""The letter that sends a complaint to the statsforvalteren with the service's comments
(KLAGE-02, DOK-01, DOK-02): the letter addressed to the statsforvalteren itself (the service's
:class:`~klage.models.Klageoppsett`), and one copy for each party of the case, each addressed to
its party alone. Each has its own dispatch. Made by the worker from
``templates/documents/nb/klageoversendelse.html`` (or its nynorsk twin)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from documents import letter, registry
from documents.models import Dokument
from documents.recipients import Recipient
from documents.services import dokument_create, dokument_create_copies

from . import selectors
from .models import Klage

FORWARDING = Dokument.Type.KLAGEOVERSENDELSE


def statsforvalter(tjeneste_id: int) -> letter.Mottaker | None:
    """KLAGE-02: the statsforvalteren the service's complaints go to, as an address block;
    ``None`` while the service has not set it (the complaint's page says so)."""
    oppsett = selectors.statsforvalter(tjeneste_id)
    if oppsett is None:
        return None
    return letter.Mottaker(
        navn=oppsett.statsforvalter_navn,
        adresselinjer=letter.address_lines(oppsett.statsforvalter_adresse),
    )


def letter_context(klage: Klage) -> dict[str, Any]:
    klage = Klage.objects.select_related("sak__barn", "vedtak", "klager", "behandlet_av").get(
        pk=klage.pk
    )
    mottaker = statsforvalter(klage.sak.tjeneste_id)
    return {
        "klage": klage,
        "vedtak": klage.vedtak,
        "statsforvalter": mottaker,
        # The statsforvalteren's own letter (a party's copy gets the party's block instead):
        # without the service's setting, «Statsforvalteren» with no address.
        "mottakere": [mottaker or letter.Mottaker(navn=_("The statsforvalteren"))],
        "underskrivere": [letter.underskriver(klage.behandlet_av)] if klage.behandlet_av else [],
    }


def register() -> None:
    registry.register(
        FORWARDING, template="documents/{sprak}/klageoversendelse.html", context=letter_context
    )


def order(klage: Klage, *, actor) -> list[Dokument]:
    """KLAGE-02: the letter to the statsforvalteren (no party's copy: addressed to the
    statsforvalteren, its dispatch recorded with the statsforvalteren as the recipient), then one
    copy for each active party of the case (DOK-02), inside the caller's transaction."""
    recipients = [Recipient(p) for p in klage.sak.parter.filter(aktiv=True)]
    own = dokument_create(actor=actor, sak=klage.sak, type=FORWARDING, source=klage)
    copies = dokument_create_copies(
        actor=actor, sak=klage.sak, type=FORWARDING, source=klage, recipients=recipients
    )
    return [own, *copies]
