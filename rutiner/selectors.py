"""Reads of the checklists and the routine table (RUT-01, RUT-02)."""

from __future__ import annotations

from django.db.models import Prefetch

from accounts.models import Rolle, Tjeneste, User
from cases.models import Sak

from .models import Rutine, SakSjekkliste, Sjekkliste, Sjekkpunkt


def service_of(user: User) -> Tjeneste | None:
    """The service whose routines the user reads (the first, for one in two services)."""
    ids = sorted(user.tjeneste_ids(*Rolle.values))
    return Tjeneste.objects.filter(pk__in=ids[:1]).first() if ids else None


def checklists_of(tjeneste_id: int) -> list[Sjekkliste]:
    return list(Sjekkliste.objects.filter(tjeneste_id=tjeneste_id))


def routines_of(tjeneste_id: int, nokkel: str | None = None) -> list[Rutine]:
    qs = Rutine.objects.filter(tjeneste_id=tjeneste_id, aktiv=True)
    if nokkel is not None:
        qs = qs.filter(nokkel=nokkel)
    return list(qs)


def all_routines_of(tjeneste_id: int) -> list[Rutine]:
    return list(Rutine.objects.filter(tjeneste_id=tjeneste_id))


def _punkter() -> Prefetch:
    return Prefetch(
        "punkter", queryset=Sjekkpunkt.objects.select_related("avkrysset_av").order_by("nr")
    )


def case_checklists(sak: Sak) -> list[SakSjekkliste]:
    """The case's started checklists with their items (two queries)."""
    return list(SakSjekkliste.objects.filter(sak=sak).prefetch_related(_punkter()))


def case_checklist(sak: Sak, sjekkliste_id: int) -> SakSjekkliste | None:
    return (
        SakSjekkliste.objects.filter(sak=sak, pk=sjekkliste_id)
        .prefetch_related(_punkter())
        .select_related("startet_av")
        .first()
    )


def startable(sak: Sak) -> list[Sjekkliste]:
    """The service's checklists in use that the case has not started."""
    started = SakSjekkliste.objects.filter(sak=sak).values("kode")
    return list(
        Sjekkliste.objects.filter(tjeneste_id=sak.tjeneste_id, aktiv=True).exclude(kode__in=started)
    )
