"""Requests for the P1–P4 measurements."""

from __future__ import annotations

from collections.abc import Callable

from django.test.utils import CaptureQueriesContext


def fetch(ctx, size: int, username: str, url: str) -> Callable[[], None]:
    """A function that GETs ``url`` as ``username`` in dataset ``size`` and checks the 200."""
    client = ctx.client(size, username)

    def get() -> None:
        with ctx.use(size):
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} as {username} at {size}: {response.status_code}")

    return get


def count_queries(ctx, size: int, username: str, url: str, *, tries: int = 2) -> int:
    """The SQL queries of one request (after one warm-up request of the same page): the fewest
    of ``tries`` requests, since a request that happens to record the session's activity
    (``accounts.sessions.session_touch``, at most once every ``ACTIVITY_RESOLUTION`` seconds,
    whatever the page) writes the session too."""
    get = fetch(ctx, size, username, url)
    get()
    counts = []
    for _ in range(tries):
        # The dataset's own connection: ``connection`` points elsewhere once ``use`` has ended.
        with ctx.use(size), CaptureQueriesContext(ctx._wrapper(size)) as queries:
            get()
        counts.append(len(queries.captured_queries))
    return min(counts)
