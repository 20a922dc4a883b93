"""Test helpers for documents: a test letter type, a private storage in a temporary
directory, and documents made through the real services."""

from __future__ import annotations

import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from documents import letter, registry, services
from documents.models import Dokument

#: The tests borrow a real type for their test letter (``registry.override`` restores the
#: owning app's registration afterwards).
TEST_TYPE = Dokument.Type.EVALUERING
TEST_TEMPLATE = "documents/{sprak}/_test_letter.html"


def sample_context(source) -> dict:
    sak = source
    return {
        "tittel": "Testbrev om hjelpetiltak",
        "mottakere": [letter.mottaker(p) for p in sak.parter.filter(aktiv=True)],
        "vedlegg": ["Tiltaksplan"],
        "kopi_til": ["Fastlegen"],
    }


@contextmanager
def sample_letter_registered(context=sample_context, template=TEST_TEMPLATE):
    with registry.override(TEST_TYPE, template=template, context=context) as kind:
        yield kind


def make_dokument(actor, sak, *, render: bool = True, source=None, context=None) -> Dokument:
    """A document of the test type made from the case itself, rendered unless told not to.

    In a ``django_db`` test the on-commit task never runs, so the render service is called
    directly (as the worker would)."""
    with sample_letter_registered(context=context or sample_context):
        dokument = services.dokument_create(
            actor=actor, sak=sak, type=TEST_TYPE, source=source or sak
        )
        if render:
            dokument = services.dokument_render(dokument_id=dokument.pk)
    return dokument


def pdf_text(path: Path | str) -> str:
    """The PDF's text through poppler's pdftotext (scripts/install-system-deps.sh)."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return out.stdout


def stored_path(dokument: Dokument) -> Path:
    return Path(dokument.fil.storage.path(dokument.fil.name))


@pytest.fixture
def empty_registry(monkeypatch):
    """No document type registered (the other apps register theirs at start-up)."""
    monkeypatch.setattr(registry, "_kinds", {})
    return registry


@pytest.fixture
def documents_storage(settings, tmp_path) -> Path:
    """The documents' private storage in a temporary directory."""
    root = tmp_path / "dokumenter"
    settings.DOCUMENTS_STORAGE = {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(root)},
    }
    return root
