"""P3: page 2 000 of the case list / page 1 ≤ 1.2 (largest dataset).

The user is ``bench-nasjonal``, head of every service but Benchvik (~86 000 active cases at
100 000 children: some 3 400 pages of 25). Page 2 000 is the link "Next" on page 1 999: its
cursor is made by the view's own ``encode_cursor`` from the last row of page 1 999 (following
1 999 links once would give the same URL, only slower). Both pages interleaved."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from bench._http import fetch
from bench.timing import interleaved, median

TARGET = 1.2
DEEP = 2000


def run(ctx) -> list[dict]:
    # Inside: the bench modules import without Django set up (bench/run.py).
    from accounts.models import User
    from cases import selectors
    from cases.pagination import encode_cursor

    user_name = ctx.users["nasjonal"]
    per_page = settings.CASE_LIST_PAGE_SIZE
    with ctx.use(ctx.large):
        user = User.objects.get(username=user_name)
        f = selectors.SakFilter()
        order = selectors.SORTS[f.sort]
        qs = selectors.sak_list(user, f)
        total = qs.count()
        if total <= per_page:
            # No second page to measure: say so in the figure rather than fail on the row.
            return [_no_second_page(ctx, user_name, total, per_page)]
        deep = max(2, min(DEEP, -(-total // per_page)))
        edge = qs[(deep - 1) * per_page - 1]
        cursor = encode_cursor(edge, order)
    url = reverse("cases:list")
    deep_url = f"{url}?etter={cursor}&side={deep}"
    first = fetch(ctx, ctx.large, user_name, url)
    deep_page = fetch(ctx, ctx.large, user_name, deep_url)
    times = interleaved({"page1": first, "deep": deep_page}, ctx.reps, ctx.warmup)
    ms = {k: median(v) * 1000 for k, v in times.items()}
    ratio = ms["deep"] / ms["page1"]
    return [
        {
            "id": "P3",
            "title": f"case list page {deep:,} / page 1".replace(",", " "),
            "value": round(ratio, 3),
            "target": TARGET,
            "op": "<=",
            "passed": ratio <= TARGET and (deep >= DEEP or ctx.quick),
            "details": {
                "size": ctx.large,
                "user": user_name,
                "cases": total,
                "page": deep,
                "median_ms": {k: round(v, 2) for k, v in ms.items()},
                "reps": ctx.reps,
            },
        }
    ]


def _no_second_page(ctx, user_name: str, total: int, per_page: int) -> dict:
    return {
        "id": "P3",
        "title": "case list deep page / page 1",
        "value": float("nan"),
        "target": TARGET,
        "op": "<=",
        "passed": False,
        "details": {
            "size": ctx.large,
            "user": user_name,
            "cases": total,
            "error": (
                f"{user_name} sees {total} active cases, not more than one page of {per_page}: "
                "there is no second page to measure (the dataset is too small)"
            ),
        },
    }
