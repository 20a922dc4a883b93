"""The registry of document types (DOK-01) and the app's system checks."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from documents import checks, registry
from documents.models import Dokument

from .helpers import TEST_TEMPLATE, sample_context


def test_DOK_01_only_known_types_are_registered():
    with pytest.raises(ImproperlyConfigured, match="Unknown document type"):
        registry.register("brev", template=TEST_TEMPLATE, context=sample_context)
    with pytest.raises(ImproperlyConfigured, match="callable"):
        registry.register(Dokument.Type.OPPDRAGSAVTALE, template=TEST_TEMPLATE, context=None)


def test_DOK_01_a_letter_is_registered_for_every_written_form():
    """Issue 26: the template names its form, so the bokmål and the nynorsk letter are both
    found, and the check looks for each."""
    with pytest.raises(ImproperlyConfigured, match="written form"):
        registry.register(
            Dokument.Type.OPPDRAGSAVTALE,
            template="documents/nb/oppdragsavtale.html",
            context=sample_context,
        )
    kind = registry.get(Dokument.Type.VEDTAK)
    assert kind.template_for("nb") == "documents/nb/vedtak.html"
    assert kind.template_for("nn") == "documents/nn/vedtak.html"


def test_DOK_01_one_owner_per_type_and_override_restores(empty_registry):
    kind = Dokument.Type.GODKJENNINGSDOKUMENT
    assert not registry.is_registered(kind)
    with registry.override(kind, template=TEST_TEMPLATE, context=sample_context):
        # Registering the same thing again (a reloaded app) is harmless …
        registry.register(kind, template=TEST_TEMPLATE, context=sample_context)
        # … but a second owner with another template is a programming error.
        with pytest.raises(ImproperlyConfigured, match="already registered"):
            registry.register(kind, template="documents/{sprak}/other.html", context=sample_context)
        assert registry.get(kind).template == TEST_TEMPLATE
    assert not registry.is_registered(kind)
    with pytest.raises(ImproperlyConfigured, match="not registered"):
        registry.get(kind)


def test_DOK_01_check_finds_a_missing_template(empty_registry):
    kind = Dokument.Type.GODKJENNINGSDOKUMENT
    with registry.override(kind, template="documents/{sprak}/missing.html", context=sample_context):
        errors = checks.registered_templates_exist()
    assert [e.id for e in errors] == ["documents.E001", "documents.E001"]  # nb and nn
    with registry.override(kind, template=TEST_TEMPLATE, context=sample_context):
        assert checks.registered_templates_exist() == []


def test_DOK_01_check_refuses_documents_under_a_served_directory(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.DOCUMENTS_STORAGE = {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "dokumenter")},
    }
    assert [e.id for e in checks.storage_is_private()] == ["documents.E002"]
    settings.DOCUMENTS_STORAGE = {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path.parent / "elsewhere")},
    }
    assert checks.storage_is_private() == []
