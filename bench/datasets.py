"""The benchmark databases: created, migrated and generated once per size and seed.

Each database keeps a marker row (table ``bench_marker``). A database whose marker matches
the size, the seed and the generator's version is reused (migrated first when the migrations
on disk changed since, so a new index is built on the same rows); any other is dropped and
built again. Migration and generation run as ``manage.py`` subprocesses.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")


def label(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


def url_for(size: int) -> str:
    return f"{BASE_URL.rstrip('/')}/hj_bench_{label(size)}"


def schema_fingerprint() -> str:
    names = sorted(
        str(p.relative_to(ROOT)) for p in ROOT.glob("*/migrations/0*.py") if ".venv" not in p.parts
    )
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]


def generator_version() -> int:
    # Inside, once Django is set up (bench/run.py): demo.synthetic imports the models.
    from demo.synthetic import GENERATOR_VERSION

    return GENERATOR_VERSION


def _marker(url: str) -> dict | None:
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            row = conn.execute(
                "SELECT size, seed, version, schema, seconds FROM bench_marker LIMIT 1"
            ).fetchone()
    except psycopg.Error:
        return None
    if row is None:
        return None
    return dict(zip(("size", "seed", "version", "schema", "seconds"), row, strict=True))


def _manage(args: list[str], url: str, log) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench._settings",
    }
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    for line in (proc.stdout + proc.stderr).strip().splitlines()[-1:]:
        log(f"    {line}")


def ensure(size: int, seed: int, log) -> dict:
    """The dataset of ``size`` children, built when missing or stale; returns its marker."""
    url = url_for(size)
    want = {
        "size": size,
        "seed": seed,
        "version": generator_version(),
        "schema": schema_fingerprint(),
    }
    marker = _marker(url)
    if marker and all(marker[k] == want[k] for k in ("size", "seed", "version")):
        # Same data: bring the schema up to date (new indexes are built on the rows there).
        if marker["schema"] != want["schema"]:
            _manage(["migrate", "--no-input", "-v0"], url, log)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("UPDATE bench_marker SET schema = %s", (want["schema"],))
                conn.execute("ANALYZE")
        log(f"  hj_bench_{label(size)}: reused (generated in {marker['seconds']:.0f} s)")
        return {**marker, "reused": True, "url": url}
    name = f"hj_bench_{label(size)}"
    log(f"  {name}: building {size} children (seed {seed})")
    with psycopg.connect(f"{BASE_URL.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    t0 = time.monotonic()
    _manage(["migrate", "--no-input", "-v0"], url, log)
    t1 = time.monotonic()
    _manage(["generate_synthetic", "--children", str(size), "--seed", str(seed)], url, log)
    t2 = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE bench_marker (size int, seed int, version int, schema text, "
            "seconds float, migrate_seconds float, generated_at timestamptz DEFAULT now())"
        )
        conn.execute(
            "INSERT INTO bench_marker (size, seed, version, schema, seconds, migrate_seconds) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (size, seed, want["version"], want["schema"], t2 - t1, t1 - t0),
        )
        conn.execute("VACUUM ANALYZE")
    log(f"  {name}: migrated in {t1 - t0:.0f} s, generated in {t2 - t1:.0f} s")
    return {**want, "seconds": t2 - t1, "reused": False, "url": url}
