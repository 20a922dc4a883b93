"""Set-up for the closing tests: a case with nothing in the way but what a test adds."""

from __future__ import annotations

from avslutning import services
from avslutning.actions import SAK
from avslutning.models import Avslutning
from cases.models import Sak
from rutiner import services as rutiner_services
from rutiner.defaults import AVSLUTNING
from tests.factories import make_sak


def case(world) -> Sak:
    """Team A's case for a new child, without an investigation (no deadline of its own)."""
    return make_sak(world.saksbehandler, world.team_a)


def complete_checklist(world, sak: Sak) -> None:
    started = rutiner_services.sak_sjekkliste_start(
        actor=world.saksbehandler, sak_id=sak.pk, kode=AVSLUTNING
    )
    for punkt in started.punkter.all():
        rutiner_services.sjekkpunkt_tick(
            actor=world.saksbehandler, sak_id=sak.pk, punkt_id=punkt.pk, ticked=True
        )


def blocked(world, sak: Sak) -> list[str]:
    """What the closing page lists as standing in the way (AVS-01), each with its rule ID."""
    sak = Sak.objects.get(pk=sak.pk)
    offer = SAK.offer(sak, world.saksbehandler, "propose")
    assert offer is not None
    return [str(b) for b in offer.blocked]


def propose(world, sak: Sak) -> Avslutning:
    return services.avslutning_propose(
        actor=world.saksbehandler, sak_id=sak.pk, oppsummering="Tiltakene har virket."
    )


def close(world, sak: Sak) -> Avslutning:
    """Proposed and approved: the case is closed."""
    avslutning = propose(world, sak)
    return services.avslutning_approve(
        actor=world.teamleder, sak_id=sak.pk, avslutning_id=avslutning.pk
    )
