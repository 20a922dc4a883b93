"""P5: the nightly reminder planning at national scale (issue 8).

- **P5a** the planning at the largest dataset / the bare SQL that selects the same due
  deadlines: ≤ 3.0. The planning is :func:`reminders.services.paminnelser_plan` – every finder,
  who gets what, the outbox rows and their history written, the send tasks registered for the
  commit – run as the durable service's own body (``__wrapped__``) inside a transaction that is
  rolled back, so every repetition plans the same night from the same data (and no e-mail task
  is ever published). The bare SQL is the finders' own queries
  (:func:`reminders.finders.kind_queryset`, the exact SQL the planning sends), each run with
  ``EXPLAIN (ANALYZE, TIMING OFF)`` in the same kind of transaction (the planning's ``SET LOCAL
  jit = off`` included): the sum of PostgreSQL's execution times. The details show that both
  read the same rows, kind by kind.
- **P5b** the planning at 100 000 children / at 10 000: ≤ 12 (linear, never quadratic).
- **P5c** the worker's peak memory at 100 000 / at 10 000: ≤ 1.3. Each dataset is planned in
  a fresh process (Django set up, the finders imported, connected); the figure is the
  process's peak resident memory (``VmHWM``) after one planning. 1.3 allows the digests
  themselves, which are the night's output and grow with the number of people reminded,
  while anything holding the country's deadlines at once (about 200 000 items at 100 000
  children, some 150 MB as objects) fails it. The details add the planning's own share (peak
  minus the resident memory before it) and Python's allocation peak (``tracemalloc``).

P5a and P5b run in one process, interleaved round by round (order rotated), switching the
connection between the two databases.
"""

from __future__ import annotations

import sys
import time

from bench._common import (
    child,
    child_env,
    emit,
    figure,
    hwm_kib,
    median,
    ms,
    print_figures,
    rss_kib,
    setup_django,
    standalone_context,
)

TARGET_SQL = 3.0
TARGET_SCALE = 12.0
TARGET_MEMORY = 1.3


def _sizes(ctx) -> tuple[int, int]:
    sizes = sorted(ctx.databases)
    large = sizes[-1]
    smaller = [s for s in sizes if s < large]
    small = next((s for s in smaller if s * 10 == large), smaller[-1] if smaller else large)
    return large, small


def run(ctx) -> list[dict]:
    large, small = _sizes(ctx)
    url_large, url_small = ctx.databases[large], ctx.databases[small]
    timing = child(
        "bench.p5_reminders",
        [
            "timing",
            "--large",
            url_large,
            "--small",
            url_small,
            "--reps",
            str(ctx.reps),
            "--warmup",
            str(max(ctx.warmup, 1)),
        ],
        child_env(url_large),
        log=ctx.log,
        timeout=1800,
    )
    memory = {
        size: child("bench.p5_reminders", ["memory", "--db", url], child_env(url), log=ctx.log)
        for size, url in ((small, url_small), (large, url_large))
    }
    t = timing["times"]
    plan_l, sql_l, plan_s = median(t["plan_large"]), median(t["sql_large"]), median(t["plan_small"])
    mem_l, mem_s = memory[large], memory[small]
    return [
        figure(
            "P5a",
            f"Nightly reminder planning / bare SQL of its finders ({large:,} children)",
            plan_l / sql_l,
            TARGET_SQL,
            "<=",
            {
                "planning": ms(t["plan_large"]),
                "bare_sql": ms(t["sql_large"]),
                "rows_per_kind": timing["rows"],
                "same_rows": timing["same_rows"],
                "outbox_rows": timing["outbox"]["large"],
                "queries": timing["queries"]["large"],
            },
        ),
        figure(
            "P5b",
            f"Nightly reminder planning at {large:,} / at {small:,} children",
            plan_l / plan_s,
            TARGET_SCALE,
            "<=",
            {
                "large": ms(t["plan_large"]),
                "small": ms(t["plan_small"]),
                "outbox_rows": timing["outbox"],
                "queries": timing["queries"],
            },
        ),
        figure(
            "P5c",
            f"Planning worker's peak memory at {large:,} / at {small:,} children",
            mem_l["hwm_kib"] / mem_s["hwm_kib"],
            TARGET_MEMORY,
            "<=",
            {str(small): mem_s, str(large): mem_l},
        ),
    ]


# --- The child processes ------------------------------------------------------------------------


def _use(url: str) -> None:
    """Point Django's default connection at another database (closed, reopened on use)."""
    from urllib.parse import urlsplit

    from django.db import connection

    name = urlsplit(url).path.lstrip("/")
    if connection.settings_dict["NAME"] != name:
        connection.close()
        connection.settings_dict["NAME"] = name
    connection.ensure_connection()


def _plan_once(run_date, *, count_queries: bool = True) -> tuple[int, int]:
    """The planning's body in a transaction rolled back: (outbox rows, queries). Counting the
    queries keeps their SQL text (the digests' JSON in it): not while memory is measured."""
    # Inside: the bench modules import without Django set up (bench/run.py).
    from contextlib import nullcontext

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from reminders.services import paminnelser_plan

    capture = CaptureQueriesContext(connection) if count_queries else nullcontext([])
    with capture as queries, transaction.atomic():
        ids = paminnelser_plan.__wrapped__(run_date=run_date)
        transaction.set_rollback(True)
    return len(ids), len(queries)


def _bare_sql(run_date) -> tuple[float, dict[str, int]]:
    """The finders' SQL under EXPLAIN ANALYZE: seconds of execution and rows per kind."""
    # Inside: the bench modules import without Django set up (bench/run.py).
    from django.db import connection, transaction

    from reminders import finders
    from reminders.services import _disable_jit

    total_ms, rows = 0.0, {}
    with transaction.atomic():
        _disable_jit()
        with connection.cursor() as cursor:
            for kind in finders.KINDS:
                sql, params = finders.kind_queryset(kind, run_date).query.sql_with_params()
                cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0][0]
                total_ms += plan["Execution Time"]
                rows[kind.id] = plan["Plan"]["Actual Rows"]
        transaction.set_rollback(True)
    return total_ms / 1000, rows


def _planned_rows(run_date) -> dict[str, int]:
    """The rows the planning's queries return, kind by kind (before a row filter drops any)."""
    # Inside: the bench modules import without Django set up (bench/run.py).
    from django.db import transaction

    from reminders import finders
    from reminders.services import _disable_jit

    with transaction.atomic():
        _disable_jit()
        return {
            k.id: sum(1 for _ in finders.kind_queryset(k, run_date).iterator(chunk_size=2000))
            for k in finders.KINDS
        }


def _timing(large: str, small: str, reps: int, warmup: int) -> None:
    setup_django()
    from django.utils import timezone

    run_date = timezone.localdate()
    outbox, queries = {}, {}

    def plan(which: str, url: str):
        def call() -> float:
            _use(url)
            t0 = time.perf_counter()
            outbox[which], _ = _plan_once(run_date, count_queries=False)
            return time.perf_counter() - t0

        return call

    def sql() -> float:
        _use(large)
        return _bare_sql(run_date)[0]

    jobs = {
        "plan_large": plan("large", large),
        "sql_large": sql,
        "plan_small": plan("small", small),
    }
    names = list(jobs)
    times: dict[str, list[float]] = {n: [] for n in names}
    for r in range(warmup + reps):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            seconds = jobs[name]()
            if r >= warmup:
                times[name].append(seconds)
    for which, url in (("large", large), ("small", small)):  # counted apart from the timing
        _use(url)
        queries[which] = _plan_once(run_date)[1]
    _use(large)
    sql_rows = _bare_sql(run_date)[1]
    plan_rows = _planned_rows(run_date)
    emit(
        {
            "times": times,
            "rows": {k: {"planning": plan_rows[k], "bare_sql": sql_rows[k]} for k in sql_rows},
            "same_rows": plan_rows == sql_rows,
            "outbox": outbox,
            "queries": queries,
        }
    )


def _memory(url: str) -> None:
    import tracemalloc

    setup_django()
    # Inside, after setup_django(): this module is imported in a fresh process first.
    from django.utils import timezone

    import reminders.services  # noqa: F401  (everything the planning imports, before measuring)
    from reminders import finders

    for kind in finders.KINDS:  # each finder's query built once, before measuring
        finders.kind_queryset(kind, timezone.localdate())
    _use(url)
    run_date = timezone.localdate()
    before = rss_kib()
    t0 = time.perf_counter()
    rows, _queries = _plan_once(run_date, count_queries=False)
    seconds = time.perf_counter() - t0
    peak = hwm_kib()
    tracemalloc.start()
    _plan_once(run_date, count_queries=False)
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    emit(
        {
            "hwm_kib": peak,
            "rss_before_kib": before,
            "planning_kib": peak - before,
            "tracemalloc_peak_kib": traced_peak // 1024,
            "outbox_rows": rows,
            "seconds": round(seconds, 2),
        }
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        import argparse

        p = argparse.ArgumentParser()
        p.add_argument("--child", action="store_true")
        p.add_argument("mode", choices=["timing", "memory"])
        p.add_argument("--large")
        p.add_argument("--small")
        p.add_argument("--db")
        p.add_argument("--reps", type=int, default=15)
        p.add_argument("--warmup", type=int, default=1)
        a = p.parse_args()
        if a.mode == "timing":
            _timing(a.large, a.small, a.reps, a.warmup)
        else:
            _memory(a.db)
    else:
        print_figures(run(standalone_context(sys.argv[1:])))
