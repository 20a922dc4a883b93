"""P1: every key page runs the same number of SQL queries with few and with many rows behind
it, and at most 12.

The few-rows side is the Benchvik users' page in the smallest dataset; the many-rows side is
the same page in the largest dataset for the users who see the most there (a head of every
other service: ~99 000 cases; the largest municipality's team leader and clerical officer)
and that municipality's case with the most access-log rows. One figure per page: its value is
the count on the many-rows side; it passes when that is ≤ 12 *and* equal to the few-rows side.
"""

from __future__ import annotations

from bench import _pages
from bench._http import count_queries

TARGET = 12


def run(ctx) -> list[dict]:
    with ctx.use(ctx.small):
        few = _pages.bench_pages()
    with ctx.use(ctx.large):
        many = _pages.heavy_pages()
    figures = []
    for a, b in zip(few, many, strict=True):
        q_few = count_queries(ctx, ctx.small, a.username, a.url)
        q_many = count_queries(ctx, ctx.large, b.username, b.url)
        figures.append(
            {
                "id": f"P1.{a.name}",
                "title": f"SQL queries, {a.name.replace('_', ' ')} (few / many rows)",
                "value": float(q_many),
                "target": float(TARGET),
                "op": "<=",
                "passed": q_many <= TARGET and q_few == q_many,
                "details": {
                    "few_rows": {
                        "size": ctx.small,
                        "user": a.username,
                        "url": a.url,
                        "queries": q_few,
                    },
                    "many_rows": {
                        "size": ctx.large,
                        "user": b.username,
                        "url": b.url,
                        "queries": q_many,
                    },
                },
            }
        )
    return figures
