"""The rules of an evaluation (EVAL-01 … EVAL-05).

The date rule (EVAL-01, EVAL-02) belongs to the plan and lives in :mod:`plans.schedule`; it is
named here too, so that everything about evaluations can be read from this module. The
contents of a completed evaluation (EVAL-03) and the rules of its completion (EVAL-02,
EVAL-03, EVAL-05) follow.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import RuleBreach
from core.rules import Rule
from core.rules import format_date as _d
from plans import selectors as plan_selectors
from plans.rules import BreachRule
from plans.schedule import (
    FIRST_EARLIEST,
    FIRST_LATEST,
    Schedule,
    anchor_of,
    default_interval,
    evaluation_limit,
    first_window_warning,
    latest_anchor_for,
    next_date_breaches,
    schedule,
)

__all__ = [
    "COMPLETE",
    "FIRST_EARLIEST",
    "FIRST_LATEST",
    "IN_FORCE",
    "REQUIRED_TEXT",
    "TRANSITION_RULES",
    "Schedule",
    "anchor_of",
    "completion_breaches",
    "completion_problems",
    "default_interval",
    "evaluation_limit",
    "first_window_warning",
    "latest_anchor_for",
    "next_date_breaches",
    "next_date_breaches_of",
    "schedule",
]


# --- EVAL-03: the contents of a completed evaluation -------------------------------------------


def completion_breaches(
    *,
    dato: date | None,
    today: date,
    text: dict[str, str],
    labels: dict[str, str],
    child_view: str,
    child_not_heard_reason: str,
    goals_without_progress: list[str],
    measures_without_conclusion: list[str],
) -> list[RuleBreach]:
    found: list[RuleBreach] = []
    if dato is None:
        found.append(RuleBreach("EVAL-03", _("Give the date of the evaluation."), "dato"))
    elif dato > today:
        found.append(RuleBreach("EVAL-03", _("The date cannot be in the future."), "dato"))
    for name, value in text.items():
        if not (value or "").strip():
            found.append(
                RuleBreach("EVAL-03", _("Fill in: %(what)s.") % {"what": labels[name]}, name)
            )
    if not child_view.strip() and not child_not_heard_reason.strip():
        found.append(
            RuleBreach(
                "EVAL-03",
                _("Record the child's own view of the change, or why it was not asked for."),
                "fra_barnet",
            )
        )
    for goal in goals_without_progress:
        found.append(
            RuleBreach("EVAL-03", _("Assess the progress on «%(goal)s».") % {"goal": goal}, None)
        )
    for measure in measures_without_conclusion:
        found.append(
            RuleBreach(
                "EVAL-03",
                _("Choose a conclusion for «%(measure)s».") % {"measure": measure},
                None,
            )
        )
    return found


# --- The rules of the actions (EVAL-02, EVAL-03, EVAL-05) ---------------------------------------

#: EVAL-03: what a completed evaluation records (the child's view is checked on its own).
REQUIRED_TEXT = ("fra_tjenesten", "fra_samarbeidspartnere", "fra_foreldre")


def next_date_breaches_of(evaluering) -> list[RuleBreach]:
    """EVAL-02: the next date counts from this evaluation, as if it were completed today."""
    plan = evaluering.plan
    if evaluering.neste_evaluering is None or evaluering.dato is None:
        return []
    return next_date_breaches(
        planned=evaluering.neste_evaluering,
        first_start=plan_selectors.first_start(plan.pk) or evaluering.dato,
        last_completed=evaluering.dato,
        months=plan.intervall,
    )


def completion_problems(evaluering, on: date | None = None) -> list[RuleBreach]:
    """EVAL-02, EVAL-03 and EVAL-05: what stops the evaluation from being completed on ``on``
    (today), each breach next to its field."""
    today = on or timezone.localdate()
    vurderinger = list(evaluering.maalvurderinger.select_related("maal"))
    konklusjoner = list(evaluering.konklusjoner.select_related("tiltak__type"))
    breaches = completion_breaches(
        dato=evaluering.dato,
        today=today,
        text={f: getattr(evaluering, f) for f in REQUIRED_TEXT},
        labels={f: str(type(evaluering)._meta.get_field(f).verbose_name) for f in REQUIRED_TEXT},
        child_view=evaluering.fra_barnet,
        child_not_heard_reason=evaluering.barnet_ikke_spurt_begrunnelse,
        goals_without_progress=[v.maal.beskrivelse for v in vurderinger if not v.fremgang],
        measures_without_conclusion=[k.tiltak.type.navn for k in konklusjoner if not k.konklusjon],
    )
    last = plan_selectors.last_completed(evaluering.plan_id)
    if evaluering.dato and last and evaluering.dato < last:
        breaches.append(
            RuleBreach(
                "EVAL-05",
                _("An evaluation was already completed later, on %(date)s.") % {"date": _d(last)},
                "dato",
            )
        )
    # EVAL-04: when every measure ends, there is no next evaluation to give.
    all_end = bool(konklusjoner) and all(
        k.konklusjon == k.Konklusjon.AVSLUTTE for k in konklusjoner
    )
    if evaluering.neste_evaluering is None and not all_end:
        breaches.append(
            RuleBreach("EVAL-02", _("Give the date of the next evaluation."), "neste_evaluering")
        )
    return breaches + next_date_breaches_of(evaluering)


#: EVAL-02, EVAL-03, EVAL-05: a complete evaluation is completed («G»).
COMPLETE = BreachRule(
    "EVAL-03",
    gettext_lazy(
        "The evaluation records every voice, the progress on each goal, a conclusion for each "
        "measure and the next date."
    ),
    completion_problems,
)

#: The rules each transition of the evaluation must meet: the model's ``conditions=`` and the
#: action table (:mod:`evaluations.actions`) read them from here.
TRANSITION_RULES: dict[str, tuple[Rule, ...]] = {"complete": (COMPLETE,)}

#: EVAL-03: an evaluation evaluates the approved plan in force (a rule of starting one, read
#: on the plan's summary, :class:`plans.selectors.PlanSummary`).
IN_FORCE = Rule(
    "EVAL-03",
    gettext_lazy("An evaluation evaluates an approved plan, and none is in force today."),
    lambda summary, on: [] if summary.in_force is not None else [""],
)
