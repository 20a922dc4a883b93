"""Who may do what with a decision (ROLE-01, ROLE-02, VED-04).

*Scoping* and *access* come from :mod:`cases.permissions` (a decision is seen through its
case). The *predicates* below are pure and answer for one decision and one user; the state
machine's ``permission=`` uses them, and so do the pages when they list the actions.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import User
from cases.permissions import access_sak, can_edit_sak, heads_service_of, leads_team
from core.models import AccessLogEntry
from core.rules import PersonRule


def works_on_case(vedtak, user: User) -> bool:
    """The case's team: its caseworkers and team leaders, while the case is active."""
    return can_edit_sak(user, vedtak.sak)


def leads_case_team(vedtak, user: User) -> bool:
    return leads_team(user, vedtak.sak.team_id)


def heads_case_service(vedtak, user: User) -> bool:
    return heads_service_of(user, vedtak.sak.tjeneste_id)


def is_author(vedtak, user: User) -> bool:
    return vedtak.opprettet_av_id == user.pk


# --- who may act: (instance, user), as django-fsm-2 calls a transition's permission= --------
# The role alone: the four-eyes rule (VED-04) is a rule about the person (FOUR_EYES below), so
# the author who leads the team sees «Release» disabled with VED-04 as the reason.


def works_on_sak(sak, user: User) -> bool:
    """The case's team, while the case is active: new decisions and consents (VED-01, SAM-01)."""
    return can_edit_sak(user, sak)


def works_on_measure(tiltak, user: User) -> bool:
    """A measure's draft (VED-02) and what happened to it (VED-11, SAM-03): the case's team."""
    return works_on_case(tiltak.vedtak, user)


def works_on_notice(notice, user: User) -> bool:
    """VED-06: the case's team records the parties' statements."""
    return works_on_case(notice.vedtak, user)


def works_on_consent(samtykke, user: User) -> bool:
    """SAM-03: the case's team records a withdrawal."""
    return works_on_sak(samtykke.sak, user)


#: VED-03: the case's team edits a draft (only a draft: the action's state, ``applies``).
can_edit = works_on_case
#: VED-06: the case's team sends advance notices (while the decision is open, ``applies``).
can_notify = works_on_case
can_send_to_guidance = works_on_case
can_approve_measures = leads_case_team  # VED-05, while guiding (the action's state)
can_release_for_approval = leads_case_team
can_approve = heads_case_service
#: The case's team sends the letters and records how each party got them (DOK-02).
can_send_out = works_on_case


def can_return_to_draft(vedtak, user: User) -> bool:
    if vedtak.status == vedtak.Status.TIL_VEILEDNING:
        return leads_case_team(vedtak, user)
    return heads_case_service(vedtak, user) or leads_case_team(vedtak, user)


def can_withdraw(vedtak, user: User) -> bool:
    return (
        is_author(vedtak, user) or leads_case_team(vedtak, user) or heads_case_service(vedtak, user)
    )


def can_comment(vedtak, user: User) -> bool:
    return works_on_case(vedtak, user) or heads_case_service(vedtak, user)


def _four_eyes(vedtak, user: User):
    if is_author(vedtak, user):
        return _("You wrote this decision: another leader must release and approve it.")
    return None


#: VED-04, explained: the author can neither release nor approve their own decision.
FOUR_EYES = PersonRule("VED-04", _four_eyes)


# --- access ---------------------------------------------------------------------------------


def access_vedtak(
    request: HttpRequest,
    sak_id: int,
    vedtak_id: int,
    *,
    queryset,
    action: str = AccessLogEntry.Action.VIEW,
    sak_queryset=None,
    check=None,
):
    """The decision of a case the user may see (ROLE-02), with the read logged (ROLE-03).

    ``queryset`` is what the page reads of the decision (``vedtak.selectors.vedtak_queryset``;
    this module sits below the models, whose transitions name its predicates).
    ``check(vedtak, user)`` is the page's own permission; when it fails the answer is 404 and,
    as nothing was shown, nothing is logged. The decision's ``sak`` is the case the access
    check read (from ``sak_queryset``): one instance of it per request, read once.
    """
    qs = queryset
    found: dict = {}

    def _check(user: User, sak) -> bool:
        vedtak = qs.filter(pk=vedtak_id, sak_id=sak.pk).first()
        if vedtak is None:
            return False
        vedtak.sak = sak
        found["vedtak"] = vedtak
        return check is None or check(vedtak, user)

    access_sak(request, sak_id, action=action, queryset=sak_queryset, check=_check)
    return found["vedtak"]
