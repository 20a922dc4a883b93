"""Who may do what with requests for access (ROLE-01, ROLE-02, INNSYN-01).

Reading – the case's requests, a request's page – is for whoever may see the case
(:func:`cases.permissions.access_sak`: 404 otherwise, the read logged, ROLE-03). Registering a
request, going through the documents and answering is for the case's team while the case is
active (:func:`cases.permissions.can_edit_sak`).
"""

from __future__ import annotations

from accounts.models import User
from cases.models import Sak
from cases.permissions import can_edit_sak


def can_register(sak: Sak, user: User) -> bool:
    return can_edit_sak(user, sak)


def can_handle(krav, user: User) -> bool:
    return can_edit_sak(user, krav.sak)
