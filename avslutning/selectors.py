"""Reads of a case's closings (the case is opened by the view, ROLE-02)."""

from __future__ import annotations

from cases.models import Sak

from .models import Avslutning


def closings_of(sak: Sak) -> list[Avslutning]:
    """The case's closings, newest first, with who proposed, approved and reopened them."""
    found = list(
        Avslutning.objects.filter(sak=sak).select_related(
            "foreslatt_av", "godkjent_av", "gjenapnet_av"
        )
    )
    for avslutning in found:
        avslutning.sak = sak
    return found


def closing_of_page(sak: Sak, avslutning_id: int) -> Avslutning | None:
    avslutning = Avslutning.objects.filter(sak=sak, pk=avslutning_id).first()
    if avslutning is not None:
        avslutning.sak = sak
    return avslutning
