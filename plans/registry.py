"""What the plan learns from the apps above it, filled in their ``AppConfig.ready()``.

plans and evaluations depend one way (issue 18): evaluations reads plans, never the reverse.
The plan still needs to know about its evaluations – the EVAL-01 clock runs from the last
completed one, and the plan page lists them and offers to start one – so the evaluations app
tells the plan here, in ``EvaluationsConfig.ready()``:

- :func:`register_last_completed`: the date of a plan's last completed evaluation, as a value
  and as a subquery (so the plan summary stays one query);
- :func:`register_section`: a part of the plan page, a template and a function that gives
  its context.

Without an app registered, a plan has no completed evaluation and its page no such part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import DateField, Expression, Value

_last_completed: dict[str, Callable] = {}


def register_last_completed(
    value: Callable[[int], date | None], expression: Callable[[str], Expression]
) -> None:
    """``value(plan_id)`` is the date of the plan's last completed evaluation (or ``None``);
    ``expression(outer_ref)`` the same as a subquery on the plan id named ``outer_ref``."""
    _last_completed["value"] = value
    _last_completed["expression"] = expression


def last_completed(plan_id: int | None) -> date | None:
    """EVAL-01: the day the plan's last completed evaluation was held."""
    if plan_id is None or "value" not in _last_completed:
        return None
    return _last_completed["value"](plan_id)


def last_completed_expression(outer_ref: str = "plan_id") -> Expression:
    """:func:`last_completed` as an annotation over the plan id ``outer_ref``."""
    if "expression" not in _last_completed:
        return Value(None, output_field=DateField())
    return _last_completed["expression"](outer_ref)


@dataclass(frozen=True)
class PlanSection:
    """A part of the plan page: ``template`` rendered with ``context(request, summary)``
    (:class:`plans.selectors.PlanSummary`, whose ``sak`` and ``plan`` are set)."""

    template: str
    context: Callable[[Any, Any], dict]


_sections: list[PlanSection] = []


def register_section(template: str, context: Callable[[Any, Any], dict]) -> None:
    if not any(s.template == template for s in _sections):
        _sections.append(PlanSection(template, context))


def sections(request, summary) -> list[tuple[str, dict]]:
    """The registered parts of the plan page, each as (template, context)."""
    return [(s.template, s.context(request, summary)) for s in _sections]
