"""P11: the quality indicators' page (issue 25, KVAL-01 … KVAL-03).

The page reads the summary the nightly job stores (``kvalitet.services.indikatorer_beregn``),
so it costs the same whatever the size of the service. The module first makes sure each
dataset has a computation, as the night would have left one (it is computed once and kept: it
adds rows to the indicators' own tables only, which no other module reads; the start page of a
leader shows them in the same number of queries). Then, as the head of the largest service
``bench-nasjonal`` heads (15 000-odd children at 100 000, a few hundred at 1 000; the page
also lists every service the user heads):

- **P11a** the indicators page at the largest / the smallest dataset, the two sides
  interleaved, ≤ 1.5;
- **P11b** the SQL queries of the page, smallest / largest dataset: the same count, ≤ 12.
"""

from __future__ import annotations

from django.urls import reverse

from bench._http import count_queries, fetch
from bench.timing import interleaved, median

RATIO = 1.5
MAX_QUERIES = 12
MIN_REPS = 31


def _ensure_summary(ctx, size: int) -> None:
    """A computation of the indicators in the dataset, made now if it has none."""
    from kvalitet.models import Beregning
    from kvalitet.services import indikatorer_beregn

    with ctx.use(size):
        if not Beregning.objects.exists():
            ctx.log(f"P11: computing the indicators at {size} (the nightly job's work) …")
            indikatorer_beregn()


def _largest_service(ctx, size: int, username: str) -> tuple[int, int]:
    """The service with most cases among those ``username`` heads: (id, cases)."""
    from django.db.models import Count

    from accounts.models import Rolle, User
    from cases.models import Sak

    with ctx.use(size):
        user = User.objects.get(username=username)
        headed = user.tjeneste_ids(Rolle.BARNEVERNLEDER)
        row = (
            Sak.objects.filter(tjeneste_id__in=headed)
            .values("tjeneste_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "tjeneste_id")
            .first()
        )
        return row["tjeneste_id"], row["n"]


def run(ctx) -> list[dict]:
    user = ctx.users["nasjonal"]
    small, large = ctx.small, ctx.large
    for size in (small, large):
        _ensure_summary(ctx, size)
    services = {size: _largest_service(ctx, size, user) for size in (small, large)}

    def url(size: int) -> str:
        return reverse("kvalitet:page") + f"?tjeneste={services[size][0]}"

    reps = ctx.reps if ctx.quick else max(ctx.reps, MIN_REPS)
    times = interleaved(
        {
            "large": fetch(ctx, large, user, url(large)),
            "small": fetch(ctx, small, user, url(small)),
        },
        reps,
        ctx.warmup,
    )
    med = {k: round(median(v) * 1000, 2) for k, v in times.items()}
    ratio = med["large"] / med["small"]
    q_small = count_queries(ctx, small, user, url(small))
    q_large = count_queries(ctx, large, user, url(large))
    details = {
        "user": user,
        "service_cases": {str(size): services[size][1] for size in (small, large)},
    }
    return [
        {
            "id": "P11a",
            "title": f"indicators page, head of service, {large:,} / {small:,} children",
            "value": round(ratio, 3),
            "target": RATIO,
            "op": "<=",
            "passed": ratio <= RATIO,
            "details": {**details, "sizes": [small, large], "median_ms": med},
        },
        {
            "id": "P11b",
            "title": "SQL queries, indicators page (smallest / largest dataset)",
            "value": float(q_large),
            "target": float(MAX_QUERIES),
            "op": "<=",
            "passed": q_large <= MAX_QUERIES and q_small == q_large,
            "details": {**details, "queries": {str(small): q_small, str(large): q_large}},
        },
    ]
