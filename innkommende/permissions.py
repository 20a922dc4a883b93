"""Who may do what with incoming documents (ROLE-01, ROLE-02, INN-01).

Reading – the list, a document's page, its file – is for whoever may see the case
(:func:`cases.permissions.access_sak`: 404 otherwise, the read logged, ROLE-03). Receiving a
document and withdrawing one registered by mistake is for the case's team while the case is
active (:func:`cases.permissions.can_edit_sak`). A contractor's report (OPP-05) is received by
whoever the contractors app lets register it.
"""

from __future__ import annotations

from accounts.models import User
from cases.models import Sak
from cases.permissions import can_edit_sak


def can_receive(sak: Sak, user: User) -> bool:
    return can_edit_sak(user, sak)


def can_withdraw(dokument, user: User) -> bool:
    return can_edit_sak(user, dokument.sak)
