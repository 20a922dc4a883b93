"""Reads of the reminders: the «Mine frister» page.

The same finders and the same :class:`reminders.finders.Scope` as the nightly digest, limited in
SQL to the cases the user may see (ROLE-02): one query per kind of deadline plus the user's
roles, whatever the number of cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from accounts.models import User
from cases.permissions import visibility_filter

from .finders import KINDS, Frist, Scope, due_items


@dataclass
class KindCount:
    id: str
    rule: str
    label: str
    antall: int


@dataclass
class MineFrister:
    items: list[Frist]
    counts: list[KindCount]
    overdue: int


def frister_for_user(user: User, today: date | None = None) -> list[Frist]:
    """The deadlines this person is reminded of, sorted by date, with the child's name."""
    today = today or timezone.localdate()
    scope = Scope.of_user(user)
    if not (scope.visible_team_ids or scope.headed_tjeneste_ids):
        return []
    items = due_items(today, case_filter=lambda p: visibility_filter(user, p), names=True)
    return [i for i in items if scope.wants(i)]


def mine_frister(user: User, today: date | None = None) -> MineFrister:
    today = today or timezone.localdate()
    items = frister_for_user(user, today)
    counts = [
        KindCount(k.id, k.rule, str(k.label), sum(1 for i in items if i.kind == k.id))
        for k in KINDS
    ]
    return MineFrister(
        items=items,
        counts=[c for c in counts if c.antall],
        overdue=sum(1 for i in items if i.overdue(today)),
    )
