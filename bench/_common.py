"""What P5–P7 share: timing (``bench.timing``, re-exported), figures, the child
processes they measure in, and a standalone ``Context`` for ``python -m bench.p6_pdf``.

Every measurement runs in a child process of its own (``python -m bench.pN_x --child …``) that
sets Django up against one database and prints one JSON object on its last stdout line: the
runner's process state (its Django set-up, its caches, its memory) never mixes in, and peak
memory can be read per process.
"""

from __future__ import annotations

import json
import operator
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.timing import interleaved as interleaved  # re-exported for P5–P7
from bench.timing import median as median

ROOT = Path(__file__).resolve().parent.parent
OPS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "==": operator.eq}


def figure(id: str, title: str, value: float, target: float, op: str, details: dict) -> dict:
    value = float(value)
    return {
        "id": id,
        "title": title,
        "value": round(value, 4),
        "target": float(target),
        "op": op,
        "passed": bool(OPS[op](value, target)),
        "details": details,
    }


def ms(xs: list[float]) -> dict:
    """A sample of seconds as milliseconds: median, min, max, n."""
    return {
        "median_ms": round(median(xs) * 1000, 2),
        "min_ms": round(min(xs) * 1000, 2),
        "max_ms": round(max(xs) * 1000, 2),
        "n": len(xs),
    }


def child(
    module: str, args: list[str], env: dict[str, str], *, log=None, timeout: float = 900
) -> dict:
    """Run ``python -m module --child args`` and return the JSON of its last stdout line."""
    started = time.monotonic()
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "-m", module, "--child", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise RuntimeError(f"{module} {' '.join(args)} failed ({proc.returncode})")
    if log is not None:
        log(f"{module} {' '.join(args)}: {time.monotonic() - started:.1f} s")
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    return json.loads(lines[-1])


def emit(result: dict) -> None:
    """The child's answer: one JSON line on stdout."""
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


def child_env(database_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench._settings",
        DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT),
        CONN_MAX_AGE="0",
        PYTHONHASHSEED="0",
    )
    env.pop("CELERY_BROKER_URL", None)
    env.update(extra)
    return env


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench._settings")
    import django

    django.setup()


def rss_kib(pid: int | str = "self") -> int:
    """Resident memory of a process now (VmRSS), in KiB."""
    return _status_field(pid, "VmRSS")


def hwm_kib(pid: int | str = "self") -> int:
    """Peak resident memory of a process (VmHWM), in KiB."""
    return _status_field(pid, "VmHWM")


def _status_field(pid, name: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    raise LookupError(name)


@dataclass
class StandaloneContext:
    """The runner's ``ctx`` when a module runs alone (``python -m bench.p6_pdf``)."""

    databases: dict[int, str] = field(default_factory=dict)
    reps: int = 15
    warmup: int = 2
    seed: int = 8
    quick: bool = False
    out_dir: Path = Path(__file__).resolve().parent

    @property
    def sizes(self) -> list[int]:
        return sorted(self.databases)

    def log(self, msg: str) -> None:
        sys.stderr.write(f"[bench] {msg}\n")
        sys.stderr.flush()


def standalone_context(argv: list[str]) -> StandaloneContext:
    """``--quick``, ``--reps N`` and ``--db SIZE=URL`` (repeatable) from the command line;
    without ``--db``: the runner's dataset names on the local server."""
    import argparse

    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true")
    p.add_argument("--reps", type=int)
    p.add_argument("--db", action="append", default=[])
    a = p.parse_args(argv)
    server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    dbs = {}
    for item in a.db:
        size, url = item.split("=", 1)
        dbs[int(size)] = url
    if not dbs:
        names = {1000: "hj_bench_1k", 10000: "hj_bench_10k", 100000: "hj_bench_100k"}
        dbs = {size: f"{server}/{name}" for size, name in names.items()}
    reps = a.reps or (5 if a.quick else 15)
    return StandaloneContext(databases=dbs, reps=reps, warmup=1 if a.quick else 2, quick=a.quick)


def print_figures(figures: list[dict]) -> None:
    for f in figures:
        mark = "PASS" if f["passed"] else "FAIL"
        print(f"{f['id']:5} {mark}  {f['value']:.3f} {f['op']} {f['target']}  {f['title']}")
        print("      " + json.dumps(f["details"], ensure_ascii=False))
