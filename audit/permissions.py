"""Who may decide a break-the-glass request over the limit (ROLE-04): predicates ``(grant, user)``.

More than :data:`audit.services.NODTILGANG_PER_DOGN` grants to one user in 24 hours wait for a
leader: a team leader of a team the requester works in, or the head of the case's service
(the requester's own service: break-the-glass never leaves it). Never the requester.
"""

from __future__ import annotations

from accounts.models import Rolle, User

#: The roles a requester works in a team with (their team leaders decide).
TEAM_ROLES = (Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER)


def requester_team_ids(grant) -> set[int]:
    return grant.user.team_ids(*TEAM_ROLES)


def may_decide(grant, user: User) -> bool:
    """ROLE-04: a leader of the requester's team, or the head of the case's service."""
    if not user.is_authenticated or user.pk == grant.user_id:
        return False
    if grant.sak.tjeneste_id in user.tjeneste_ids(Rolle.BARNEVERNLEDER):
        return True
    return bool(requester_team_ids(grant) & user.team_ids(Rolle.TEAMLEDER))
