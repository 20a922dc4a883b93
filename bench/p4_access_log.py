"""P4: the case page with access logging on / off ≤ 1.10 (largest dataset, the Benchvik
caseworker's case). "Off" replaces the log row's insert with nothing for the measurement (the
read and its transaction stay); the two interleave request by request."""

from __future__ import annotations

from unittest import mock

from bench import _pages
from bench._http import fetch
from bench.timing import interleaved, median

TARGET = 1.10


def run(ctx) -> list[dict]:
    # Inside: the bench modules import without Django set up (bench/run.py).
    from core.models import AccessLogEntry

    with ctx.use(ctx.large):
        page = next(p for p in _pages.bench_pages() if p.name == "case")
    on = fetch(ctx, ctx.large, page.username, page.url)

    def off() -> None:
        with mock.patch.object(AccessLogEntry.objects, "create", return_value=None):
            on()

    reps = max(ctx.reps, 31) if not ctx.quick else ctx.reps
    times = interleaved({"on": on, "off": off}, reps, ctx.warmup)
    ms = {k: median(v) * 1000 for k, v in times.items()}
    ratio = ms["on"] / ms["off"]
    return [
        {
            "id": "P4",
            "title": "case page, access logging on / off",
            "value": round(ratio, 3),
            "target": TARGET,
            "op": "<=",
            "passed": ratio <= TARGET,
            "details": {
                "size": ctx.large,
                "url": page.url,
                "reps": reps,
                "median_ms": {k: round(v, 2) for k, v in ms.items()},
            },
        }
    ]
