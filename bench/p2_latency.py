"""P2: median latency of every key page at the largest / the smallest dataset, for the same
Benchvik user, team, page size and case (the bench municipality is the same at every size):
≤ 1.25 for detail pages, ≤ 1.5 for lists and dashboards. Both sides interleaved request by
request in one process; medians of ``ctx.reps`` after ``ctx.warmup`` rounds."""

from __future__ import annotations

from bench import _pages
from bench._http import fetch
from bench.datasets import label
from bench.timing import interleaved, median


def run(ctx) -> list[dict]:
    with ctx.use(ctx.small):
        small = _pages.bench_pages()
    with ctx.use(ctx.large):
        large = _pages.bench_pages()
    figures = []
    for a, b in zip(small, large, strict=True):
        assert a.url == b.url, (a.url, b.url)  # the same case in both datasets
        times = interleaved(
            {
                "small": fetch(ctx, ctx.small, a.username, a.url),
                "large": fetch(ctx, ctx.large, b.username, b.url),
            },
            ctx.reps,
            ctx.warmup,
        )
        ms = {k: median(v) * 1000 for k, v in times.items()}
        target = 1.25 if a.name in _pages.DETAIL else 1.5
        ratio = ms["large"] / ms["small"]
        figures.append(
            {
                "id": f"P2.{a.name}",
                "title": f"latency {label(ctx.large)} / {label(ctx.small)} children, "
                f"{a.name.replace('_', ' ')}",
                "value": round(ratio, 3),
                "target": target,
                "op": "<=",
                "passed": ratio <= target,
                "details": {
                    "user": a.username,
                    "url": a.url,
                    "median_ms": {
                        str(ctx.small): round(ms["small"], 2),
                        str(ctx.large): round(ms["large"], 2),
                    },
                    "reps": ctx.reps,
                },
            }
        )
    return figures
