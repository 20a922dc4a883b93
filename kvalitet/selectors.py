"""Reads of the indicators: the page and the start page from the stored summary (a fixed number
of queries whatever the size of the service), the cases behind one figure from the records
(under need-to-know), and the export's rows (aggregates only, KVAL-02)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Q, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from cases.models import Sak
from cases.permissions import visibility_filter

from . import charts
from .indicators import INDICATORS, Indicator, Kind
from .models import Beregning, Indikatortall
from .periods import Quarter, Window
from .permissions import Unit

#: The most cases a drill-down lists (the rest are counted).
MAX_CASES = 500


def _num(value: float, decimals: int = 0) -> str:
    return number_format(round(value, decimals), decimals)


@dataclass
class Figure:
    """One indicator for one unit in one quarter."""

    indicator: Indicator
    quarter: Quarter
    antall: int = 0
    treff: int = 0
    median: float | None = None
    p90: float | None = None
    partial: bool = False  # the current quarter, so far

    @property
    def empty(self) -> bool:
        return self.antall == 0

    @property
    def value(self) -> float | None:
        """The figure: a share in per cent, days without a plan, or the median in days."""
        if self.empty:
            return None
        if self.indicator.kind == Kind.SHARE:
            return 100.0 * self.treff / self.antall
        if self.indicator.kind == Kind.DAYS:
            return float(self.treff)
        return self.median

    @property
    def text(self) -> str:
        if self.empty:
            return _("no data")
        if self.indicator.kind == Kind.SHARE:
            return f"{_num(self.value)} %"
        if self.indicator.kind == Kind.DAYS:
            return ngettext("%(n)s day", "%(n)s days", self.treff) % {"n": _num(self.treff)}
        return _("%(n)s days") % {"n": _num(self.median, 1)}

    @property
    def detail(self) -> str:
        """What the figure is counted of, in words."""
        if self.empty:
            return ""
        if self.indicator.kind == Kind.SHARE:
            return _("%(met)s of %(all)s") % {"met": _num(self.treff), "all": _num(self.antall)}
        if self.indicator.kind == Kind.DAYS:
            return _("of %(all)s measure days") % {"all": _num(self.antall)}
        return _("90th percentile %(p90)s days; %(n)s measures") % {
            "p90": _num(self.p90, 1),
            "n": _num(self.antall),
        }


@dataclass
class Trend:
    indicator: Indicator
    figures: list[Figure]
    available: bool = True
    chart: charts.Chart | None = None
    summary: str = ""

    @property
    def last_full(self) -> Figure:
        """The last quarter that has ended (the figure the start page shows)."""
        return self.figures[-2] if len(self.figures) > 1 else self.figures[-1]

    @property
    def current(self) -> Figure:
        return self.figures[-1]


@dataclass
class Summary:
    unit: Unit
    computed: Beregning | None
    window: Window | None
    trends: list[Trend] = field(default_factory=list)


def latest_run(tjeneste_id: int) -> Beregning | None:
    return Beregning.objects.filter(tjeneste_id=tjeneste_id).order_by("-beregnet", "-pk").first()


def summary(unit: Unit) -> Summary:
    """The unit's indicators from the newest run: two queries."""
    run = latest_run(unit.tjeneste.pk)
    if run is None:
        return Summary(unit, None, None)
    window = Window.ending(run.til_dato)
    rows = Indikatortall.objects.filter(beregning=run, team_id=unit.team_id)
    by_key = {(r.indikator, r.kvartal): r for r in rows}
    trends = []
    for indicator in INDICATORS:
        figures = []
        for q in window.quarters:
            r = by_key.get((indicator.key, q.start))
            figures.append(
                Figure(
                    indicator,
                    q,
                    antall=r.antall if r else 0,
                    treff=r.treff if r else 0,
                    median=r.median if r else None,
                    p90=r.p90 if r else None,
                    partial=q.end > run.til_dato,
                )
            )
        trend = Trend(indicator, figures, available=indicator.available())
        if trend.available:
            trend.chart = _chart(trend)
            trend.summary = _summary_text(trend)
        trends.append(trend)
    return Summary(unit, run, window, trends)


def _chart(trend: Trend) -> charts.Chart:
    labels = [f.quarter.short_label for f in trend.figures]
    kind = trend.indicator.kind
    if kind == Kind.MEDIAN:
        series = [
            (_("Median"), [f.median if not f.empty else None for f in trend.figures]),
            (_("90th percentile"), [f.p90 if not f.empty else None for f in trend.figures]),
        ]
    else:
        series = [(str(trend.indicator.title), [f.value for f in trend.figures])]
    if kind == Kind.SHARE:
        return charts.chart(labels, series, percent=True, fmt=lambda v: f"{_num(v)} %")
    return charts.chart(labels, series, percent=False, fmt=lambda v: _num(v, 1 if v % 1 else 0))


def _summary_text(trend: Trend) -> str:
    """KVAL-03: the chart in words."""
    with_data = [f for f in trend.figures if not f.empty]
    if not with_data:
        return _("No data in the last 8 quarters.")
    last = trend.last_full
    parts = []
    if last.empty:
        parts.append(_("%(quarter)s: no data.") % {"quarter": last.quarter.label})
    else:
        parts.append(
            _("%(quarter)s: %(value)s (%(detail)s).")
            % {"quarter": last.quarter.label, "value": last.text, "detail": last.detail}
        )
    values = [f for f in with_data if f.value is not None]
    if len(values) > 1:
        low = min(values, key=lambda f: f.value)
        high = max(values, key=lambda f: f.value)
        parts.append(
            _("Over the 8 quarters: lowest %(low)s (%(lq)s), highest %(high)s (%(hq)s).")
            % {
                "low": low.text,
                "lq": low.quarter.label,
                "high": high.text,
                "hq": high.quarter.label,
            }
        )
    cur = trend.current
    parts.append(
        _("This quarter so far: %(value)s.") % {"value": cur.text}
        if not cur.empty
        else _("This quarter so far: no data.")
    )
    return " ".join(parts)


# --- The cases behind a figure (KVAL-02) ------------------------------------------------------


@dataclass
class CaseRow:
    sak: Sak
    antall: int = 0
    avvik: int = 0  # events that did not meet the measure, or days without a plan
    dager: int | None = None  # the longest days to start


def cases_behind(
    user: User, unit: Unit, indicator: Indicator, quarter: Quarter, today: date
) -> tuple[list[CaseRow], int]:
    """The cases behind one figure, from the records as they are today, of those the user may
    see (ROLE-02): with how many events each has and how many missed the measure. Returns the
    rows (at most :data:`MAX_CASES`, those with most misses first) and how many cases in all."""
    window = Window((quarter,), today)
    per_case: dict[int, dict[str, Any]] = defaultdict(lambda: {"antall": 0, "avvik": 0})
    for source in indicator.sources(window):
        qs = source.queryset.filter(visibility_filter(user, source.sak_path))
        if unit.team is not None:
            qs = qs.filter(team_ref=unit.team.pk)
        else:
            qs = qs.filter(tjeneste_ref=unit.tjeneste.pk)
        qs = qs.order_by().values("sak_ref")
        if indicator.kind == Kind.SHARE:
            rows = qs.annotate(antall=Count("pk"), avvik=Count("pk", filter=Q(ok=False)))
        elif indicator.kind == Kind.DAYS:
            rows = qs.annotate(antall=Sum("dager"), avvik=Sum("avvik"))
        else:
            rows = qs.annotate(antall=Count("pk"), dager=Max("dager"))
        for row in rows:
            c = per_case[row["sak_ref"]]
            c["antall"] += row["antall"] or 0
            c["avvik"] += row.get("avvik") or 0
            if row.get("dager") is not None:
                c["dager"] = max(c.get("dager") or 0, row["dager"])
    order = sorted(
        per_case, key=lambda k: (-per_case[k]["avvik"], -(per_case[k].get("dager") or 0), k)
    )
    shown = order[:MAX_CASES]
    saker = Sak.objects.filter(visibility_filter(user)).filter(pk__in=shown).select_related("team")
    by_pk = {s.pk: s for s in saker}
    rows = [CaseRow(by_pk[k], **per_case[k]) for k in shown if k in by_pk]
    return rows, len(order)


# --- The export (KVAL-02: aggregates only) ----------------------------------------------------


def export_rows(units: list[Unit]) -> list[list[Any]]:
    """One row per unit, indicator and quarter: names of services and teams, counts and
    figures; never a person, a case or a date of birth."""
    out: list[list[Any]] = []
    for unit in units:
        s = summary(unit)
        if s.computed is None:
            continue
        for trend in s.trends:
            if not trend.available:
                continue
            for f in trend.figures:
                out.append(
                    [
                        unit.tjeneste.navn,
                        unit.team.navn if unit.team else "",
                        trend.indicator.key,
                        str(trend.indicator.title),
                        trend.indicator.rules,
                        f.quarter.key,
                        f.antall,
                        f.treff,
                        "" if f.value is None else round(f.value, 1),
                        "" if f.p90 is None else round(f.p90, 1),
                        s.computed.beregnet.isoformat(timespec="minutes"),
                    ]
                )
    return out
