"""Who may do what with a plan and its evaluations (ROLE-01, ROLE-02, PLAN-01, PLAN-03, EVAL-01).

Scoping and access come from :mod:`cases.permissions`: a plan is seen through its case, and a
case the user may not see answers 404. The predicates below are pure and take
``(obj, user)``, as django-fsm calls a transition's ``permission=``: ``obj`` is anything of a
case's plan with a ``sak`` – a plan version, an evaluation, or the plan's summary
(:class:`plans.selectors.PlanSummary`). The state machine's ``permission=`` names them, and so
do the tables of :mod:`plans.actions` and :mod:`evaluations.actions`; they say who holds the
role, and the state and the rules are the tables' business.
"""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import Rolle, User
from cases.models import Sak
from cases.permissions import access_sak, heads_service_of, leads_team
from core.models import AccessLogEntry


def works_on_case(obj, user: User) -> bool:
    """PLAN-01: the case's team (its caseworkers and team leaders) writes the plan and the
    evaluations while the case is active; the caseworker responsible for the case owns them."""
    sak = obj.sak
    return sak.status == Sak.Status.AKTIV and sak.team_id in user.team_ids(
        Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER
    )


def leads_case(obj, user: User) -> bool:
    """PLAN-03: a leader of the case – the team leader of the case's team or the head of
    service – while the case is active."""
    sak = obj.sak
    return sak.status == Sak.Status.AKTIV and (
        leads_team(user, sak.team_id) or heads_service_of(user, sak.tjeneste_id)
    )


# --- who may act: (instance, user) ------------------------------------------------------------

can_create_plan = works_on_case
can_make_version = works_on_case
can_edit = works_on_case
can_send_for_approval = works_on_case
can_discard = works_on_case
#: DOK-02: the case's team registers how each party got the approved plan.
can_send_out = works_on_case
can_approve = leads_case
can_return_to_draft = leads_case
#: EVAL-01: a longer evaluation interval for one plan needs a leader's approval.
can_set_interval = leads_case


# --- access ---------------------------------------------------------------------------------


def access_versjon(
    request: HttpRequest,
    sak_id: int,
    versjon_id: int,
    *,
    queryset,
    sak_queryset=None,
    check=None,
):
    """The plan version of a case the user may see (ROLE-02), with the read logged (ROLE-03).

    ``check(versjon, user)`` is the page's own permission; when it fails the answer is 404 and,
    as nothing was shown, nothing is logged. The version's case is the one the access check
    read: one instance per request."""
    found: dict = {}

    def _check(user: User, sak) -> bool:
        versjon = queryset.filter(pk=versjon_id, plan__sak_id=sak.pk).first()
        if versjon is None:
            return False
        versjon.plan.sak = sak
        found["versjon"] = versjon
        return check is None or check(versjon, user)

    access_sak(
        request,
        sak_id,
        action=AccessLogEntry.Action.VIEW,
        queryset=sak_queryset,
        check=_check,
    )
    return found["versjon"]
