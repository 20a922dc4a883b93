"""Files for the upload tests, and incoming documents received through the real service."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innkommende import services
from innkommende.demo import tiny_pdf
from innkommende.models import InnkommendeDokument


def pdf_bytes(text: str = "Rapport fra stottekontakten") -> bytes:
    return tiny_pdf(text)


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


#: A Windows executable's first bytes (the «MZ» header and the DOS stub's message).
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + (
    b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 64
)


def upload(content: bytes, name: str = "rapport.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def receive(
    actor,
    sak,
    *,
    content: bytes | None = None,
    name: str = "rapport.pdf",
    type: str = InnkommendeDokument.Type.RAPPORT_SENTER,
    mottatt: date | None = None,
    tittel: str = "Rapport fra senteret",
    **kw,
) -> InnkommendeDokument:
    return services.innkommende_receive(
        actor=actor,
        sak_id=sak.pk,
        fil=upload(content if content is not None else pdf_bytes(), name),
        type=type,
        avsender="Senter for foreldre og barn",
        mottatt=mottatt or timezone.localdate(),
        tittel=tittel,
        **kw,
    )


def need_to_know_kwargs(name: str, sak) -> dict:
    """The URL kwargs of an incoming-documents page on ``sak`` (tests/test_need_to_know.py)."""
    if name in {"innkommende:list", "innkommende:create"}:
        return {}
    dokument = InnkommendeDokument.objects.filter(sak=sak).first()
    if dokument is None:
        dokument = receive(sak.saksbehandler, sak)
    return {"dokument_id": dokument.pk}
