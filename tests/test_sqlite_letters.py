"""Issue 20, finding 11 (DOK-01): in the embedded default (SQLite, one writer at a time) a
letter being made holds no lock, so the pages other users write meanwhile do not wait for it.

The writer runs in a process of its own against a SQLite file under the local settings
(``tests/sqlite_letter_lock.py``), as ``tests/test_sqlite_concurrency.py`` does.
"""

import json
import shutil
import subprocess
import sys

from .test_sqlite_concurrency import ROOT, _env, sqlite_template


def test_DOK_01_a_write_does_not_wait_for_a_letter_being_made(tmp_path):
    shutil.copy(sqlite_template(), tmp_path / "db.sqlite3")  # migrated once, shared
    out = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_letter_lock"],
        cwd=ROOT,
        env=_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    # Held for ``hold`` seconds unless the write finished first: it did, well before.
    assert result["waited"] < result["hold"] / 2, result
    assert result["status"] == "ferdig", result
