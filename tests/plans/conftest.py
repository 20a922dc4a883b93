import pytest


@pytest.fixture(autouse=True)
def _private_document_storage(settings, tmp_path):
    """The letters these tests make go to a temporary directory (DOK-01 storage)."""
    settings.DOCUMENTS_STORAGE = {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "dokumenter")},
    }
