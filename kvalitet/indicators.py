"""The quality indicators of KVAL-01, each computed from the records (KVAL-02) as SQL.

Each indicator gives one or more *sources*: querysets whose rows are the events behind the
figure, each annotated with the case (``sak_ref``), its team (``team_ref``) and service
(``tjeneste_ref``), the index of the quarter it falls in (``kv``, :class:`periods.Window`), and

- ``ok`` for a share (e.g. an evaluation done by its EVAL-01 limit),
- ``dager`` for the days from decision to start (median and 90th percentile),
- ``dager`` and ``avvik`` for PLAN-04: a measure's days in the quarter and those of them no
  approved plan in force names.

The nightly summary (:mod:`kvalitet.services`) groups the same querysets by team and quarter,
and the drill-down lists the cases behind one figure from them, under need-to-know: one
definition for the figure and for its cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate
from django.utils.translation import gettext_lazy as _

from cases.models import Part, Sak
from evaluations.models import Evaluering
from henvisning.models import Henvisning
from plans.models import PlanTiltak, Planversjon
from plans.schedule import default_interval
from vedtak.models import Samtykke, Tiltak, Vedtak

from .periods import Window
from .sql import EPOCH, AddMonths, DayNo, QuarterIndex, day_number

APPROVED = (Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT)
#: A day number later than any real date: an open end.
OPEN_END = day_number(date(9999, 12, 31))


class Kind:
    SHARE = "andel"  # treff of antall, in per cent
    DAYS = "dager"  # PLAN-04: days without a plan (treff) of measure days (antall)
    MEDIAN = "median"  # days from decision to start: median and 90th percentile


@dataclass(frozen=True)
class Source:
    queryset: QuerySet
    #: The path from the row to its case, for need-to-know (``cases.permissions``).
    sak_path: str


@dataclass(frozen=True)
class Indicator:
    key: str
    title: Any
    rules: str
    kind: str
    #: What the figure counts, in a sentence (the page and the export).
    explanation: Any
    #: True when a higher share (or fewer days) is better.
    higher_is_better: bool
    sources: Callable[[Window], list[Source]]
    #: False while the records it is computed from are not in the product yet.
    available: Callable[[], bool] = lambda: True


# --- Shared pieces ------------------------------------------------------------------------------


def quarter_of(field: str, window: Window) -> QuarterIndex:
    """The index of the window's quarter the day number ``field`` falls in; the queryset keeps
    the rows of the window with ``.filter(h__range=window.day_range())``."""
    first = window.quarters[0]
    return QuarterIndex(F(field), first.year * 4 + first.q)


ONE_DAY = timedelta(days=1)


def window_day(day: int) -> date:
    """A day number as a date (for a filter on a date column, which an index can serve)."""
    return EPOCH + timedelta(days=day)


def first_start(sak_ref: str) -> Subquery:
    """EVAL-01: the first start of a measure of the case's approved decisions (the clock's
    first anchor)."""
    return Subquery(
        Tiltak.objects.filter(
            vedtak__sak_id=OuterRef(sak_ref),
            vedtak__status__in=APPROVED,
            fra_dato__isnull=False,
        )
        .exclude(vedtak__type=Vedtak.Type.AVSLUTNING)
        .order_by()
        .values("vedtak__sak_id")
        .annotate(first=Min("fra_dato"))
        .values("first")[:1]
    )


def _case(prefix: str) -> dict[str, Any]:
    return {
        "sak_ref": F(f"{prefix}sak_id"),
        "team_ref": F(f"{prefix}sak__team_id"),
        "tjeneste_ref": F(f"{prefix}sak__tjeneste_id"),
    }


def _flag(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


# --- EVAL-01/02: evaluations on time -------------------------------------------------------------


def completed_evaluations() -> QuerySet[Evaluering]:
    return Evaluering.objects.filter(status=Evaluering.Status.GJENNOMFORT, dato__isnull=False)


def evaluations_on_time(window: Window) -> list[Source]:
    """Each completed evaluation counts in the quarter of its date, on time when done by the
    EVAL-01 limit (the interval from the previous completed evaluation, or from the first
    start); and each case whose limit passed with no evaluation counts, late, in the quarter
    of that limit."""
    previous = (
        completed_evaluations()
        .filter(plan_id=OuterRef("plan_id"), dato__lt=OuterRef("dato"))
        .order_by("-dato")
        .values("dato")[:1]
    )
    done = (
        completed_evaluations()
        .filter(dato__range=(window.start, window.end))
        .annotate(**_case("plan__"), fs=first_start("plan__sak_id"), prev=Subquery(previous))
        .filter(fs__isnull=False)
        .annotate(
            anchor=Greatest(Coalesce("prev", "fs"), "fs"),
            months=Coalesce(F("plan__intervall_maneder"), Value(default_interval())),
            limit=AddMonths("anchor", "months"),
            h=DayNo("dato"),
            kv=quarter_of("h", window),
            ok=_flag(Q(h__lte=F("limit"))),
        )
        .filter(h__range=window.day_range())
    )
    last = (
        completed_evaluations()
        .filter(plan__sak_id=OuterRef("pk"))
        .order_by("-dato")
        .values("dato")[:1]
    )
    missed = (
        Sak.objects.annotate(
            sak_ref=F("pk"),
            team_ref=F("team_id"),
            tjeneste_ref=F("tjeneste_id"),
            fs=first_start("pk"),
            last=Subquery(last),
        )
        .filter(fs__isnull=False)
        .annotate(
            anchor=Greatest(Coalesce("last", "fs"), "fs"),
            months=Coalesce(F("tiltaksplan__intervall_maneder"), Value(default_interval())),
            h=AddMonths("anchor", "months"),
        )
        .filter(h__lt=day_number(window.today))
        .filter(Exists(_running_on("h")))
        .annotate(kv=quarter_of("h", window), ok=Value(False, output_field=BooleanField()))
        .filter(h__range=window.day_range())
    )
    return [Source(done, "plan__sak__"), Source(missed, "")]


# --- PLAN-04: measure days without an active plan -------------------------------------------------


def measure_days_without_plan(window: Window) -> list[Source]:
    """For each quarter, each running measure's days in it (to today) and those of them that
    no approved plan version in force names. A version is in force from its start to its end
    or the day before a later-numbered approved version starts (:func:`plans.rules.
    effective_periods`), so the periods in force never overlap and their days add up."""
    sources = []
    for i, first, last in window.bounds():
        later = (
            Planversjon.objects.filter(
                plan_id=OuterRef("versjon__plan_id"),
                status=Planversjon.Status.GODKJENT,
                nummer__gt=OuterRef("versjon__nummer"),
            )
            .order_by("gyldig_fra")
            .values("gyldig_fra")[:1]
        )
        covered = (
            PlanTiltak.objects.filter(
                tiltak_id=OuterRef("pk"), versjon__status=Planversjon.Status.GODKJENT
            )
            .annotate(
                vf=DayNo("versjon__gyldig_fra"),
                vt=Coalesce(DayNo("versjon__gyldig_til"), Value(OPEN_END)),
                replaced=Coalesce(DayNo(Subquery(later)) - 1, Value(OPEN_END)),
                ca=Greatest("vf", OuterRef("a"), output_field=IntegerField()),
                cb=Least("vt", "replaced", OuterRef("b"), output_field=IntegerField()),
            )
            .filter(ca__lte=F("cb"))
            .annotate(days=F("cb") - F("ca") + 1)
            .order_by()
            .values("tiltak_id")
            .annotate(total=Coalesce(Sum("days"), Value(0)))
            .values("total")[:1]
        )
        qs = (
            Tiltak.objects.filter(vedtak__status__in=APPROVED, fra_dato__lte=window_day(last))
            .filter(Q(til_dato__isnull=True) | Q(til_dato__gte=window_day(first)))
            .exclude(vedtak__type=Vedtak.Type.AVSLUTNING)
            .annotate(
                **_case("vedtak__"),
                f=DayNo("fra_dato"),
                t=Coalesce(DayNo("til_dato"), Value(OPEN_END)),
                a=Greatest("f", Value(first)),
                b=Least("t", Value(last)),
            )
            .filter(a__lte=F("b"))
            .annotate(
                kv=Value(i, output_field=IntegerField()),
                dager=F("b") - F("a") + 1,
                dekket=Coalesce(Subquery(covered), Value(0)),
                avvik=F("dager") - F("dekket"),
                ok=_flag(Q(avvik__lte=0)),
            )
        )
        sources.append(Source(qs, "vedtak__sak__"))
    return sources


# --- Source 004: the first evaluation in weeks 4–6 ------------------------------------------------


def first_evaluation_in_window(window: Window) -> list[Source]:
    """Each case with a started measure once: in the quarter of its first completed
    evaluation, or of the day its 6-week window closed with none; met when the first
    evaluation came 28–42 days after the first start (EVAL-01, source 004: «første evaluering
    uke 4–6»)."""
    first_done = (
        completed_evaluations()
        .filter(plan__sak_id=OuterRef("pk"), dato__gte=OuterRef("fs"))
        .order_by("dato")
        .values("dato")[:1]
    )
    qs = (
        Sak.objects.annotate(
            sak_ref=F("pk"),
            team_ref=F("team_id"),
            tjeneste_ref=F("tjeneste_id"),
            fs=first_start("pk"),
        )
        .filter(fs__isnull=False)
        .annotate(fsn=DayNo("fs"), first=DayNo(Subquery(first_done)))
        .annotate(
            h=Least(Coalesce("first", F("fsn") + 42), F("fsn") + 42),
            ok=_flag(Q(first__gte=F("fsn") + 28, first__lte=F("fsn") + 42)),
        )
        .annotate(kv=quarter_of("h", window))
        .filter(h__range=window.day_range())
    )
    return [Source(qs, "")]


# --- Days from decision to start ------------------------------------------------------------------


def started_measures(window: Window) -> QuerySet[Tiltak]:
    """The measures started in the window (the date filter an index can use)."""
    return (
        Tiltak.objects.filter(
            vedtak__status__in=APPROVED,
            fra_dato__range=(window.start, window.end),
            vedtak__godkjent__isnull=False,
        )
        .exclude(vedtak__type=Vedtak.Type.AVSLUTNING)
        .annotate(**_case("vedtak__"), h=DayNo("fra_dato"))
    )


def days_to_start(window: Window) -> list[Source]:
    """Each measure that started in the quarter: the days from the decision's approval (VED-03,
    the head of service signs) to its start (VED-11)."""
    qs = (
        started_measures(window)
        .annotate(kv=quarter_of("h", window), dager=F("h") - DayNo(TruncDate("vedtak__godkjent")))
        .filter(h__range=window.day_range())
    )
    return [Source(qs, "vedtak__sak__")]


# --- SAM-01: consents in place before start -------------------------------------------------------


def _valid_on(day) -> Q:
    return (
        Q(formal_type=Samtykke.Formal.TILTAK, gitt_dato__lte=day)
        & (Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=day))
        & (Q(trukket_dato__isnull=True) | Q(trukket_dato__gt=day))
    )


def consents_before_start(window: Window) -> list[Source]:
    """Each voluntary measure (not a pålegg) that started in the quarter: met when, on its
    start day, the consents SAM-01 asks were given and in force – from everyone with daily care
    and, for a measure directed at a child who is a party, from the child; from the 18th
    birthday the youth's own."""
    consent = Samtykke.objects.filter(_valid_on(OuterRef("fra_dato")), tiltak=OuterRef("pk"))
    parent_missing = Part.objects.filter(
        sak_id=OuterRef("vedtak__sak_id"), aktiv=True, daglig_omsorg=True
    ).exclude(
        Exists(
            Samtykke.objects.filter(
                _valid_on(OuterRef(OuterRef("fra_dato"))),
                part_id=OuterRef("pk"),
                tiltak=OuterRef(OuterRef("pk")),
            )
        )
    )
    qs = (
        started_measures(window)
        .filter(vedtak__palegg=False)
        .annotate(
            kv=quarter_of("h", window),
            adult_from=AddMonths("vedtak__sak__barn__fodselsdato", Value(18 * 12)),
            party_from=AddMonths("vedtak__sak__barn__fodselsdato", Value(15 * 12)),
            granted=DayNo("vedtak__sak__barn_partsstatus_innvilget"),
            any_consent=Exists(consent),
            child_consent=Exists(consent.filter(gitt_av_barnet=True)),
            parent_missing=Exists(parent_missing),
        )
        .filter(h__range=window.day_range())
        .annotate(
            adult=_flag(Q(adult_from__lte=F("h"))),
            child_party=_flag(Q(party_from__lte=F("h")) | Q(granted__lte=F("h"))),
        )
        .annotate(
            ok=_flag(
                (Q(adult=True) & Q(child_consent=True))
                | (
                    Q(adult=False, any_consent=True, parent_missing=False)
                    & (Q(rettet_mot_barnet=False) | Q(child_party=False) | Q(child_consent=True))
                )
            )
        )
    )
    return [Source(qs, "vedtak__sak__")]


# --- EVAL-03: the child's own view ----------------------------------------------------------------


def child_view_recorded(window: Window) -> list[Source]:
    """Each completed evaluation in the quarter: met when the child's own view of the change
    is written down (EVAL-03), not only why it was not asked for."""
    qs = (
        completed_evaluations()
        .filter(dato__range=(window.start, window.end))
        .annotate(**_case("plan__"), h=DayNo("dato"))
        .annotate(kv=quarter_of("h", window), ok=_flag(~Q(fra_barnet="")))
        .filter(h__range=window.day_range())
    )
    return [Source(qs, "plan__sak__")]


# --- HENV-02, source 001: referral answers within their time ----------------------------------


def referral_answers_on_time(window: Window) -> list[Source]:
    """Each sent referral with an expected answer date: counted in the quarter its answer came,
    or the day after the expected date passed with none; met when answered by that date."""
    qs = (
        Henvisning.objects.filter(sendt__isnull=False, svarfrist__isnull=False)
        .filter(
            Q(svar_dato__range=(window.start, window.end))
            | Q(svarfrist__range=(window.start - ONE_DAY, window.end - ONE_DAY))
        )
        .annotate(
            **_case(""),
            due=DayNo("svarfrist"),
            answered=DayNo("svar_dato"),
        )
        .annotate(
            h=Least(Coalesce("answered", F("due") + 1), F("due") + 1),
            ok=_flag(Q(answered__lte=F("due"))),
        )
        .annotate(kv=quarter_of("h", window))
        .filter(h__range=window.day_range())
    )
    return [Source(qs, "sak__")]


# --- ETT-01: the ettervern dialogue by 17½ --------------------------------------------------------


def _ettervern_model():
    """The record of the ettervern dialogue (ETT-01): the ettervern app's, read through the app
    registry so that the indicator says «not available yet» while the app has none."""
    try:
        return apps.get_model("ettervern", "Ettervernsamtale")
    except LookupError:
        return None


def _running_on(day_ref: str) -> QuerySet[Tiltak]:
    """The case's (``OuterRef("pk")``) measures running on the day number ``day_ref``."""
    return (
        Tiltak.objects.filter(
            vedtak__sak_id=OuterRef("pk"), vedtak__status__in=APPROVED, fra_dato__isnull=False
        )
        .exclude(vedtak__type=Vedtak.Type.AVSLUTNING)
        .annotate(f=DayNo("fra_dato"), t=Coalesce(DayNo("til_dato"), Value(OPEN_END)))
        .filter(f__lte=OuterRef(day_ref), t__gte=OuterRef(day_ref))
    )


def ettervern_dialogue(window: Window) -> list[Source]:
    """Each child with a measure running on the day they turned 17½, in the quarter of that
    day: met when the dialogue about ettervern (ETT-01) was recorded on or before it."""
    model = _ettervern_model()
    if model is None:
        return []
    dialogue = (
        model.objects.filter(sak_id=OuterRef("pk"))
        .annotate(dn=DayNo("dato"))
        .filter(dn__lte=OuterRef("h"))
    )
    qs = (
        Sak.objects.annotate(
            sak_ref=F("pk"),
            team_ref=F("team_id"),
            tjeneste_ref=F("tjeneste_id"),
            h=AddMonths("barn__fodselsdato", Value(17 * 12 + 6)),
        )
        .annotate(kv=quarter_of("h", window))
        .filter(h__range=window.day_range())
        .filter(Exists(_running_on("h")))
        .annotate(ok=Exists(dialogue))
    )
    return [Source(qs, "")]


# --- The list ---------------------------------------------------------------------------------


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "evaluering_i_tide",
        _("Evaluations on time"),
        "EVAL-01/02",
        Kind.SHARE,
        _(
            "Completed evaluations done within the interval from the previous one (or from the "
            "first start), and cases whose limit passed with a measure running and no "
            "evaluation, counted as late."
        ),
        True,
        evaluations_on_time,
    ),
    Indicator(
        "dager_uten_plan",
        _("Measure days without an active plan"),
        "PLAN-04",
        Kind.DAYS,
        _("Days a measure ran in the quarter that no approved plan in force named."),
        False,
        measure_days_without_plan,
    ),
    Indicator(
        "forste_evaluering",
        _("First evaluation in weeks 4–6"),
        "EVAL-01",
        Kind.SHARE,
        _(
            "Cases whose first evaluation came 4–6 weeks after the first measure started "
            "(source 004), counted when it came or when the six weeks passed."
        ),
        True,
        first_evaluation_in_window,
    ),
    Indicator(
        "dager_til_start",
        _("Days from decision to start"),
        "VED-11",
        Kind.MEDIAN,
        _("Measures started in the quarter: days from the approved decision to the start."),
        False,
        days_to_start,
    ),
    Indicator(
        "samtykke_for_start",
        _("Consents in place before start"),
        "SAM-01",
        Kind.SHARE,
        _(
            "Voluntary measures started in the quarter with the consents SAM-01 asks given "
            "and in force on the start day."
        ),
        True,
        consents_before_start,
    ),
    Indicator(
        "barnets_stemme",
        _("Evaluations with the child's own view"),
        "EVAL-03",
        Kind.SHARE,
        _("Completed evaluations that record the child's own view of the change."),
        True,
        child_view_recorded,
    ),
    Indicator(
        "henvisning_svar",
        _("Referral answers within their time"),
        "HENV-02",
        Kind.SHARE,
        _(
            "Sent referrals answered by the expected date (source 001), counted when answered "
            "or when the date passed with no answer."
        ),
        True,
        referral_answers_on_time,
    ),
    Indicator(
        "ettervern_dialog",
        _("Ettervern dialogue by 17½"),
        "ETT-01",
        Kind.SHARE,
        _(
            "Youths with a running measure who turned 17½ in the quarter and had the dialogue "
            "about ettervern recorded by then."
        ),
        True,
        ettervern_dialogue,
        available=lambda: _ettervern_model() is not None,
    ),
)

BY_KEY = {i.key: i for i in INDICATORS}
