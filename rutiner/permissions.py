"""Who keeps and who uses the service's checklists and routines (RUT-01, RUT-02)."""

from __future__ import annotations

from accounts.models import Rolle, User
from cases.models import Sak
from cases.permissions import can_edit_sak, heads_service_of


def keeps_routines(user: User, tjeneste_id: int) -> bool:
    """RUT-01/02: the head of service keeps the service's checklists and routine table."""
    return heads_service_of(user, tjeneste_id)


def reads_routines(user: User, tjeneste_id: int) -> bool:
    """RUT-02: everybody who works in the service reads its routine table."""
    return tjeneste_id in user.tjeneste_ids(*Rolle.values)


def can_tick(user: User, sak: Sak) -> bool:
    """RUT-01: the case's team starts its checklists and ticks their items (an active case)."""
    return can_edit_sak(user, sak)


def may_tick(sak: Sak, user: User) -> bool:
    return can_tick(user, sak)
