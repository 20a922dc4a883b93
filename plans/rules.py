"""The rules of the plan (PLAN-01 … PLAN-05): pure functions over dates and plain values, and
at the end the rules of the version's transitions, which read the version and its rows.

PLAN-04 is computed over date ranges. A period is a pair ``(start, end)`` of dates, both days
included; ``end=None`` means open-ended. A plan version is valid from its ``gyldig_fra`` to its
``gyldig_til``, and a later approved version replaces it from the later version's start, so
the periods in force (:func:`effective_periods`) never overlap, whatever was typed in. A
measure is covered on a day when an approved version in force that day names it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.rules import add_years
from core.exceptions import RuleBreach
from core.rules import Rule
from core.rules import format_date as _d

from . import registry, schedule

Period = tuple[date, date | None]
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class VersionPeriod:
    """An approved plan version as PLAN-04 sees it: its number, its declared validity and the
    ids of the measures it names."""

    nummer: int
    fra: date
    til: date | None
    tiltak_ids: frozenset[int]


def effective_periods(versions: Iterable[VersionPeriod]) -> dict[int, Period | None]:
    """The period each approved version is in force: from its start until its end or the day
    before a later-numbered version starts, whichever is earlier. ``None`` when a later version
    replaced it before it began."""
    ordered = sorted(versions, key=lambda v: v.nummer)
    result: dict[int, Period | None] = {}
    later_start: date | None = None
    for v in reversed(ordered):
        end = v.til
        if later_start is not None:
            cut = later_start - ONE_DAY
            end = cut if end is None else min(end, cut)
        result[v.nummer] = (v.fra, end) if end is None or end >= v.fra else None
        later_start = v.fra if later_start is None else min(later_start, v.fra)
    return result


def covering_periods(versions: Iterable[VersionPeriod], tiltak_id: int) -> list[Period]:
    """The periods in which an approved version in force names the measure."""
    versions = list(versions)
    periods = effective_periods(versions)
    return [
        p for v in versions if tiltak_id in v.tiltak_ids and (p := periods[v.nummer]) is not None
    ]


def _merge(periods: Iterable[Period]) -> list[Period]:
    """Overlapping and adjacent periods joined, ordered by start."""
    merged: list[Period] = []
    for start, end in sorted(periods, key=lambda p: p[0]):
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or start <= last_end + ONE_DAY:
                if last_end is not None and (end is None or end > last_end):
                    merged[-1] = (last_start, end)
                continue
        merged.append((start, end))
    return merged


def uncovered(period: tuple[date, date], covers: Iterable[Period]) -> list[tuple[date, date]]:
    """The parts of ``period`` (both ends included) that no period in ``covers`` covers.
    ``covers`` may overlap, touch, or come in any order."""
    start, end = period
    gaps: list[tuple[date, date]] = []
    cursor = start
    for c_start, c_end in _merge(covers):
        if cursor > end:
            break
        if c_end is not None and c_end < cursor:
            continue
        if c_start > cursor:
            gaps.append((cursor, min(end, c_start - ONE_DAY)))
        if c_end is None:
            cursor = end + ONE_DAY
            break
        cursor = max(cursor, c_end + ONE_DAY)
    if cursor <= end:
        gaps.append((cursor, end))
    return gaps


def describe_gaps(gaps: Sequence[tuple[date, date]]) -> str:
    return ", ".join(_d(a) if a == b else f"{_d(a)}–{_d(b)}" for a, b in gaps)


def coverage_window(fra_dato: date, til_dato: date | None, until: date) -> tuple[date, date]:
    """The days of a measure PLAN-04 asks about: from its start to its end, or to ``until``
    while it runs."""
    end = til_dato if til_dato is not None else max(until, fra_dato)
    return (fra_dato, end)


def plan04_breach(measure_name: str, gaps: Sequence[tuple[date, date]], field=None):
    return RuleBreach(
        "PLAN-04",
        _(
            "No approved tiltaksplan names «%(measure)s» on every day it runs: not covered "
            "%(days)s. Approve a plan version that names the measure first."
        )
        % {"measure": measure_name, "days": describe_gaps(gaps)},
        field,
    )


def start_breaches(
    *,
    measure_name: str,
    tiltak_id: int,
    fra_dato: date,
    today: date,
    versions: Iterable[VersionPeriod],
) -> list[RuleBreach]:
    """PLAN-04 at the start of a measure: every day from the start to today is covered by an
    approved version that names it."""
    gaps = uncovered(coverage_window(fra_dato, None, today), covering_periods(versions, tiltak_id))
    return [plan04_breach(measure_name, gaps, "fra_dato")] if gaps else []


@dataclass(frozen=True)
class RunningMeasure:
    tiltak_id: int
    name: str
    fra: date
    til: date | None


def approval_breaches(
    *,
    candidate: VersionPeriod,
    approved: Iterable[VersionPeriod],
    running: Iterable[RunningMeasure],
    today: date,
) -> list[RuleBreach]:
    """PLAN-04 at plan approval: with the candidate approved (and replacing older versions from
    its start), every started measure is covered from the candidate's start (or the measure's,
    if later) to its end, or to today or the candidate's start while it runs. Days before the
    candidate's start are not changed by the approval and do not block it."""
    versions = [*approved, candidate]
    found = []
    for m in running:
        window_end = m.til if m.til is not None else max(today, candidate.fra, m.fra)
        window_start = max(m.fra, candidate.fra)
        if window_start > window_end:
            continue
        gaps = uncovered((window_start, window_end), covering_periods(versions, m.tiltak_id))
        if gaps:
            found.append(plan04_breach(m.name, gaps, "tiltak"))
    return found


# --- PLAN-01 / PLAN-02: what a plan holds before it goes for approval ------------------------


def content_breaches(
    *,
    text: dict[str, str],
    labels: dict[str, str],
    tiltak: Sequence[tuple[str, date | None]],
    goals: Sequence[dict],
    activities: Sequence[dict],
    gyldig_fra: date | None,
    gyldig_til: date | None,
    neste_evaluering: date | None,
) -> list[RuleBreach]:
    """PLAN-01 (participation recorded) and PLAN-02 (contents) for a version going for
    approval. ``text`` maps the required text fields to their values, ``labels`` to their
    names; ``tiltak`` is (name, planned end) per named measure."""
    found: list[RuleBreach] = []
    for name, value in text.items():
        if not (value or "").strip():
            rule = "PLAN-01" if name.startswith("medvirkning") else "PLAN-02"
            found.append(RuleBreach(rule, _("Fill in: %(what)s.") % {"what": labels[name]}, name))
    if not tiltak:
        found.append(RuleBreach("PLAN-02", _("Choose the measures the plan covers."), "tiltak"))
    for name, end in tiltak:
        if end is None:
            found.append(
                RuleBreach(
                    "PLAN-02",
                    _("Give the time frame (planned end) of «%(measure)s».") % {"measure": name},
                    "tiltak",
                )
            )
    main_goals = [g for g in goals if not g.get("delmal")]
    if not main_goals:
        found.append(RuleBreach("PLAN-02", _("Write at least one goal."), None))
    for i, g in enumerate(goals, start=1):
        missing = [
            str(label)
            for key, label in (
                ("indikator", _("indicator")),
                ("niva_na", _("level now")),
                ("malniva", _("target level")),
                ("frist", _("deadline")),
            )
            if not g.get(key)
        ]
        if missing:
            found.append(
                RuleBreach(
                    "PLAN-02",
                    _("Goal %(n)s «%(goal)s» lacks: %(missing)s.")
                    % {"n": i, "goal": g.get("beskrivelse", ""), "missing": ", ".join(missing)},
                    None,
                )
            )
    if not activities:
        found.append(RuleBreach("PLAN-02", _("Write at least one activity."), None))
    for i, a in enumerate(activities, start=1):
        if not (a.get("hvor_ofte") and a.get("ansvarlig")):
            found.append(
                RuleBreach(
                    "PLAN-02",
                    _("Activity %(n)s «%(what)s» must say how often and who is responsible.")
                    % {"n": i, "what": a.get("hva", "")},
                    None,
                )
            )
    if gyldig_fra is None:
        found.append(RuleBreach("PLAN-02", _("Give the date the plan applies from."), "gyldig_fra"))
    if neste_evaluering is None:
        found.append(
            RuleBreach("PLAN-02", _("Give the date of the next evaluation."), "neste_evaluering")
        )
    found.extend(period_breaches(gyldig_fra, gyldig_til))
    return found


def period_breaches(gyldig_fra: date | None, gyldig_til: date | None) -> list[RuleBreach]:
    if gyldig_fra and gyldig_til and gyldig_til < gyldig_fra:
        return [
            RuleBreach(
                "PLAN-04",
                _("The plan cannot end before it begins."),
                "gyldig_til",
            )
        ]
    return []


# --- The rules of the version's transitions (PLAN-03) -------------------------------------------

#: The fields that must be filled in before a version goes for approval.
REQUIRED_TEXT = (
    "utfordringer",
    "ressurser",
    "behov",
    "barnets_onsker",
    "sikkerhetsplan",
    "medvirkning_barn",
    "medvirkning_foreldre",
)
GOAL_KEYS = ("beskrivelse", "indikator", "niva_na", "malniva", "frist", "barnets_ord")
ACTIVITY_KEYS = ("hva", "hvor", "hvor_ofte", "ansvarlig")


#: A rule whose problems are whole breaches (their own IDs and fields): core.rules.Rule
#: takes those as they are.
BreachRule = Rule


def next_date_breaches(versjon, tiltak_ids, field: str = "neste_evaluering") -> list[RuleBreach]:
    """EVAL-02 for a version naming ``tiltak_ids``: its next evaluation within the limit."""
    from . import selectors  # a cycle in the app: selectors imports these rules

    plan = versjon.plan
    return schedule.next_date_breaches(
        planned=versjon.neste_evaluering,
        first_start=selectors.first_start(plan.pk, tiltak_ids),
        last_completed=registry.last_completed(plan.pk),
        months=plan.intervall,
        field=field,
    )


def submission_breaches(versjon, on: date | None = None) -> list[RuleBreach]:
    """PLAN-01, PLAN-02 and EVAL-02: what stops the version from going for approval. The
    youth's own plan (ETT-04) asks nothing of how the parents took part."""
    named = list(versjon.plantiltak.select_related("tiltak__type"))
    required = [f for f in REQUIRED_TEXT if not (versjon.min_plan and f == "medvirkning_foreldre")]
    goals = [
        {"delmal": m.overordnet_id is not None, **{k: getattr(m, k) for k in GOAL_KEYS}}
        for m in versjon.maal.all()
    ]
    activities = [{k: getattr(a, k) for k in ACTIVITY_KEYS} for a in versjon.aktiviteter.all()]
    return content_breaches(
        text={f: getattr(versjon, f) for f in required},
        labels={f: str(type(versjon)._meta.get_field(f).verbose_name) for f in required},
        tiltak=[(pt.tiltak.type.navn, pt.planlagt_til) for pt in named],
        goals=goals,
        activities=activities,
        gyldig_fra=versjon.gyldig_fra,
        gyldig_til=versjon.gyldig_til,
        neste_evaluering=versjon.neste_evaluering,
    ) + next_date_breaches(versjon, [pt.tiltak_id for pt in named])


def coverage_breaches(versjon, on: date | None = None) -> list[RuleBreach]:
    """PLAN-04 and EVAL-02 as they stand if this version were approved on ``on`` (today)."""
    from . import selectors  # a cycle in the app: selectors imports these rules

    today = on or timezone.localdate()
    named = list(versjon.plantiltak.values_list("tiltak_id", flat=True))
    if versjon.gyldig_fra is None:
        return [RuleBreach("PLAN-02", _("Give the date the plan applies from."), "gyldig_fra")]
    candidate = selectors.period_of(versjon, named)
    approved = [
        v for v in selectors.approved_periods(versjon.plan_id) if v.nummer != versjon.nummer
    ]
    return approval_breaches(
        candidate=candidate,
        approved=approved,
        running=selectors.running_measures(versjon.plan.sak_id, today),
        today=today,
    ) + next_date_breaches(versjon, named)


#: PLAN-01, PLAN-02, EVAL-02: a version goes to a leader complete.
COMPLETE = BreachRule(
    "PLAN-02",
    gettext_lazy(
        "The plan holds what it must: participation, contents, goals, activities and dates."
    ),
    submission_breaches,
)
#: PLAN-04, EVAL-02: the approval leaves no running measure without a plan.
COVERS_RUNNING_MEASURES = BreachRule(
    "PLAN-04",
    gettext_lazy("Every running measure stays covered by an approved plan."),
    coverage_breaches,
)

# --- ETT-03 / ETT-04: the plan of a youth (18–25) -------------------------------------------

#: ETT-03: no measure runs on or after the 25th birthday (bvl § 3-6).
LAST_AGE = 25
#: ETT-04 (SAM-01 from 18): «min plan» is the plan of a youth of 18 or older.
ADULT_AGE = 18


def ett03_breaches(versjon, on: date | None = None) -> list[RuleBreach]:
    """ETT-03: the version applies, and each measure it names is planned, until the day before
    the youth's 25th birthday at the latest; on the birthday it is refused."""
    limit = add_years(versjon.plan.sak.barn.fodselsdato, LAST_AGE)
    found = []
    for field, day in (("gyldig_fra", versjon.gyldig_fra), ("gyldig_til", versjon.gyldig_til)):
        if day is not None and day >= limit:
            found.append(
                RuleBreach(
                    "ETT-03",
                    _(
                        "The plan runs to %(date)s, on or after the youth's 25th birthday "
                        "(%(limit)s): no measure runs from that day (ETT-03)."
                    )
                    % {"date": _d(day), "limit": _d(limit)},
                    field,
                )
            )
            break
    for pt in versjon.plantiltak.select_related("tiltak__type"):
        if pt.planlagt_til is not None and pt.planlagt_til >= limit:
            found.append(
                RuleBreach(
                    "ETT-03",
                    _(
                        "«%(measure)s» is planned until %(date)s, on or after the youth's 25th "
                        "birthday (%(limit)s): it must end the day before at the latest (ETT-03)."
                    )
                    % {
                        "measure": pt.tiltak.type.navn,
                        "date": _d(pt.planlagt_til),
                        "limit": _d(limit),
                    },
                    "tiltak",
                )
            )
    return found


def ett04_breaches(versjon, on: date | None = None) -> list[RuleBreach]:
    """ETT-04: a version marked «min plan» is the plan of a youth of 18 or older, holds the
    youth's own words, and relies on the youth's own consent only (SAM-01 from 18: the
    parents' is neither asked nor enough)."""
    if not versjon.min_plan:
        return []
    eighteen = add_years(versjon.plan.sak.barn.fodselsdato, ADULT_AGE)
    day = versjon.gyldig_fra or on or timezone.localdate()
    found = []
    if day < eighteen:
        found.append(
            RuleBreach(
                "ETT-04",
                _(
                    "«Min plan» is the plan of a youth of 18 or older; the youth turns 18 on "
                    "%(date)s (ETT-04)."
                )
                % {"date": _d(eighteen)},
                "min_plan",
            )
        )
    if not versjon.ungdommens_ord.strip():
        found.append(
            RuleBreach(
                "ETT-04",
                _("Write the plan in the youth's own words (ETT-04)."),
                "ungdommens_ord",
            )
        )
    consents = list(versjon.samtykker.select_related("part"))
    for s in consents:
        if not (s.gitt_av_barnet and s.gitt_dato >= eighteen):
            found.append(
                RuleBreach(
                    "ETT-04",
                    _(
                        "Only the youth's own consent is asked for «min plan»: take out the "
                        "consent of %(name)s (ETT-04, SAM-01)."
                    )
                    % {"name": s.part.fullt_navn if s.part_id else _("the child before 18")},
                    "samtykker",
                )
            )
    if not any(s.gitt_av_barnet and s.gitt_dato >= eighteen for s in consents):
        found.append(
            RuleBreach(
                "ETT-04",
                _("«Min plan» relies on the youth's own consent: choose it (ETT-04)."),
                "samtykker",
            )
        )
    return found


#: ETT-03: the plan ends before the youth's 25th birthday.
ETT_03 = BreachRule(
    "ETT-03",
    gettext_lazy("No measure runs on or after the youth's 25th birthday."),
    ett03_breaches,
)
#: ETT-04: «min plan» is the youth's own, with the youth's consent only.
ETT_04 = BreachRule(
    "ETT-04",
    gettext_lazy("«Min plan» is made with the youth, in the youth's words."),
    ett04_breaches,
)

#: The rules each transition of the version must meet: the model's ``conditions=`` and the
#: action table (:mod:`plans.actions`) read them from here.
TRANSITION_RULES: dict[str, tuple[Rule, ...]] = {
    "send_for_approval": (COMPLETE, ETT_03, ETT_04),
    "approve": (COVERS_RUNNING_MEASURES, ETT_03, ETT_04),
    "return_to_draft": (),
    "discard": (),
}
