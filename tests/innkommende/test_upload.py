"""INN-01: an incoming document is stored with its checksum, checked by its content, whole or
not at all."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from core.exceptions import RuleViolation
from innkommende.models import InnkommendeDokument

from .factories import EXE, jpeg_bytes, pdf_bytes, png_bytes, receive, upload

pytestmark = pytest.mark.django_db


def stored_files(root: Path) -> list[Path]:
    """Every file in the private storage (temporary names included)."""
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_INN_01_a_real_pdf_is_stored_with_its_checksum(world, storage_root):
    content = pdf_bytes()
    dokument = receive(world.saksbehandler, world.sak_a, content=content)
    assert dokument.innholdstype == "application/pdf"
    assert dokument.sha256 == hashlib.sha256(content).hexdigest()
    assert dokument.storrelse == len(content)
    assert dokument.filnavn == "rapport.pdf"
    files = stored_files(storage_root)
    assert len(files) == 1
    assert files[0].read_bytes() == content
    # The stored name holds no personal data and no temporary suffix.
    assert files[0].name.endswith(".pdf")
    assert files[0].relative_to(storage_root).parts[0] == "innkommende"
    assert dokument.history.count() == 1


@pytest.mark.parametrize(
    ("make", "name", "content_type", "ext"),
    [
        (png_bytes, "bilde.png", "image/png", ".png"),
        (jpeg_bytes, "foto.jpeg", "image/jpeg", ".jpg"),
    ],
)
def test_INN_01_images_are_received_by_their_content(world, make, name, content_type, ext):
    dokument = receive(world.saksbehandler, world.sak_a, content=make(), name=name)
    assert dokument.innholdstype == content_type
    assert dokument.filnavn.endswith(ext)


def test_INN_01_the_file_name_follows_the_content_not_the_name(world):
    """A PNG sent as «brev.pdf» is stored and served as the PNG it is."""
    dokument = receive(world.saksbehandler, world.sak_a, content=png_bytes(), name="brev.pdf")
    assert (dokument.innholdstype, dokument.filnavn) == ("image/png", "brev.png")


def _refused(world, content, name="rapport.pdf") -> list[str]:
    with pytest.raises(RuleViolation) as exc:
        receive(world.saksbehandler, world.sak_a, content=content, name=name)
    breaches = exc.value.breaches
    assert {(b.rule_id, b.field) for b in breaches} == {("INN-01", "fil")}
    return [str(b.message) for b in breaches]


def test_INN_01_an_executable_renamed_pdf_is_refused_and_nothing_stored(world, storage_root):
    (message,) = _refused(world, EXE, "rapport.pdf")
    assert "PDF-, PNG-" in message
    assert stored_files(storage_root) == []
    assert not InnkommendeDokument.objects.exists()


def test_INN_01_a_pdf_poppler_cannot_read_is_refused(world, storage_root):
    _refused(world, b"%PDF-1.4\nnot really a PDF\n")
    assert stored_files(storage_root) == []


def test_INN_01_an_oversized_file_is_refused(world, settings, storage_root):
    settings.INCOMING_MAX_BYTES = 200
    (message,) = _refused(world, pdf_bytes() + b"%" * 300)
    assert "200" in message
    assert stored_files(storage_root) == []
    assert not InnkommendeDokument.objects.exists()


def test_INN_01_the_limit_is_counted_while_writing_too(world, settings, storage_root):
    """An upload that does not say its size (or lies) is stopped at the limit while it is
    written, and the partial file is removed."""
    settings.INCOMING_MAX_BYTES = 200
    big = upload(b"%PDF-1.4\n" + b"0" * 1000)
    big.size = None
    from innkommende import files

    with pytest.raises(RuleViolation):
        files.store(big)
    assert stored_files(storage_root) == []


def test_INN_01_a_zero_byte_file_is_refused(world, storage_root):
    (message,) = _refused(world, b"")
    assert message == "Fila er tom."
    assert stored_files(storage_root) == []


def test_INN_01_a_failed_row_leaves_no_file(world, storage_root, monkeypatch):
    from innkommende import services

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(services, "_save", broken)
    with pytest.raises(RuntimeError):
        receive(world.saksbehandler, world.sak_a)
    assert stored_files(storage_root) == []


def test_INN_01_the_fields_are_checked_before_the_file_is_stored(world, storage_root):
    from datetime import timedelta

    with pytest.raises(RuleViolation) as exc:
        receive(
            world.saksbehandler,
            world.sak_a,
            mottatt=timezone.localdate() + timedelta(days=1),
            tittel=" ",
        )
    assert {b.field for b in exc.value.breaches} == {"mottatt", "tittel"}
    assert stored_files(storage_root) == []


def _post(client, sak, content, name="rapport.pdf", **extra):
    data = {
        "fil": upload(content, name),
        "type": InnkommendeDokument.Type.BREV_PART,
        "avsender": "Far",
        "mottatt": timezone.localdate().isoformat(),
        "tittel": "Brev fra far",
        **extra,
    }
    return client.post(reverse("innkommende:create", args=[sak.pk]), data)


def test_INN_01_upload_through_the_page(client, world):
    client.force_login(world.saksbehandler)
    response = _post(client, world.sak_a, pdf_bytes())
    dokument = InnkommendeDokument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("innkommende:detail", args=[world.sak_a.pk, dokument.pk])
    assert dokument.registrert_av == world.saksbehandler
    assert dokument.type == InnkommendeDokument.Type.BREV_PART


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (EXE, "Bare PDF-, PNG- og JPEG-filer"),
        (b"", "Fila er tom."),
    ],
)
def test_INN_01_a_refused_file_gets_a_norwegian_message_next_to_the_field(
    client, world, content, expected, storage_root
):
    client.force_login(world.saksbehandler)
    response = _post(client, world.sak_a, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert 'id="id_fil_error"' in html
    assert "Far" in html  # the input is kept
    assert not InnkommendeDokument.objects.exists()
    assert stored_files(storage_root) == []


def test_INN_01_an_oversized_upload_through_the_page(client, world, settings):
    settings.INCOMING_MAX_BYTES = 100
    client.force_login(world.saksbehandler)
    response = _post(client, world.sak_a, pdf_bytes())
    assert response.status_code == 200
    assert "større enn" in response.content.decode()
    assert not InnkommendeDokument.objects.exists()
