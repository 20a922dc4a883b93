"""Who sees and does what with contractors (ROLE-01, ROLE-02).

Contractors hold personal data: only the staff of their service see them (saksbehandler,
teamleder, barnevernleder and kontorfaglig of that service); everyone else gets 404. Their
assignments sit on children's cases, which stay under need-to-know: a case-scoped page goes
through :func:`cases.permissions.access_sak`, and the contractor pages show a case's details
only to those who may see the case.

- *Scoping*: :func:`oppdragstakere_visible_to`, :func:`oppdrag_visible_to`.
- *Access*: :func:`access_oppdragstaker`, :func:`access_oppdrag_in_service`.
- *Predicates*: pure functions of (instance, user), as django-fsm-2's ``permission=`` calls them
  and as the action tables of :mod:`contractors.actions` list them under ``may``.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Rolle, User
from cases.permissions import can_edit_sak
from core.exceptions import NotFound

#: The service roles that see the service's contractors.
STAFF_ROLES = (Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER, Rolle.BARNEVERNLEDER, Rolle.KONTORFAGLIG)
#: The roles that register, document and approve contractors (the caseworker's job, source 000).
MANAGER_ROLES = (Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def staff_tjeneste_ids(user: User) -> set[int]:
    """The services whose contractors the user sees."""
    return user.tjeneste_ids(*STAFF_ROLES) if _active(user) else set()


def manager_tjeneste_ids(user: User) -> set[int]:
    return user.tjeneste_ids(*MANAGER_ROLES) if _active(user) else set()


def clerical_tjeneste_ids(user: User) -> set[int]:
    return user.tjeneste_ids(Rolle.KONTORFAGLIG) if _active(user) else set()


# --- scoping ---------------------------------------------------------------------------------


def oppdragstakere_visible_to(user: User) -> QuerySet:
    from .models import Oppdragstaker  # a cycle in the app: the models import these predicates

    return Oppdragstaker.objects.filter(tjeneste_id__in=sorted(staff_tjeneste_ids(user)))


def oppdrag_visible_to(user: User) -> QuerySet:
    """Assignments of the user's service's contractors (their terms, not the case's content)."""
    from .models import Oppdrag  # a cycle in the app: the models import these predicates

    return Oppdrag.objects.filter(oppdragstaker__tjeneste_id__in=sorted(staff_tjeneste_ids(user)))


# --- access ----------------------------------------------------------------------------------


def access_oppdragstaker(user: User, oppdragstaker_id: int, *, queryset=None, check=None):
    """A contractor of the user's service, or :class:`NotFound` (404); ``check(oppdragstaker,
    user)`` is the page's own permission."""
    qs = queryset if queryset is not None else oppdragstakere_visible_to(user)
    try:
        oppdragstaker = qs.filter(tjeneste_id__in=sorted(staff_tjeneste_ids(user))).get(
            pk=oppdragstaker_id
        )
    except qs.model.DoesNotExist:
        raise NotFound from None
    if check is not None and not check(oppdragstaker, user):
        raise NotFound
    return oppdragstaker


def access_oppdrag_in_service(user: User, oppdrag_id: int, *, check, queryset=None):
    """An assignment of the user's service's contractors, for the clerical pages that show the
    agreement's terms but nothing of the case; :class:`NotFound` (404) unless
    ``check(oppdrag, user)``."""
    qs = queryset if queryset is not None else oppdrag_visible_to(user)
    try:
        oppdrag = qs.filter(oppdragstaker__tjeneste_id__in=sorted(staff_tjeneste_ids(user))).get(
            pk=oppdrag_id
        )
    except qs.model.DoesNotExist:
        raise NotFound from None
    if not check(oppdrag, user):
        raise NotFound
    return oppdrag


# --- predicates ------------------------------------------------------------------------------


def can_see_contractors(user: User) -> bool:
    return bool(staff_tjeneste_ids(user))


def can_create_contractor(user: User) -> bool:
    return bool(manager_tjeneste_ids(user))


def can_manage_contractor(oppdragstaker, user: User) -> bool:
    """Register, edit, document and approve: the service's caseworkers and team leaders."""
    return oppdragstaker.tjeneste_id in manager_tjeneste_ids(user)


def can_suspend_contractor(oppdragstaker, user: User) -> bool:
    """Suspend, resume and end: the caseworkers and team leaders, and the head of service."""
    return can_manage_contractor(oppdragstaker, user) or oppdragstaker.tjeneste_id in (
        user.tjeneste_ids(Rolle.BARNEVERNLEDER) if _active(user) else set()
    )


def can_see_worklist(user: User) -> bool:
    """The clerical officer's work list: the kontorfaglig, and the head of service."""
    return bool(worklist_tjeneste_ids(user))


def worklist_tjeneste_ids(user: User) -> set[int]:
    if not _active(user):
        return set()
    return user.tjeneste_ids(Rolle.KONTORFAGLIG, Rolle.BARNEVERNLEDER)


def _works_on_case(user: User, sak) -> bool:
    """The case's team (its caseworkers and team leaders) while the case is active."""
    return _active(user) and can_edit_sak(user, sak)


def can_assign(tiltak, user: User) -> bool:
    """OPP-04: the case's team writes the assignment agreement under the decision (the
    measure's ``vedtak.sak`` is read)."""
    return _works_on_case(user, tiltak.vedtak.sak)


def can_edit_oppdrag(oppdrag, user: User) -> bool:
    """Change, brief (OPP-06) and end an assignment: the case's team."""
    return _works_on_case(user, oppdrag.sak)


def can_register_contract(oppdrag, user: User) -> bool:
    """OPP-04: the kontorfaglig makes the work contract / pay notice."""
    return oppdrag.oppdragstaker.tjeneste_id in clerical_tjeneste_ids(user)


def can_register_submission(oppdrag, user: User) -> bool:
    """OPP-05: timesheets and reports are registered by the kontorfaglig or the case's team."""
    return can_register_contract(oppdrag, user) or _works_on_case(user, oppdrag.sak)


def sees_case_reference(user: User, tjeneste_id: int) -> bool:
    """The clerical officer needs the case number for the contract and pay, not the child."""
    return tjeneste_id in worklist_tjeneste_ids(user)
