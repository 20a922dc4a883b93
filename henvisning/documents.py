"""The referral as a letter (HENV-01, DOK-01, DOK-02), made by the worker through the
``documents`` app from ``templates/documents/nb/henvisning.html`` and addressed to the receiver.

It names the receiver, what is asked, the plan goals it serves, the legal basis for sharing
and the attachments (whose files are enclosed in the PDF). The child is named with the birth
date only: no address of the child or a party is printed (SAK-05 – a shielded address never
leaves the service, and a receiver needs none to answer).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from documents import letter, registry
from documents.models import Dokument
from documents.services import dokument_create, dokument_read_verified
from innkommende.files import EXTENSIONS, read_verified

from .models import Henvisning

REFERRAL = Dokument.Type.HENVISNING


def _attached(h: Henvisning) -> tuple[list[Dokument], list]:
    return (
        list(h.vedlegg_dokumenter.order_by("pk")),
        list(h.vedlegg_innkommende.order_by("pk")),
    )


def attachment_titles(h: Henvisning) -> list[str]:
    letters, incoming = _attached(h)
    return [
        f"{d.get_type_display()} ({timezone.localtime(d.created_at):%d.%m.%Y})" for d in letters
    ] + [f"{d.tittel} ({d.mottatt:%d.%m.%Y})" for d in incoming]


def letter_context(h: Henvisning) -> dict[str, Any]:
    """What the letter prints (runs in the worker: reads what it needs itself)."""
    h = Henvisning.objects.select_related(
        "sak__barn", "mottaker", "samtykke__part", "opprettet_av", "godkjent_av"
    ).get(pk=h.pk)
    context = {
        "henvisning": h,
        "mottaker": h.mottaker,
        "maal": list(h.maal.all().order_by("rekkefolge", "pk")),
        "vedlegg": attachment_titles(h),
        # The receiver's own block: a service's address, never a person's (SAK-05).
        "mottakere": [
            letter.Mottaker(
                navn=h.mottaker.navn, adresselinjer=letter.address_lines(h.mottaker.adresse)
            )
        ],
        "tittel": "Henvisning",
    }
    if h.godkjent_av_id:
        context["underskrivere"] = [
            letter.underskriver(h.sak.saksbehandler),
            letter.underskriver(h.godkjent_av),
        ]
    return context


def attachments(h: Henvisning) -> list[tuple[str, bytes]]:
    """The attached letters' and incoming documents' files, embedded in the PDF, each read
    only when its checksum matches; numbered as the letter lists them (no personal data)."""
    letters, incoming = _attached(h)
    files = []
    n = 0
    for d in letters:
        n += 1
        content = dokument_read_verified(d) if d.is_downloadable else None
        if content is not None:
            files.append((f"vedlegg-{n}.pdf", content))
    for d in incoming:
        n += 1
        content = read_verified(d.fil.name, d.sha256)
        if content is not None:
            files.append((f"vedlegg-{n}{EXTENSIONS.get(d.innholdstype, '')}", content))
    return files


def register() -> None:
    registry.register(
        REFERRAL,
        template="documents/{sprak}/henvisning.html",
        context=letter_context,
        attachments=attachments,
    )


def order(h: Henvisning, *, actor) -> Dokument:
    """DOK-01: the next version of the referral's letter, inside the caller's transaction."""
    return dokument_create(actor=actor, sak=h.sak, type=REFERRAL, source=h)


def letters(h: Henvisning) -> list[Dokument]:
    return list(Dokument.objects.for_source(h).prefetch_related("utsendinger").order_by("-versjon"))
