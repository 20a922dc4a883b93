"""Extension points other apps register into from their ``AppConfig.ready()``.

- ``tiltak_start_guards``: called before a measure is registered as started (VED-11); each
  returns the rule breaches that block the start, e.g. PLAN-04 (no plan covers the measure) or
  OPP-02 (the contractor is not approved). Signature ``(tiltak, fra_dato) -> list[RuleBreach]``.
- ``tiltak_end_guards``: the same before a measure is ended by an approved end-vedtak.
- ``plan_exists``: answers VED-09 (a tiltaksplan exists for the case). Signature
  ``(vedtak) -> bool``; without a registered answer the warning always shows. The app may give
  the same answer as an SQL expression too (``expression() -> Exists`` over the vedtak's
  ``sak_id``): a queryset that annotates it (:func:`plan_exists_annotation`, the vedtak page)
  answers VED-09 without a query of its own.
- ``transition_guards``: rules an app above adds to a transition of the decision, by the
  transition's name (ETT-02: an ettervern decision is made at 18, a declined offer records the
  youth's reason). Signature ``(vedtak, on) -> list[RuleBreach]``, each breach under its own
  rule ID; :data:`vedtak.rules.TRANSITION_RULES` asks them through one rule per transition.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from core.exceptions import RuleBreach

Guard = Callable[[Any, date], list[RuleBreach]]

tiltak_start_guards: list[Guard] = []
tiltak_end_guards: list[Guard] = []
transition_guards: dict[str, list[Guard]] = {}
_plan_exists: list[Callable[[Any], bool]] = []
_plan_exists_expression: list[Callable[[], Any]] = []
#: The attribute :func:`plan_exists_annotation` puts on each vedtak.
PLAN_EXISTS_ATTR = "_plan_exists"


def register_start_guard(guard: Guard) -> Guard:
    if guard not in tiltak_start_guards:
        tiltak_start_guards.append(guard)
    return guard


def register_end_guard(guard: Guard) -> Guard:
    if guard not in tiltak_end_guards:
        tiltak_end_guards.append(guard)
    return guard


def register_transition_guard(transition: str, guard: Guard) -> Guard:
    guards = transition_guards.setdefault(transition, [])
    if guard not in guards:
        guards.append(guard)
    return guard


def transition_breaches(transition: str, vedtak, on: date) -> list[RuleBreach]:
    return [b for guard in transition_guards.get(transition, ()) for b in guard(vedtak, on)]


def register_plan_exists(
    check: Callable[[Any], bool], *, expression: Callable[[], Any] | None = None
) -> None:
    _plan_exists[:] = [check]
    _plan_exists_expression[:] = [expression] if expression is not None else []


def plan_exists_annotation() -> dict[str, Any]:
    """Keyword arguments for ``Vedtak.objects.annotate()``: VED-09's answer read with the
    vedtak (nothing when no app gave an expression)."""
    if not _plan_exists_expression:
        return {}
    return {PLAN_EXISTS_ATTR: _plan_exists_expression[0]()}


def plan_exists(vedtak) -> bool:
    known = getattr(vedtak, PLAN_EXISTS_ATTR, None)
    if known is not None:
        return known
    return bool(_plan_exists) and _plan_exists[0](vedtak)


def start_breaches(tiltak, fra_dato: date) -> list[RuleBreach]:
    return [b for guard in tiltak_start_guards for b in guard(tiltak, fra_dato)]


def end_breaches(tiltak, til_dato: date) -> list[RuleBreach]:
    return [b for guard in tiltak_end_guards for b in guard(tiltak, til_dato)]
