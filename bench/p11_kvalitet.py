"""P11: the quality indicators' page (issue 25, KVAL-01 … KVAL-03).

The page reads the summary the nightly job stores (``kvalitet.services.indikatorer_beregn``),
so it costs the same whatever the size of the service. The module first makes sure each
dataset has a computation, as the night would have left one (it is computed once and kept: it
adds rows to the indicators' own tables only, which no other module reads; the start page of a
leader shows them in the same number of queries). Then, as the head of the largest
service of each dataset (15 000-odd children at 100 000, a few hundred at 1 000): a user who
heads that service alone, as a municipality's head of service does, so that both sides show one
service's page (``bench-nasjonal`` heads every service, and the page's chooser lists them all:
356 services at 100 000, 2 at 1 000; it is the fallback where no such user exists):

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


def _sole_head(ctx, size: int, tjeneste_id: int, fallback: str) -> str:
    """A user who heads ``tjeneste_id`` and no other service, or ``fallback``."""
    from django.db.models import Q

    from accounts.models import Rolle, Rolletildeling, User

    def heads(q) -> object:
        return Rolletildeling.objects.filter(
            q, rolle=Rolle.BARNEVERNLEDER, avsluttet__isnull=True
        ).values("user_id")

    with ctx.use(size):
        found = (
            User.objects.filter(is_active=True, pk__in=heads(Q(tjeneste_id=tjeneste_id)))
            .exclude(pk__in=heads(~Q(tjeneste_id=tjeneste_id)))
            .order_by("username")
            .values_list("username", flat=True)
            .first()
        )
        return found or fallback


def run(ctx) -> list[dict]:
    nasjonal = ctx.users["nasjonal"]
    small, large = ctx.small, ctx.large
    for size in (small, large):
        _ensure_summary(ctx, size)
    services = {size: _largest_service(ctx, size, nasjonal) for size in (small, large)}
    users = {size: _sole_head(ctx, size, services[size][0], nasjonal) for size in (small, large)}

    def url(size: int) -> str:
        return reverse("kvalitet:page") + f"?tjeneste={services[size][0]}"

    reps = ctx.reps if ctx.quick else max(ctx.reps, MIN_REPS)
    times = interleaved(
        {
            "large": fetch(ctx, large, users[large], url(large)),
            "small": fetch(ctx, small, users[small], url(small)),
        },
        reps,
        ctx.warmup,
    )
    med = {k: round(median(v) * 1000, 2) for k, v in times.items()}
    ratio = med["large"] / med["small"]
    q_small = count_queries(ctx, small, users[small], url(small))
    q_large = count_queries(ctx, large, users[large], url(large))
    details = {
        "users": {str(size): users[size] for size in (small, large)},
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
