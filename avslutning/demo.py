"""The demo's closed case (AVS-01, AVS-02, RUT-01): one of the measures team's cases with
nothing in the way but the closing checklist has it ticked, the closing proposed by its
caseworker and approved by the team leader, so the demo shows a closed, read-only case (the
case list's «Avsluttet» filter) and its reopening."""

from __future__ import annotations

import logging

from cases.models import Sak
from cases.permissions import leads_team
from rutiner.defaults import AVSLUTNING
from rutiner.services import sak_sjekkliste_start, sjekkpunkt_tick

from . import services
from .actions import SAK

logger = logging.getLogger(__name__)


def load_closing_demo(*, users: dict, saker: list[Sak]) -> int:
    """Close one case (the last of ``saker`` that only lacks its checklist); 0 when none
    fits."""
    for candidate in reversed(saker):
        sak = Sak.objects.select_related("saksbehandler").get(pk=candidate.pk)
        worker = sak.saksbehandler
        offer = SAK.offer(sak, worker, "propose")
        if offer is None or {b.rule_id for b in offer.blocked} - {"RUT-01"}:
            continue
        leader = next((u for u in users.values() if leads_team(u, sak.team_id)), None)
        if leader is None:
            continue
        started = sak_sjekkliste_start(actor=worker, sak_id=sak.pk, kode=AVSLUTNING)
        for punkt in started.punkter.all():
            sjekkpunkt_tick(actor=worker, sak_id=sak.pk, punkt_id=punkt.pk, ticked=True)
        avslutning = services.avslutning_propose(
            actor=worker,
            sak_id=sak.pk,
            oppsummering="Tiltakene har virket, og familien klarer seg nå uten hjelp fra "
            "barnevernstjenesten. Barnet og foreldrene er informert.",
        )
        services.avslutning_approve(actor=leader, sak_id=sak.pk, avslutning_id=avslutning.pk)
        logger.info("demo.closing sak_id=%s", sak.pk)
        return 1
    return 0
