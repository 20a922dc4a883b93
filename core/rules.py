"""The one ``Rule`` type: a rule of docs/rules.md as an object the code can ask.

A :class:`Rule` looks at a record (a decision, a contractor, a plan version …) on a day and
lists what is missing; a :class:`PersonRule` looks at the record and the person about to act
(the four-eyes rule VED-04). The state machines' ``conditions=``, the action kernel
(:mod:`core.actions`) and the pages' "why is this disabled?" all ask the same objects, so the
buttons and the enforcement never disagree (STYLE.md §2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.utils import timezone
from django.utils.functional import Promise

from .dates import format_dato
from .exceptions import RuleBreach

MUST = "must"
SHOULD = "should"


@dataclass(frozen=True)
class Rule:
    """A rule about a record: ``problems(obj, on)`` lists what is missing on day ``on``.

    A problem is a sentence (shown after the rule's summary, under the rule's ID), or a whole
    :class:`RuleBreach` when the check files it under its own ID or next to a form field
    (PLAN-01 on how the child took part). ``strength`` is the rulebook's: a *must* rule
    blocks, a *should* rule warns and lets the user go on with a recorded reason."""

    id: str
    summary: str | Promise
    problems: Callable[[Any, date], list[str | Promise | RuleBreach]]
    strength: Literal["must", "should"] = MUST

    def unmet(self, obj: Any, on: date | None = None) -> list[RuleBreach]:
        found = self.problems(obj, on or timezone.localdate())
        return [
            p if isinstance(p, RuleBreach) else RuleBreach(self.id, f"{self.summary} {p}".strip())
            for p in found
        ]

    def is_met(self, obj: Any, on: date | None = None) -> bool:
        return not self.problems(obj, on or timezone.localdate())


@dataclass(frozen=True)
class PersonRule:
    """A rule about who acts: ``problem(obj, user)`` is the message when ``user`` may hold the
    role but not act on this record (VED-04: not on a decision they wrote), else ``None``."""

    id: str
    problem: Callable[[Any, Any], str | Promise | None]

    def unmet(self, obj: Any, user: Any) -> list[RuleBreach]:
        message = self.problem(obj, user)
        return [] if message is None else [RuleBreach(self.id, message, None)]


def unmet(rules: Iterable[Rule], obj: Any, on: date | None = None) -> list[RuleBreach]:
    """Every breach of ``rules`` by ``obj`` on ``on`` (today by default), in order."""
    return [b for rule in rules for b in rule.unmet(obj, on)]


def conditions(rules: Iterable[Rule]) -> list[Callable[[Any], bool]]:
    """``rules`` as django-fsm ``conditions=`` (each called with the instance alone)."""
    return [rule.is_met for rule in rules]


def format_date(value: date) -> str:
    """A date as the rule messages and letters write it, in prose: «4. desember 2026»
    (core.dates, the pages' own ``dato:"long"``)."""
    return format_dato(value, "long")
