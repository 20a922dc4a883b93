"""The answer to a request for access as a letter (INNSYN-01, DOK-01, DOK-02), made by the
worker through the ``documents`` app and addressed to the party who asked.

The letter names every document given (they are enclosed) and, for those withheld, only their
kind and the ground: a withheld document's title never appears in it.
"""

from __future__ import annotations

from typing import Any

from documents import letter, registry
from documents.models import Dokument

from .models import Innsynskrav, Vurdering

ANSWER = Dokument.Type.INNSYNSSVAR


def letter_context(krav: Innsynskrav) -> dict[str, Any]:
    """What the letter prints (runs in the worker: reads what it needs itself)."""
    krav = Innsynskrav.objects.select_related("sak__barn", "part", "besvart_av").get(pk=krav.pk)
    vurderinger = list(krav.vurderinger.all())
    gitt = [v for v in vurderinger if v.utfall == Vurdering.Utfall.GITT]
    unntatt = [v for v in vurderinger if v.utfall == Vurdering.Utfall.UNNTATT]
    context = {
        "krav": krav,
        "gitt": gitt,
        "unntatt": unntatt,
        "vedlegg": [v.tittel for v in gitt],
        "mottakere": [letter.mottaker(krav.part)],
    }
    if krav.besvart_av_id:
        context["underskrivere"] = [letter.underskriver(krav.besvart_av)]
    return context


def register() -> None:
    registry.register(ANSWER, template="documents/nb/innsynssvar.html", context=letter_context)
