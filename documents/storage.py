"""Private storage of the generated PDFs (DOK-01).

The files hold personal data about children: they are never served under a public URL (only
through the download view, which checks need-to-know and logs the read) and never stored under
``MEDIA_ROOT`` or ``STATIC_ROOT``. The storage is configured by ``DOCUMENTS_STORAGE`` (a
``STORAGES``-style entry with the root from ``DOCUMENTS_ROOT``). It is a setting of its own,
not an entry in ``STORAGES``, because the local and test settings replace ``STORAGES`` as a
whole.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty
from django.utils.module_loading import import_string


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage without URLs. Files are written read-only (0440)."""

    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o440)
        kwargs.setdefault("directory_permissions_mode", 0o750)
        super().__init__(location=location, base_url=None, **kwargs)

    def url(self, name):
        raise NotImplementedError("Documents are private: download them through the view.")


class _DokumentStorage(LazyObject):
    def _setup(self) -> None:
        config = settings.DOCUMENTS_STORAGE
        backend = import_string(config["BACKEND"])
        self._wrapped = backend(**config.get("OPTIONS", {}))


_storage = _DokumentStorage()


def dokument_storage() -> Storage:
    """The storage of ``Dokument.fil`` (a callable, so that migrations name no path)."""
    return _storage


def _reset(*, setting: str, **kwargs) -> None:
    if setting == "DOCUMENTS_STORAGE":
        _storage._wrapped = empty


def connect_setting_reset() -> None:
    """Tests that override ``DOCUMENTS_STORAGE`` get a storage built from the new value."""
    setting_changed.connect(_reset, dispatch_uid="documents.storage.reset")
