"""Requests for access made through the real services (tests/test_need_to_know.py too)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from innsyn import services
from innsyn.models import Innsynskrav


def make_krav(actor, sak, *, days_ago: int = 1, **overrides) -> Innsynskrav:
    data = {
        "part_id": sak.parter.filter(aktiv=True).order_by("pk").first().pk,
        "mottatt": timezone.localdate() - timedelta(days=days_ago),
        "kanal": Innsynskrav.Kanal.POST,
        "hva": "Alle dokumentene i saken.",
    }
    data.update(overrides)
    return services.innsynskrav_register(actor=actor, sak_id=sak.pk, **data)


def need_to_know_kwargs(name: str, sak) -> dict:
    """An open request on the case (the list and registering need the case only)."""
    if name in {"innsyn:list", "innsyn:create"}:
        return {}
    krav = Innsynskrav.objects.filter(sak=sak, status="mottatt").first()
    krav = krav or make_krav(sak.saksbehandler, sak)
    return {"krav_id": krav.pk}
