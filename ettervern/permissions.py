"""Who may do what with ettervern (ROLE-01, ROLE-02): the case's team, while the case is
active; reading is whoever may see the case (:func:`cases.permissions.access_sak`)."""

from __future__ import annotations

from cases.permissions import can_edit_sak


def works_on_sak(sak, user) -> bool:
    return can_edit_sak(user, sak)


def works_on_decision(ettervern, user) -> bool:
    return can_edit_sak(user, ettervern.vedtak.sak)
