"""Who may do what with a complaint (ROLE-01, ROLE-02, KLAGE-02).

Reading: whoever may see the case. Registering, assessing and recording the outcome: the case's
team while the case is active. Handling the complaint – changing the decision or sending it to
the statsforvalteren – is done like a decision (KLAGE-02): the team's leader or the head of the
service.
"""

from __future__ import annotations

from cases.permissions import can_edit_sak, heads_service_of, leads_team


def can_register_on(sak, user) -> bool:
    return can_edit_sak(user, sak)


def can_assess(klage, user) -> bool:
    return can_edit_sak(user, klage.sak)


def can_handle(klage, user) -> bool:
    return klage.sak.status == klage.sak.Status.AKTIV and (
        leads_team(user, klage.sak.team_id) or heads_service_of(user, klage.sak.tjeneste_id)
    )
