"""Who may read and keep the programme bank (ROLE-01, ROLE-02, BANK-01).

Reading: everyone who works in the service's casework (caseworkers, team leaders, the head of
service, the clerical officers who keep the contractors): they choose programmes and
providers. Keeping it (adding, changing, taking out of use): the head of the service. The
system administrator holds no role in the service's work (issue 19) and sees none of it; the
bank holds no case data, but it names the service's trained staff.
"""

from __future__ import annotations

from accounts.models import CASE_ROLES, Rolle
from cases.permissions import heads_service_of


def services_read_by(user) -> set[int]:
    """The services whose programme bank the user reads."""
    if not user.is_authenticated:
        return set()
    return user.tjeneste_ids(*CASE_ROLES)


def services_kept_by(user) -> set[int]:
    """The services whose programme bank the user keeps: the head of service's."""
    if not user.is_authenticated:
        return set()
    return user.tjeneste_ids(Rolle.BARNEVERNLEDER)


def can_read(program, user) -> bool:
    return program.tjeneste_id in services_read_by(user)


def can_keep(program, user) -> bool:
    """BANK-01: the head of service keeps the programmes (``program`` a Program)."""
    return user.is_authenticated and heads_service_of(user, program.tjeneste_id)


def can_keep_service(tjeneste, user) -> bool:
    """The head of service adds programmes to the service's bank (``tjeneste`` a Tjeneste)."""
    return user.is_authenticated and heads_service_of(user, tjeneste.pk)
