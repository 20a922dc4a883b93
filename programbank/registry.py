"""What the programme bank needs from the apps above it (docs/architecture.md).

- :data:`STAFF_LOAD`: each trained staff member's current load of running measures (BANK-04).
  ``provide(user_ids, on, found=…)`` gives ``{user_id: count}``; the decisions (``vedtak``),
  which own the measures, fill it.
- :data:`TRAINED_CONTRACTORS`: the contractors trained in the programmes, with their load.
  ``provide(programs, on, found=…)`` gives ``{program_id: [Provider, …]}``; the contractors'
  app, which owns the relation, fills it.

An app that is not installed contributes nothing: no load is shown, no contractor listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.registry import Registry

STAFF_LOAD = Registry("programme bank: staff load")
TRAINED_CONTRACTORS = Registry("programme bank: trained contractors")


@dataclass(frozen=True)
class Provider:
    """BANK-04: someone trained to give a programme, and how many running measures they give
    now (``None`` when no app counts them)."""

    kind: str  # "staff" or "contractor"
    id: int
    name: str
    load: int | None
    url: str = ""


def staff_load(user_ids: set[int], on: date) -> dict[int, int]:
    """The running measures each of ``user_ids`` gives on ``on``, summed over the apps."""
    total: dict[int, int] = {}
    if not user_ids:
        return total
    for part in STAFF_LOAD.collect(user_ids, on).values():
        for user_id, count in part.items():
            total[user_id] = total.get(user_id, 0) + count
    return total


def trained_contractors(programs: list, on: date) -> dict[int, list[Provider]]:
    """The contractors trained in each of ``programs``, from every app that knows them."""
    found: dict[int, list[Provider]] = {}
    if not programs:
        return found
    for part in TRAINED_CONTRACTORS.collect(programs, on).values():
        for program_id, providers in part.items():
            found.setdefault(program_id, []).extend(providers)
    return found
