"""Who may do what with a centre course (ROLE-01, ROLE-02).

Reading: whoever may see the case. Recording the course (the investigation, the centre's call,
the meetings, the reports, the measure): the case's team while the case is active
(:func:`cases.permissions.can_edit_sak`), as for the referral itself.
"""

from __future__ import annotations

from cases.permissions import can_edit_sak


def can_edit(forlop, user) -> bool:
    return can_edit_sak(user, forlop.sak)
