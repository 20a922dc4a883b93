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
from core.exceptions import RuleBreach
from core.models import AccessLogEntry


def works_on_case(user: User, vedtak) -> bool:
    """The case's team: its caseworkers and team leaders, while the case is active."""
    return can_edit_sak(user, vedtak.sak)


def leads_case_team(user: User, vedtak) -> bool:
    return leads_team(user, vedtak.sak.team_id)


def heads_case_service(user: User, vedtak) -> bool:
    return heads_service_of(user, vedtak.sak.tjeneste_id)


def is_author(user: User, vedtak) -> bool:
    return vedtak.opprettet_av_id == user.pk


# --- the transitions' permissions: (instance, user) as django-fsm-2 calls them -------------


def can_edit(vedtak, user: User) -> bool:
    return vedtak.er_redigerbar and works_on_case(user, vedtak)


def can_notify(vedtak, user: User) -> bool:
    """VED-06: the case's team sends advance notices and records the parties' statements
    until the decision is approved or withdrawn."""
    return vedtak.status in ("utkast", "til_veiledning", "klar_for_godkjenning") and (
        works_on_case(user, vedtak)
    )


def can_manage_tiltak(vedtak, user: User) -> bool:
    """VED-11: the case's team records when the measures of an approved decision start or
    lapse."""
    return vedtak.er_godkjent and works_on_case(user, vedtak)


def can_send_to_guidance(vedtak, user: User) -> bool:
    return works_on_case(user, vedtak)


def can_approve_measures(vedtak, user: User) -> bool:
    """VED-05: the team leader approves the proposed measures while guiding."""
    return vedtak.status == "til_veiledning" and leads_case_team(user, vedtak)


def can_release_for_approval(vedtak, user: User) -> bool:
    """VED-04: the team leader who releases is not the author."""
    return leads_case_team(user, vedtak) and not is_author(user, vedtak)


def can_return_to_draft(vedtak, user: User) -> bool:
    if vedtak.status == "til_veiledning":
        return leads_case_team(user, vedtak)
    return heads_case_service(user, vedtak) or leads_case_team(user, vedtak)


def can_approve(vedtak, user: User) -> bool:
    """VED-04: the head of service who signs is not the author."""
    return heads_case_service(user, vedtak) and not is_author(user, vedtak)


def can_send_out(vedtak, user: User) -> bool:
    """The case's team sends the letters and records how each party got them (DOK-02)."""
    return works_on_case(user, vedtak)


def can_withdraw(vedtak, user: User) -> bool:
    return (
        is_author(user, vedtak) or leads_case_team(user, vedtak) or heads_case_service(user, vedtak)
    )


def can_comment(vedtak, user: User) -> bool:
    return works_on_case(user, vedtak) or heads_case_service(user, vedtak)


#: The role behind each transition, without the four-eyes rule: it decides whether the
#: page shows the action at all (disabled, with VED-04 as the reason, for the author).
ROLE_FOR: dict[str, callable] = {
    "send_to_guidance": works_on_case,
    "release_for_approval": leads_case_team,
    "return_to_draft": lambda u, v: can_return_to_draft(v, u),
    "approve": heads_case_service,
    "send_out": lambda u, v: can_send_out(v, u),
    "withdraw": lambda u, v: can_withdraw(v, u),
}


def four_eyes_breach(vedtak, user: User, transition: str) -> RuleBreach | None:
    """VED-04, explained: the author can neither release nor approve their own decision."""
    if transition in ("release_for_approval", "approve") and is_author(user, vedtak):
        return RuleBreach(
            "VED-04",
            _("You wrote this decision: another leader must release and approve it."),
        )
    return None


# --- access ---------------------------------------------------------------------------------


def access_vedtak(
    request: HttpRequest,
    sak_id: int,
    vedtak_id: int,
    *,
    action: str = AccessLogEntry.Action.VIEW,
    queryset=None,
    sak_queryset=None,
    check=None,
):
    """The decision of a case the user may see (ROLE-02), with the read logged (ROLE-03).

    ``check(vedtak, user)`` is the page's own permission; when it fails the answer is 404 and,
    as nothing was shown, nothing is logged. The decision's ``sak`` is the case the access
    check read (from ``sak_queryset``): one instance of it per request, read once.
    """
    from .models import Vedtak

    qs = queryset if queryset is not None else Vedtak.objects.all()
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
