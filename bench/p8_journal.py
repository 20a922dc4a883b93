"""P8: the case journal (issue 21).

Benchvik's caseworker ``bench-saksbehandler`` has four journals of a fixed size in every
dataset (``demo.synthetic.BENCH_JOURNALS``: 2 000, 1 000, 20 and 10 notes, the same rows and
ids at every size); every other case has 0–5 notes (about 2.2 on average: some 220 000 notes
at 100 000 children). The pages are requested as the journal page is read (the view, its
filter form, ``journal.selectors.journal_page``, the template), the two sides interleaved:

- **P8a** the journal's first page, 2 000 notes / 20 notes (largest dataset), ≤ 1.25;
- **P8b** the journal page searching the 2 000-note case for a word (``?q=``, the GIN index of
  the ``norwegian`` vector), at the largest / the smallest dataset, ≤ 1.5;
- **P8c** the journal page searching for a word in every note (``EVERY``: every match is
  counted and sorted), 2 000-note case / 20-note case (largest dataset), ≤ 1.5;
- **P8d** the search across every case a user may see (``journal.selectors.search_visible``,
  no page uses it yet) for Benchvik's head of service, as P2 compares (the same service at
  every size; the table of notes grows a hundredfold: the index, not a scan), for the name of
  the first named outside source (JOUR-04) the user can find in the smallest dataset, at the
  largest / the smallest dataset, ≤ 1.5. In its details: a common word (its newest 25 matches
  are sorted from all of them), and both searches for ``bench-nasjonal``, head of every other
  service, whose cases and matches grow with the data (not the figure);
- **P8e** the SQL queries of the journal page, 10 notes / 1 000 notes: the same count, ≤ 12.

The timings take at least 31 repetitions (as P4): one journal page is some 40 ms, and the
machine's noise is of the order of the difference measured.
"""

from __future__ import annotations

from django.urls import reverse

from bench._http import count_queries, fetch
from bench.timing import interleaved, median

RATIO_PAGE = 1.25
RATIO_SEARCH = 1.5
MAX_QUERIES = 12
WORD = "skolen"  # in one of six of the generated notes ("Skolen melder at …")
EVERY = "saksbehandler"  # every generated note's participants name the caseworker
COMMON = "samværet"
MIN_REPS = 31


def journal_cases() -> dict[int, int]:
    """Benchvik's journals of a fixed size: number of notes → case id."""
    # Inside: the bench modules import without Django set up (bench/run.py).
    from django.db.models import Count

    from cases.models import Sak
    from demo.synthetic import BENCH_JOURNALS, BENCH_KOMMUNENUMMER

    rows = (
        Sak.objects.filter(tjeneste__kommunenummer=BENCH_KOMMUNENUMMER)
        .annotate(n=Count("journalnotater"))
        .filter(n__in=BENCH_JOURNALS)
        .values_list("n", "pk")
    )
    found = dict(rows)
    missing = [n for n in BENCH_JOURNALS if n not in found]
    if missing:
        raise LookupError(f"no Benchvik case with {missing} notes: regenerate the dataset")
    return found


def named_source(user) -> str:
    """The name of the first named outside source (JOUR-04) in the cases ``user`` sees."""
    from cases.permissions import saker_visible_to
    from journal.models import Journalnotat

    kilde = (
        Journalnotat.objects.filter(sak__in=saker_visible_to(user), ekstern_kilde=True)
        .order_by("pk")
        .values_list("kilde", flat=True)
        .first()
    )
    return kilde.split(",")[0]


def _ratio(ctx, fns: dict, num: str, den: str) -> tuple[float, dict]:
    reps = ctx.reps if ctx.quick else max(ctx.reps, MIN_REPS)
    times = interleaved(fns, reps, ctx.warmup)
    med = {k: median(v) * 1000 for k, v in times.items()}
    return med[num] / med[den], {k: round(v, 2) for k, v in med.items()}


def _figure(id, title, value, target, details, op="<=") -> dict:
    return {
        "id": id,
        "title": title,
        "value": round(value, 3),
        "target": float(target),
        "op": op,
        "passed": value <= target,
        "details": details,
    }


def run(ctx) -> list[dict]:
    user = ctx.users["saksbehandler"]
    small, large = ctx.small, ctx.large
    with ctx.use(large):
        cases = journal_cases()
    with ctx.use(small):
        assert journal_cases() == cases  # Benchvik is the same at every size

    def url(n: int, q: str = "") -> str:
        return reverse("journal:journal", args=[cases[n]]) + (f"?q={q}" if q else "")

    figures = []
    ratio, med = _ratio(
        ctx,
        {"2000": fetch(ctx, large, user, url(2000)), "20": fetch(ctx, large, user, url(20))},
        "2000",
        "20",
    )
    figures.append(
        _figure(
            "P8a",
            "journal first page, 2 000 notes / 20 notes",
            ratio,
            RATIO_PAGE,
            {"size": large, "user": user, "median_ms": med},
        )
    )
    ratio, med = _ratio(
        ctx,
        {
            "large": fetch(ctx, large, user, url(2000, WORD)),
            "small": fetch(ctx, small, user, url(2000, WORD)),
        },
        "large",
        "small",
    )
    figures.append(
        _figure(
            "P8b",
            f"journal search in a case of 2 000 notes, {_k(large)} / {_k(small)} children",
            ratio,
            RATIO_SEARCH,
            {"sizes": [small, large], "user": user, "q": WORD, "median_ms": med},
        )
    )
    ratio, med = _ratio(
        ctx,
        {
            "2000": fetch(ctx, large, user, url(2000, EVERY)),
            "20": fetch(ctx, large, user, url(20, EVERY)),
        },
        "2000",
        "20",
    )
    figures.append(
        _figure(
            "P8c",
            "journal search in a case, 2 000 notes / 20 notes",
            ratio,
            RATIO_SEARCH,
            {"size": large, "user": user, "q": EVERY, "median_ms": med},
        )
    )
    figures.append(_across(ctx))
    q_few = count_queries(ctx, large, user, url(10))
    q_many = count_queries(ctx, large, user, url(1000))
    figures.append(
        {
            "id": "P8e",
            "title": "SQL queries, journal page (10 / 1 000 notes)",
            "value": float(q_many),
            "target": float(MAX_QUERIES),
            "op": "<=",
            "passed": q_many <= MAX_QUERIES and q_few == q_many,
            "details": {"size": large, "user": user, "queries": {"10": q_few, "1000": q_many}},
        }
    )
    return figures


def _across(ctx) -> dict:
    """P8d: ``search_visible`` called as a page would call it, as P2 measures: the head of
    Benchvik (the same service at every size, in a table of notes a hundred times larger: the
    index, not a scan), for a named outside source and for a common word. In its details the
    same for ``bench-nasjonal``, head of every other service (which grow with the data)."""
    from accounts.models import User
    from journal.selectors import search_visible

    found: dict = {}

    def call(size: int, user, text: str):
        def go() -> None:
            with ctx.use(size):
                found[(user.username, size, text)] = len(search_visible(user, text))

        return go

    def measure(username: str) -> tuple[float, dict]:
        users = {}
        for size in (ctx.small, ctx.large):
            with ctx.use(size):
                users[size] = User.objects.get(username=username)
        with ctx.use(ctx.small):
            name = named_source(users[ctx.small])
        out = {"user": username}
        ratio = float("nan")
        for key, text in (("name", name), ("common_word", COMMON)):
            r, med = _ratio(
                ctx,
                {
                    "large": call(ctx.large, users[ctx.large], text),
                    "small": call(ctx.small, users[ctx.small], text),
                },
                "large",
                "small",
            )
            ratio = r if key == "name" else ratio
            out[key] = {
                "q": "a named outside source (JOUR-04)" if key == "name" else text,
                "ratio": round(r, 3),
                "median_ms": med,
                "found": {str(s): found[(username, s, text)] for s in (ctx.small, ctx.large)},
            }
        return ratio, out

    ratio, bench = measure(ctx.users["barnevernleder"])
    _other, nasjonal = measure(ctx.users["nasjonal"])
    return _figure(
        "P8d",
        f"journal search across a service, {_k(ctx.large)} / {_k(ctx.small)} children",
        ratio,
        RATIO_SEARCH,
        {**bench, "every_other_service": nasjonal},
    )


def _k(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)
