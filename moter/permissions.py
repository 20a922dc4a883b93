"""Who may do what with the meetings of a case (ROLE-01, ROLE-02, MOTE-01).

Reading: whoever may see the case (:func:`cases.permissions.access_sak`, the ROLE-02 scope and
the ROLE-03 log). Planning, holding, cancelling and recording agreed actions: the case's team
while the case is active (:func:`cases.permissions.can_edit_sak`). The minutes are the
referent's: only they write and sign them (MOTE-01). An agreed action is marked done by the
one it was given to, or by the team.

The predicates take ``(obj, user)``: ``obj`` is a meeting, or the case when one is planned.
"""

from __future__ import annotations

from accounts.models import User
from cases.models import Sak
from cases.permissions import can_edit_sak


def can_plan_on(sak: Sak, user: User) -> bool:
    return can_edit_sak(user, sak)


def can_plan(mote, user: User) -> bool:
    """The case's team plans, changes and cancels the case's meetings."""
    return can_edit_sak(user, mote.sak)


can_hold = can_plan


def can_write_minutes(mote, user: User) -> bool:
    """MOTE-01: the referent writes the minutes, while they work on the case."""
    return mote.referent_id == user.pk and can_edit_sak(user, mote.sak)


#: MOTE-01/JOUR-02: the referent signs; the note is theirs.
can_sign = can_write_minutes


def can_complete_oppgave(oppgave, user: User) -> bool:
    """MOTE-04: the one given the action, or the case's team."""
    return oppgave.utfort is None and (
        oppgave.ansvarlig_id == user.pk or can_edit_sak(user, oppgave.mote.sak)
    )
