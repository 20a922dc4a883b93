"""The demo's incoming documents (INN-01): a contractor's report and a letter from a party on
cases with a running measure, each a small valid PDF made here when the demo is loaded."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Sak
from evaluations.models import Evaluering

from . import services
from .models import InnkommendeDokument


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with one line of ``text`` (ASCII), with a correct cross-reference table:
    poppler reads it."""
    safe = text.encode("ascii", "replace").replace(b"\\", b"\\\\")
    safe = safe.replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 14 Tf 72 770 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def load_incoming_demo(*, users: dict, saker: list[Sak], today: date) -> int:
    """A letter from a party and a report from a centre on the first cases with a granted
    measure; returns how many documents were received."""
    actor = users.get("saksbehandler") or next(iter(users.values()))
    # The cases with an evaluation first: there the evaluation shows what came in (INN-02).
    evaluated = set(
        Evaluering.objects.filter(plan__sak__in=saker).values_list("plan__sak_id", flat=True)
    )
    chosen = sorted(saker, key=lambda s: (s.pk not in evaluated, s.pk))[:2]
    made = 0
    for sak in chosen:
        for kind, sender, title, days in (
            (
                InnkommendeDokument.Type.BREV_PART,
                "Mor",
                "Brev fra mor om samvær i ferien",
                12,
            ),
            (
                InnkommendeDokument.Type.RAPPORT_SENTER,
                "Senter for foreldre og barn",
                "Rapport fra observasjonsopphold",
                5,
            ),
        ):
            services.receive_in_sak(
                actor=sak.saksbehandler or actor,
                sak=sak,
                fil=SimpleUploadedFile(
                    "dokument.pdf", tiny_pdf(title), content_type="application/pdf"
                ),
                type=kind,
                avsender=sender,
                mottatt=today - timedelta(days=days),
                tittel=title,
            )
            made += 1
    return made
