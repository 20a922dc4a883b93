"""Issue 20, finding 11 (DOK-01): in the embedded default (SQLite, one writer at a time) a
letter being made holds no lock, so the pages other users write meanwhile do not wait for it.

The writer runs in a process of its own against a SQLite file under the local settings
(``tests/sqlite_letter_lock.py``), as ``tests/test_sqlite_concurrency.py`` does.
"""

import json

from .test_sqlite_concurrency import on_sqlite_copy


def test_DOK_01_a_write_does_not_wait_for_a_letter_being_made(tmp_path):
    out = on_sqlite_copy(tmp_path, "-m", "tests.sqlite_letter_lock", timeout=600)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    # Held for ``hold`` seconds unless the write finished first: it did, well before.
    assert result["waited"] < result["hold"] / 2, result
    assert result["status"] == "ferdig", result
