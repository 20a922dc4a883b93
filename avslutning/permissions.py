"""Who closes a case and who reopens it (AVS-01, AVS-02).

The case's team proposes the closing of an active case; the team leader of the case's team
approves it, returns it, and reopens a closed case (AVS-02)."""

from __future__ import annotations

from cases.models import Sak
from cases.permissions import can_edit_sak, leads_team


def may_propose(sak: Sak, user) -> bool:
    """AVS-01: the case's team proposes closing an active case."""
    return can_edit_sak(user, sak)


def may_approve(avslutning, user) -> bool:
    """AVS-01: the team leader of the case's team approves the closing (an active case)."""
    sak = avslutning.sak
    return sak.status == Sak.Status.AKTIV and leads_team(user, sak.team_id)


def may_reopen(avslutning, user) -> bool:
    """AVS-02: a team leader of the case's team reopens a closed case."""
    return leads_team(user, avslutning.sak.team_id)
