"""Who may do what with a plan and its evaluations (ROLE-01, ROLE-02, PLAN-01, PLAN-03).

Scoping and access come from :mod:`cases.permissions`: a plan is seen through its case, and a
case the user may not see answers 404. The predicates below are pure and answer for one case
and one user; the services enforce them and the pages use them to show the actions.
"""

from __future__ import annotations

from accounts.models import Rolle, User
from cases.models import Sak
from cases.permissions import heads_service_of, leads_team


def can_edit_plan(user: User, sak: Sak) -> bool:
    """PLAN-01: the case's team (its caseworkers and team leaders) writes the plan and the
    evaluations; the caseworker responsible for the case owns them."""
    return sak.status == Sak.Status.AKTIV and sak.team_id in user.team_ids(
        Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER
    )


def can_approve_plan(user: User, sak: Sak) -> bool:
    """PLAN-03: a leader approves the plan – the team leader of the case's team or the head
    of service."""
    return sak.status == Sak.Status.AKTIV and (
        leads_team(user, sak.team_id) or heads_service_of(user, sak.tjeneste_id)
    )


def can_approve_interval(user: User, sak: Sak) -> bool:
    """EVAL-01: a longer evaluation interval for one plan needs a leader's approval."""
    return can_approve_plan(user, sak)
