"""A documents storage that waits after writing a file (the crash test's worker): a worker
killed meanwhile leaves the file of an attempt that never committed."""

from __future__ import annotations

import time

from documents.storage import PrivateFileSystemStorage


class SlowStorage(PrivateFileSystemStorage):
    def __init__(self, location=None, delay: float = 0.0, **kwargs):
        self.delay = delay
        super().__init__(location=location, **kwargs)

    def _save(self, name, content):
        name = super()._save(name, content)
        time.sleep(self.delay)
        return name
