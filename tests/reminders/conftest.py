import pytest


@pytest.fixture(autouse=True)
def _reminder_settings(settings, tmp_path):
    """A fixed window for every kind, so the edges below are exact; documents in tmp."""
    settings.FRIST_VARSEL_DAGER = 14
    settings.FRIST_VINDU_DAGER = {}
    settings.FRIST_ETTERVERN_MANEDER = 6
    settings.APP_BASE_URL = "https://hjelpetiltak.test"
    settings.DOCUMENTS_ROOT = str(tmp_path / "dokumenter")
    settings.DOCUMENTS_STORAGE = {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "dokumenter")},
    }
