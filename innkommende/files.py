"""Receiving the file of an incoming document (INN-01): checked by its content, stored whole
or not at all.

The upload is written to a temporary name in the private storage of the documents
(``DOCUMENTS_ROOT``, :func:`documents.storage.dokument_storage`) while its size and SHA-256
are counted; a file over ``INCOMING_MAX_BYTES``, an empty one, one whose bytes are not PDF,
PNG or JPEG, or a PDF poppler cannot read (or an image Pillow cannot) is removed and refused.
Only a file that passed is moved (one rename, atomic on one file system) to its final name,
which holds no personal data (the year and a random uuid). A failure at any step leaves no
file behind.

The storage must be a file system storage (``path()``): the checks read the file on disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import subprocess
import tempfile
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import RuleBreach, RuleViolation
from documents.storage import dokument_storage

logger = logging.getLogger(__name__)

#: The default of ``INCOMING_MAX_BYTES``: 20 MB.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: The kinds of file received, by their first bytes: (content type, extension, magic).
KINDS = (
    ("application/pdf", ".pdf", b"%PDF-"),
    ("image/png", ".png", b"\x89PNG\r\n\x1a\n"),
    ("image/jpeg", ".jpg", b"\xff\xd8\xff"),
)
EXTENSIONS = {content_type: ext for content_type, ext, _magic in KINDS}

_PDFINFO_TIMEOUT = 30


@dataclass(frozen=True)
class StoredFile:
    name: str
    size: int
    content_type: str
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "INCOMING_MAX_BYTES", DEFAULT_MAX_BYTES))


def _refuse(message: str) -> RuleViolation:
    return RuleViolation([RuleBreach("INN-01", message, "fil")])


def detect(head: bytes) -> str | None:
    """The content type the file's first bytes say, or ``None`` (not PDF, PNG or JPEG)."""
    for content_type, _ext, magic in KINDS:
        if head.startswith(magic):
            return content_type
    return None


def _pdf_readable(path: str) -> bool:
    """poppler's ``pdfinfo`` reads the PDF (its structure, not only its first bytes)."""
    try:
        result = subprocess.run(  # noqa: S603 (a fixed program; the path is ours)
            ["pdfinfo", path],  # noqa: S607 (poppler-utils, scripts/install-system-deps.sh)
            capture_output=True,
            timeout=_PDFINFO_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        logger.warning("innkommende.pdfinfo_failed")
        return False
    return result.returncode == 0


def _image_readable(path: str) -> bool:
    from PIL import Image  # Pillow only where an image is checked

    try:
        with Image.open(path) as image:
            image.verify()
    except Exception:  # any failure to read is a file we refuse
        return False
    return True


def _readable(path: str, content_type: str) -> bool:
    if content_type == "application/pdf":
        return _pdf_readable(path)
    return _image_readable(path)


def _final_name(content_type: str) -> str:
    return f"innkommende/{timezone.localdate().year}/{uuid.uuid4().hex}{EXTENSIONS[content_type]}"


def store(upload) -> StoredFile:
    """Check and store ``upload`` (a Django ``UploadedFile``); raise
    :class:`~core.exceptions.RuleViolation` (INN-01, on the field ``fil``) and store nothing
    when it is not a file we receive."""
    if upload is None:
        raise _refuse(_("Choose the file to upload."))
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise _too_large(limit)
    storage = dokument_storage()
    tmp_dir = storage.path("innkommende/tmp")
    os.makedirs(tmp_dir, mode=0o750, exist_ok=True)
    fd, tmp_path = tempfile.mkstemp(dir=tmp_dir, suffix=".part")
    try:
        digest = hashlib.sha256()
        size = 0
        head = b""
        with os.fdopen(fd, "wb") as out:
            for chunk in upload.chunks():
                size += len(chunk)
                if size > limit:
                    raise _too_large(limit)
                if len(head) < 16:
                    head += chunk[: 16 - len(head)]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise _refuse(_("The file is empty."))
        content_type = detect(head)
        if content_type is None:
            raise _refuse(
                _(
                    "Only PDF, PNG and JPEG files are received, and this file is none of them "
                    "by its content (whatever its name says)."
                )
            )
        if not _readable(tmp_path, content_type):
            raise _refuse(
                _(
                    "The file cannot be read (it is damaged or not what it says). Ask the "
                    "sender for a new copy."
                )
            )
        name = _final_name(content_type)
        final_path = storage.path(name)
        os.makedirs(os.path.dirname(final_path), mode=0o750, exist_ok=True)
        os.chmod(tmp_path, 0o440)
        # One rename on one file system: the final name holds the whole file or nothing.
        os.replace(tmp_path, final_path)
    except BaseException:
        _remove(tmp_path)
        raise
    return StoredFile(name=name, size=size, content_type=content_type, sha256=digest.hexdigest())


def _too_large(limit: int) -> RuleViolation:
    return _refuse(
        _("The file is larger than %(limit)s. Ask the sender for a smaller file.")
        % {"limit": filesizeformat(limit)}
    )


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)


def discard(name: str) -> None:
    """Remove a stored file whose row was not written (the transaction failed)."""
    dokument_storage().delete(name)


def read_verified(name: str, sha256: str) -> bytes | None:
    """The stored file's bytes if their SHA-256 equals the recorded one, else ``None``."""
    try:
        with dokument_storage().open(name, "rb") as f:
            content = f.read()
    except OSError:
        logger.error("innkommende.file_missing")
        return None
    if not hmac.compare_digest(hashlib.sha256(content).hexdigest(), sha256):
        logger.error("innkommende.checksum_mismatch")
        return None
    return content
