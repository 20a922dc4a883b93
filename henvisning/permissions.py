"""Who may do what with a referral (ROLE-01, ROLE-02, HENV-01 … HENV-03).

Reading: whoever may see the case. Writing, sending and recording the answer: the case's team
while the case is active (:func:`cases.permissions.can_edit_sak`). Approving a referral when
the service's setting asks for it: the team's leader or the head of the service. Keeping the
list of receivers: the head of the service (and the team leaders of that service).
"""

from __future__ import annotations

from accounts.models import Rolle
from cases.permissions import can_edit_sak, heads_service_of, leads_team


def can_write_on(sak, user) -> bool:
    return can_edit_sak(user, sak)


def can_edit(henvisning, user) -> bool:
    return can_edit_sak(user, henvisning.sak)


def can_approve(henvisning, user) -> bool:
    sak = henvisning.sak
    return sak.status == sak.Status.AKTIV and (
        leads_team(user, sak.team_id) or heads_service_of(user, sak.tjeneste_id)
    )


def keeps_receivers_of(user, tjeneste_id: int) -> bool:
    """The head of the service keeps its list of receivers and its referral setting."""
    return heads_service_of(user, tjeneste_id)


def sees_overview_of(user) -> set[int]:
    """The services whose referral overview the user sees: team leaders and heads."""
    return user.tjeneste_ids(Rolle.TEAMLEDER, Rolle.BARNEVERNLEDER)
