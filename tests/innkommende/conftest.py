import pytest


@pytest.fixture(autouse=True)
def storage_root(settings, tmp_path):
    """The incoming files these tests store go to a temporary directory (INN-01 storage)."""
    settings.DOCUMENTS_STORAGE = {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "dokumenter")},
    }
    return tmp_path / "dokumenter"
