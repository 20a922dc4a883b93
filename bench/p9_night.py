"""P9: the nightly run spreads over workers (issue 27).

The whole night as production runs it – ``reminders.run_nightly`` handed to Celery on Redis,
taken by a worker, which plans the night (the outbox, :func:`reminders.services.plan_night`)
and fans out one ``reminders.send_digest`` task per person, which any worker may take – on the
largest dataset, once with 1 worker process and once with 2 (each its own ``celery worker``
node, prefork with one process, as one more container would add it). Each run starts from a
fresh copy of the dataset (``CREATE DATABASE … TEMPLATE``), so both plan the same night from
the same rows; the copy is dropped afterwards and the dataset itself is never written.

- **P9** wall time with 2 workers / with 1: **≤ 0.75**. The wall time runs from handing over
  the task to the last digest marked sent (every task done: the queue and Redis's unacked
  messages empty). It passes only if FRIST-03 holds in the same runs: every outbox row of
  the night was e-mailed exactly once, and both runs sent the same e-mails – the same
  recipients, the same number, and the same content (a SHA-256 of subject, text and HTML of
  each, :mod:`bench._mail`).

The details give both wall times, the planning task's own time, how many e-mails each worker
process sent, and the copies' build time (not measured).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench._common import ROOT, child, child_env, emit, figure, setup_django

TARGET = 0.75
BROKER = os.environ.get("BENCH_P9_BROKER_URL", "redis://127.0.0.1:6379/14")
QUEUE = "bench-p9-reminders"
COPY = "hj_bench_p9"
WORKERS = (1, 2)


def run(ctx) -> list[dict]:
    from bench import _pdfdata

    size = ctx.large
    source = ctx.databases[size].rsplit("/", 1)[-1]
    from django.db import connections
    from django.utils import timezone

    run_date = timezone.localdate().isoformat()
    results = {}
    for n in WORKERS:
        ctx.close()  # no connection of ours to the dataset while it is copied
        connections.close_all()
        t0 = time.monotonic()
        url = _copy(source)
        copied = time.monotonic() - t0
        try:
            with tempfile.TemporaryDirectory(prefix="bench-p9-") as tmp:
                env = child_env(
                    url,
                    CELERY_BROKER_URL=BROKER,
                    BENCH_REMINDERS_QUEUE=QUEUE,
                    BENCH_MAIL_LOG=str(Path(tmp) / "mail.log"),
                )
                results[n] = child(
                    "bench.p9_night",
                    ["--workers", str(n), "--run-date", run_date, "--tmp", tmp],
                    env,
                    log=ctx.log,
                    timeout=3600,
                )
                results[n]["copy_seconds"] = round(copied, 1)
        finally:
            _pdfdata.drop(COPY)
    one, two = results[1], results[2]
    same = one["mails"] == two["mails"]
    once = all(r["exactly_once"] for r in results.values())
    result = figure(
        "P9",
        f"Nightly run at {size:,} children: wall time with 2 workers / with 1",
        two["wall_seconds"] / one["wall_seconds"],
        TARGET,
        "<=",
        {
            "run_date": run_date,
            "same_emails": same,
            "exactly_once": once,
            "runs": {
                str(n): {k: v for k, v in r.items() if k != "mails"} for n, r in results.items()
            },
        },
    )
    result["passed"] = result["passed"] and same and once and one["emails"] > 0
    return [result]


def _copy(source: str) -> str:
    """A fresh copy of the dataset (file copy: no WAL for every page), retried while another
    session is still connected to it."""
    from psycopg import errors, sql

    from bench import _pdfdata

    with _pdfdata._admin() as conn, conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(COPY)))
        deadline = time.monotonic() + 120
        while True:
            try:
                cur.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                        sql.Identifier(COPY), sql.Identifier(source)
                    )
                )
                break
            except errors.ObjectInUse:
                if time.monotonic() > deadline:
                    raise
                time.sleep(2)
    return _pdfdata.db_url(COPY)


# --- The child: the workers, the night, the e-mails ---------------------------------------------


def _start_worker(i: int, tmp: Path) -> subprocess.Popen:
    log = open(tmp / f"worker-{i}.log", "w")  # noqa: SIM115 – closed with the worker
    cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "hjelpetiltak",
        "worker",
        "--pool=prefork",
        "--concurrency=1",
        "-Q",
        QUEUE,
        "-n",
        f"bench-p9-{i}-{os.getpid()}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    return subprocess.Popen(  # noqa: S603
        cmd, cwd=ROOT, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # warm shutdown of the worker we started
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _ready(tmp: Path, n: int) -> bool:
    return all(" ready." in (tmp / f"worker-{i}.log").read_text(errors="replace") for i in range(n))


def _planned(tmp: Path, n: int) -> bool:
    """The planning task has ended (the workers log each task that succeeded)."""
    return any(
        "reminders.run_nightly[" in line and " succeeded in " in line
        for i in range(n)
        for line in (tmp / f"worker-{i}.log").read_text(errors="replace").splitlines()
    )


def _child(workers: int, run_date: str, tmp: Path) -> None:
    setup_django()
    # Inside, after setup_django(): this module is imported in a fresh process first.
    import redis
    from django.db.models import Max

    from reminders.models import Paminnelse
    from reminders.tasks import run_nightly

    r = redis.Redis.from_url(BROKER)
    r.delete(QUEUE, "unacked", "unacked_index")
    procs = [_start_worker(i, tmp) for i in range(workers)]
    try:
        deadline = time.monotonic() + 120
        while not _ready(tmp, workers):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise RuntimeError(
                    "the workers did not start: " + (tmp / "worker-0.log").read_text()[-2000:]
                )
            time.sleep(0.2)
        rows = Paminnelse.objects.filter(kjoredato=run_date)
        before = rows.count()
        started = time.time()
        run_nightly.delay(run_date)
        deadline = time.monotonic() + 3000
        while True:
            time.sleep(0.25)
            idle = r.llen(QUEUE) == 0 and r.hlen("unacked") == 0
            if idle and _planned(tmp, workers) and not rows.filter(status="venter").exists():
                break
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise RuntimeError("the night did not end; see the workers' logs")
        last = rows.aggregate(m=Max("sendt"))["m"]
        ended = last.timestamp() if last else time.time()
    finally:
        for p in procs:
            _stop(p)
    logs = "".join((tmp / f"worker-{i}.log").read_text(errors="replace") for i in range(workers))
    planning = [
        float(line.split(" succeeded in ")[1].split("s:")[0])
        for line in logs.splitlines()
        if "reminders.run_nightly[" in line and " succeeded in " in line
    ]
    lines = [x.split("\t") for x in (tmp / "mail.log").read_text().splitlines() if x]
    mails = Counter(f"{to}\t{digest}" for to, digest, _pid, _t in lines)
    per_row = Counter(rows.values_list("digest", flat=True))
    sent_rows = rows.filter(status="sendt").count()
    emit(
        {
            "workers": workers,
            "wall_seconds": round(ended - started, 3),
            "planning_seconds": planning,
            "emails": len(lines),
            "outbox_rows": dict(per_row),
            "exactly_once": len(lines) == sent_rows == sum(per_row.values()) - before
            and set(mails.values()) <= {1},
            "per_process": dict(Counter(pid for _to, _d, pid, _t in lines)),
            "mails": sorted(mails),
        }
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        import argparse

        p = argparse.ArgumentParser()
        p.add_argument("--child", action="store_true")
        p.add_argument("--workers", type=int, required=True)
        p.add_argument("--run-date", required=True)
        p.add_argument("--tmp", required=True)
        a = p.parse_args()
        _child(a.workers, a.run_date, Path(a.tmp))
