"""Who may see the reporting page, release and send an extract (RAPP-03, RAPP-04).

The page is for the head of service (barnevernleder) and the team leaders of the service; the
findings each shows are those of the cases the user may see (ROLE-02) and those that name no
case (the service's own data). The extract holds every child of the service: only the head of
service releases, sends or downloads it.
"""

from __future__ import annotations

from accounts.models import Rolle, User


def tjenester_for_page(user: User) -> set[int]:
    """The services whose reporting the user may see."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return user.tjeneste_ids(Rolle.BARNEVERNLEDER, Rolle.TEAMLEDER)


def heads_service(user: User, tjeneste_id: int) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and tjeneste_id in user.tjeneste_ids(Rolle.BARNEVERNLEDER)
    )


def can_release(uttrekk, user: User) -> bool:
    return heads_service(user, uttrekk.tjeneste_id)


def can_send(uttrekk, user: User) -> bool:
    return heads_service(user, uttrekk.tjeneste_id)


def can_download(uttrekk, user: User) -> bool:
    return heads_service(user, uttrekk.tjeneste_id)
