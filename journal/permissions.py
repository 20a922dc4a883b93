"""Who may do what with the case journal (ROLE-01, ROLE-02, JOUR-02).

Reading: whoever may see the case (:func:`cases.permissions.access_sak`, ROLE-02 scope and the
ROLE-03 log). Writing: the case's team while the case is active, as it keeps the case
(:func:`cases.permissions.can_edit_sak`). A draft is its author's until signed (JOUR-02): only
the author edits and signs it. A signed note is corrected by a new note, by anyone of the team.

The predicates take ``(obj, user)``: ``obj`` is a note, or the case when a note is written;
the model's ``@transition(permission=…)`` and the tables of :mod:`journal.actions` name them.
"""

from __future__ import annotations

from accounts.models import User
from cases.models import Sak
from cases.permissions import can_edit_sak


def can_write(sak: Sak, user: User) -> bool:
    """The case's team writes notes in its journal while the case is active."""
    return can_edit_sak(user, sak)


def is_author(notat, user: User) -> bool:
    return notat.forfatter_id == user.pk


def can_edit(notat, user: User) -> bool:
    """JOUR-02: a draft is its author's, while the author still works on the case."""
    return is_author(notat, user) and can_edit_sak(user, notat.sak)


#: JOUR-02: the author signs the note.
can_sign = can_edit


def can_correct(notat, user: User) -> bool:
    """JOUR-02: a signed note is corrected by a new note, by whoever writes in the journal."""
    return can_edit_sak(user, notat.sak)
