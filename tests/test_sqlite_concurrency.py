"""The embedded default (SQLite, ``make run``) holds several users writing at once.

The suite runs on PostgreSQL, so the writers run in a process of their own against a SQLite
file under the local settings (``tests/sqlite_writers.py``). The database is migrated once (for
a given set of migrations, :func:`sqlite_template`) and copied for each run.
"""

import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _env(database_url: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="hjelpetiltak.settings.local",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL="",
        DEBUG="false",
        DOCUMENTS_ROOT=str(tmp / "dokumenter"),
        MEDIA_ROOT=str(tmp / "media"),
    )
    return env


def sqlite_template() -> Path:
    """A SQLite file with every migration applied, made once for a given set of migrations
    and shared by the test processes (xdist's workers wait for each other on a file lock):
    migrating SQLite from empty is slow, copying the file is not. Under ``var/test-sqlite/``."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    cache = ROOT / "var" / "test-sqlite"
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"{digest.hexdigest()[:16]}.sqlite3"
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            partial = cache / f"{target.stem}.partial.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{partial}{suffix}").unlink(missing_ok=True)
            out = subprocess.run(
                [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
                cwd=ROOT,
                env=_env(f"sqlite:///{partial}", cache),
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert out.returncode == 0, out.stderr[-3000:]
            # One self-contained file: the log written back, then out of WAL mode (the app
            # turns WAL on again when it connects).
            with sqlite3.connect(partial) as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                db.execute("PRAGMA journal_mode=DELETE")
            os.replace(partial, target)
    return target


def on_sqlite_copy(tmp: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run ``python *args`` in the project on a copy (in ``tmp``) of the migrated SQLite file,
    with the app's one-machine settings; fails the test with its errors when it fails."""
    shutil.copy(sqlite_template(), tmp / "db.sqlite3")  # migrated once, shared
    out = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=_env(f"sqlite:///{tmp / 'db.sqlite3'}", tmp),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def migrated() -> Path:
    return sqlite_template()


def run_writers(migrated: Path, tmp: Path, options: str = "") -> dict:
    tmp.mkdir()
    db = tmp / "db.sqlite3"
    for suffix in ("", "-wal"):
        if Path(f"{migrated}{suffix}").exists():
            shutil.copy(f"{migrated}{suffix}", f"{db}{suffix}")
    out = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_writers"],
        cwd=ROOT,
        env=_env(f"sqlite:///{db}{options}", tmp),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_sqlite_default_eight_writers_at_once_wait_instead_of_failing(migrated, tmp_path):
    """Eight users open cases on the same case-number series, send advance notices and register
    consents (each with a letter made after the commit), and send decisions to the team
    leader, all at once: every action succeeds and every row is there.

    The same run with Django's own SQLite defaults (what `make run` had: deferred transactions,
    a rollback journal, a 5 s timeout) first shows that it catches «database is locked». One
    test, so that the migrated file is made once whichever worker runs it."""
    defaults = "?transaction_mode=DEFERRED&timeout=5&init_command=PRAGMA%20journal_mode%3DDELETE"
    before = run_writers(migrated, tmp_path / "defaults", defaults)
    assert before["journal_mode"] == "delete"
    assert any("database is locked" in e for e in before["errors"]), before["errors"]
    assert before["found"] != before["expected"]

    result = run_writers(migrated, tmp_path / "ours")
    assert result["journal_mode"] == "wal"
    assert result["errors"] == []
    assert result["found"] == result["expected"]


def test_sqlite_connection_is_wal_with_a_busy_timeout_and_immediate_transactions(tmp_path):
    """Each connection of the embedded default: WAL journal, NORMAL sync, a 20 s busy timeout,
    foreign keys on, and transactions that take the write lock when they begin."""
    code = (
        "import django, json; django.setup(); from django.db import connection as c\n"
        "cur = c.cursor()\n"
        "p = {n: cur.execute(f'PRAGMA {n}').fetchone()[0]"
        " for n in ('journal_mode', 'synchronous', 'busy_timeout', 'foreign_keys')}\n"
        "print(json.dumps({**p, 'mode': c.transaction_mode}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "busy_timeout": 20000,
        "foreign_keys": 1,
        "mode": "IMMEDIATE",
    }
