"""P7: a worker's memory after 1 000 PDF tasks / after 10: ≤ 1.3 (issue 8).

A real Celery worker, started as production starts it (``celery -A hjelpetiltak worker``,
prefork, here one process and no ``--max-tasks-per-child``), takes ``documents.render`` tasks
from Redis (database 14, a queue of the bench's own) against a fresh copy of the letters'
scratch database (:mod:`bench._pdfdata`). The tasks are ordered through the production path:
``documents.services.dokument_create`` orders a new version of the typical vedtak letter, and
the task is enqueued when that transaction commits. Every task renders a PDF, stores it with
its checksum and marks the document made.

The resident memory (``VmRSS`` from ``/proc``) of the pool process, the one that renders, is
read once the first 10 documents are made and again after all 1 000; its peak (``VmHWM``) and
the main process's are in the details.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time

from bench import _pdfdata
from bench._common import (
    child,
    child_env,
    emit,
    figure,
    hwm_kib,
    print_figures,
    rss_kib,
    setup_django,
    standalone_context,
)

TARGET = 1.3
BROKER = os.environ.get("BENCH_P7_BROKER_URL", "redis://127.0.0.1:6379/14")
QUEUE = "bench-p7-documents"
TASKS = {"first": 10, "total": 1000}
QUICK_TASKS = {"first": 10, "total": 40}


def run(ctx) -> list[dict]:
    counts = QUICK_TASKS if ctx.quick else TASKS
    template = _pdfdata.ensure_template(ctx.log)
    url = _pdfdata.fresh_scratch(template)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-p7-") as tmp:
            env = child_env(
                url,
                DOCUMENTS_ROOT=tmp,
                CELERY_BROKER_URL=BROKER,
                BENCH_DOCUMENTS_QUEUE=QUEUE,
            )
            out = child(
                "bench.p7_worker_memory",
                ["--first", str(counts["first"]), "--total", str(counts["total"])],
                env,
                log=ctx.log,
                timeout=1800,
            )
    finally:
        _pdfdata.drop()
    first, last = out["readings"][0], out["readings"][-1]
    result = figure(
        "P7",
        f"Worker memory after {last['tasks']} PDF tasks / after {first['tasks']}",
        last["rss_kib"] / first["rss_kib"],
        TARGET,
        "<=",
        {
            "readings": out["readings"],
            "failed": out["failed"],
            "seconds": out["seconds"],
            "pool": out["pool"],
            "document": f"vedtak letter, {out['pages']} pages, {out['bytes']} bytes",
        },
    )
    # Every document must have been made: a failing render would also be a cheap one.
    result["passed"] = result["passed"] and out["failed"] == 0
    return [result]


# --- The child process: orders the documents, runs the worker, reads its memory -------------------


def _children(pid: int) -> list[int]:
    out = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(c) for c in f.read().split())
        except FileNotFoundError:
            pass
    return out


def _start_worker(log_path: str) -> subprocess.Popen:
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
        "bench-p7@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=WARNING",
    ]
    log = open(log_path, "w")  # noqa: SIM115 – closed with the worker
    return subprocess.Popen(  # noqa: S603
        cmd, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop_worker(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # warm shutdown of the worker we started
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _purge(app) -> None:
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)


def _child(first: int, total: int) -> None:
    setup_django()
    # Inside, after setup_django(): this module is imported in a fresh process first.
    from accounts.models import User
    from cases.models import Sak
    from documents.models import Dokument
    from documents.services import dokument_create
    from hjelpetiltak.celery import app
    from vedtak.models import Vedtak

    m = _pdfdata.manifest()
    actor = User.objects.get(pk=m["saksbehandler_id"])
    sak = Sak.objects.get(pk=m["sak_id"])
    vedtak = Vedtak.objects.get(pk=m["vedtak_id"])
    template_doc = Dokument.objects.get(pk=m["vedtak_dokument_id"])
    _purge(app)
    ordered: list[int] = []

    def order(n: int) -> None:
        for _ in range(n):
            ordered.append(dokument_create(actor=actor, sak=sak, type="vedtak", source=vedtak).pk)

    def wait_done(deadline_s: float) -> None:
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the worker stopped ({proc.returncode}); see {log_path}")
            waiting = Dokument.objects.filter(
                pk__in=ordered, status=Dokument.Status.BESTILT
            ).count()
            if not waiting:
                return
            time.sleep(0.25)
        raise RuntimeError(f"documents not made in {deadline_s} s; see {log_path}")

    def reading(tasks: int, started: float) -> dict:
        pools = _children(proc.pid)
        return {
            "tasks": tasks,
            "rss_kib": sum(rss_kib(p) for p in pools),
            "hwm_kib": sum(hwm_kib(p) for p in pools),
            "main_rss_kib": rss_kib(proc.pid),
            "pool_pids": pools,
            "elapsed_s": round(time.monotonic() - started, 1),
        }

    log_path = os.path.join(tempfile.gettempdir(), f"bench-p7-worker-{os.getpid()}.log")
    proc = _start_worker(log_path)
    try:
        started = time.monotonic()
        order(first)
        wait_done(300)
        time.sleep(0.5)
        readings = [reading(first, started)]
        pool_before = readings[0]["pool_pids"]
        order(total - first)
        wait_done(max(600, total * 2))
        time.sleep(0.5)
        readings.append(reading(total, started))
    finally:
        _stop_worker(proc)
        _purge(app)
    made = Dokument.objects.filter(pk__in=ordered)
    failed = made.exclude(status=Dokument.Status.FERDIG).count()
    sample = made.filter(status=Dokument.Status.FERDIG).order_by("-pk").first()
    emit(
        {
            "readings": readings,
            "failed": failed,
            "seconds": round(time.monotonic() - started, 1),
            "pool": {
                "same_process": pool_before == readings[-1]["pool_pids"],
                "concurrency": 1,
            },
            "pages": sample.sider if sample else None,
            "bytes": sample.storrelse if sample else template_doc.storrelse,
        }
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        import argparse

        p = argparse.ArgumentParser()
        p.add_argument("--child", action="store_true")
        p.add_argument("--first", type=int, required=True)
        p.add_argument("--total", type=int, required=True)
        a = p.parse_args()
        _child(a.first, a.total)
    else:
        print_figures(run(standalone_context(sys.argv[1:])))
