"""Computing the indicators' summary (KVAL-01, KVAL-02): the nightly job, and a head of
service who asks for it now.

Every figure is an aggregate in the database over the sources of :mod:`kvalitet.indicators`,
grouped by team and quarter; a service's share is the sum of its teams' (every case has one
team), its median and 90th percentile a query of their own. Nothing here reads row by row.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import Tjeneste

from .indicators import INDICATORS, Indicator, Kind
from .models import Beregning, Indikatortall
from .periods import Window
from .sql import Percentile, percentile

log = logging.getLogger(__name__)

#: (indicator key, team id or ``None`` for the service, service id, quarter index) → figures.
Key = tuple[str, int | None, int, int]


def _figures() -> dict:
    return {"antall": 0, "treff": 0, "median": None, "p90": None}


def _add_share(result: dict[Key, dict], indicator: Indicator, window: Window) -> None:
    for source in indicator.sources(window):
        rows = (
            source.queryset.order_by()
            .values("team_ref", "tjeneste_ref", "kv")
            .annotate(antall=Count("pk"), treff=Count("pk", filter=Q(ok=True)))
        )
        for row in rows:
            for team in (row["team_ref"], None):
                f = result.setdefault(
                    (indicator.key, team, row["tjeneste_ref"], row["kv"]), _figures()
                )
                f["antall"] += row["antall"]
                f["treff"] += row["treff"]


def _add_days(result: dict[Key, dict], indicator: Indicator, window: Window) -> None:
    for source in indicator.sources(window):
        rows = (
            source.queryset.order_by()
            .values("team_ref", "tjeneste_ref", "kv")
            .annotate(antall=Sum("dager"), treff=Sum("avvik"))
        )
        for row in rows:
            for team in (row["team_ref"], None):
                f = result.setdefault(
                    (indicator.key, team, row["tjeneste_ref"], row["kv"]), _figures()
                )
                f["antall"] += row["antall"] or 0
                f["treff"] += row["treff"] or 0


def _add_median(result: dict[Key, dict], indicator: Indicator, window: Window) -> None:
    for source in indicator.sources(window):
        qs = source.queryset.order_by()
        if connection.vendor == "postgresql":
            for group in (("team_ref", "tjeneste_ref", "kv"), ("tjeneste_ref", "kv")):
                for row in qs.values(*group).annotate(
                    antall=Count("pk"),
                    median=Percentile("dager", 0.5),
                    p90=Percentile("dager", 0.9),
                ):
                    key = (indicator.key, row.get("team_ref"), row["tjeneste_ref"], row["kv"])
                    result[key] = {
                        "antall": row["antall"],
                        "treff": 0,
                        "median": row["median"],
                        "p90": row["p90"],
                    }
            continue
        # SQLite has no percentile: the day counts, read as plain numbers (development only).
        days: dict[Key, list[int]] = defaultdict(list)
        for team, tjeneste, kv, dager in qs.values_list("team_ref", "tjeneste_ref", "kv", "dager"):
            days[(indicator.key, team, tjeneste, kv)].append(dager)
            days[(indicator.key, None, tjeneste, kv)].append(dager)
        for key, values in days.items():
            result[key] = {
                "antall": len(values),
                "treff": 0,
                "median": percentile(values, 0.5),
                "p90": percentile(values, 0.9),
            }


_ADD = {Kind.SHARE: _add_share, Kind.DAYS: _add_days, Kind.MEDIAN: _add_median}


def compute(window: Window) -> dict[Key, dict]:
    """Every available indicator's figures over the window, for every team and service."""
    result: dict[Key, dict] = {}
    for indicator in INDICATORS:
        if indicator.available():
            _ADD[indicator.kind](result, indicator, window)
    return result


@transaction.atomic
def indikatorer_beregn(*, today: date | None = None) -> list[Beregning]:
    """KVAL-01: compute the indicators of the last 8 quarters for every service and store them
    as a new run per service (the page reads the newest). Returns the runs made."""
    today = today or timezone.localdate()
    window = Window.ending(today)
    figures = compute(window)
    now = timezone.now()
    runs = {
        t: Beregning.objects.create(tjeneste_id=t, beregnet=now, til_dato=today)
        for t in Tjeneste.objects.values_list("pk", flat=True)
    }
    rows = [
        Indikatortall(
            beregning=runs[tjeneste],
            team_id=team,
            indikator=key,
            kvartal=window.quarters[kv].start,
            **f,
        )
        for (key, team, tjeneste, kv), f in figures.items()
        if tjeneste in runs
    ]
    Indikatortall.objects.bulk_create(rows, batch_size=1000)
    log.info("kvalitet.beregnet runs=%s rows=%s", len(runs), len(rows))
    return list(runs.values())
