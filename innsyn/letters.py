"""The answer to a request for access as a letter (INNSYN-01, DOK-01, DOK-02), made by the
worker through the ``documents`` app and addressed to the party who asked.

The letter names every document given (they are enclosed) and, for those withheld, only their
kind and the ground: a withheld document's title never appears in it.
"""

from __future__ import annotations

from typing import Any

from documents import letter, registry
from documents.models import Dokument
from documents.services import dokument_read_verified
from innkommende.files import EXTENSIONS, read_verified
from innkommende.models import InnkommendeDokument

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


def attachments(krav: Innsynskrav) -> list[tuple[str, bytes]]:
    """The files of the documents given, embedded in the letter's PDF (runs in the worker).
    A letter of the service and an incoming document have a file, read only when its checksum
    matches; a journal note has none (the letter lists it; it is printed for the party). The
    file names are numbered as the letter lists the given documents: no personal data."""
    gitt = [v for v in krav.vurderinger.all() if v.utfall == Vurdering.Utfall.GITT]
    letters = {
        d.pk: d
        for d in Dokument.objects.filter(
            sak_id=krav.sak_id,
            pk__in=[v.ref_id for v in gitt if v.kilde == Vurdering.Kilde.BREV],
        )
    }
    incoming = {
        d.pk: d
        for d in InnkommendeDokument.objects.filter(
            sak_id=krav.sak_id,
            pk__in=[v.ref_id for v in gitt if v.kilde == Vurdering.Kilde.INNKOMMENDE],
        )
    }
    files = []
    for n, v in enumerate(gitt, start=1):
        content, extension = None, ".pdf"
        if v.kilde == Vurdering.Kilde.BREV and v.ref_id in letters:
            content = dokument_read_verified(letters[v.ref_id])
        elif v.kilde == Vurdering.Kilde.INNKOMMENDE and v.ref_id in incoming:
            d = incoming[v.ref_id]
            content = read_verified(d.fil.name, d.sha256)
            extension = EXTENSIONS.get(d.innholdstype, "")
        if content is not None:
            files.append((f"vedlegg-{n}{extension}", content))
    return files


def register() -> None:
    registry.register(
        ANSWER,
        template="documents/{sprak}/innsynssvar.html",
        context=letter_context,
        attachments=attachments,
    )
