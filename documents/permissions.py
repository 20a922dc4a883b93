"""Who may do what with a case's documents.

Need-to-know (ROLE-02) is ``cases.permissions``: a case is fetched through
``access_sak``/``get_visible_sak_for_update`` (404 otherwise) before anything here is asked.
Whoever may see a case may order and read its documents; the owning app's service decides
when a document is due (e.g. only an approved vedtak gets its letter).
"""

from __future__ import annotations

from accounts.models import Rolle, User
from cases.models import Sak
from cases.permissions import can_edit_sak, heads_service_of


def can_register_dispatch(user: User, sak: Sak) -> bool:
    """DOK-02: the case's team (caseworkers and team leaders) registers who got a document."""
    return can_edit_sak(user, sak)


def can_retry_dokument(user: User, sak: Sak) -> bool:
    """DOK-01: a letter that could not be made is ordered again by those who order the case's
    letters: its team (caseworkers and team leaders) and its head of service (who approves
    decisions), also on a closed case, whose last letters must still be made."""
    return sak.team_id in user.team_ids(Rolle.SAKSBEHANDLER, Rolle.TEAMLEDER) or heads_service_of(
        user, sak.tjeneste_id
    )


# --- The same, as the documents' action table asks them: (dokument, user) ---------------------
# A document of no case (CASELESS_TYPES) is its owning app's to act on, never these actions'.


def may_register_dispatch(dokument, user: User) -> bool:
    return dokument.sak_id is not None and can_register_dispatch(user, dokument.sak)


def may_retry(dokument, user: User) -> bool:
    return dokument.sak_id is not None and can_retry_dokument(user, dokument.sak)
