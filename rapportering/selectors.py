"""The page «Rapportering» (RAPP-03): the latest extract of each of the user's services, its
controls by severity, each finding with the record to fix, under need-to-know (ROLE-02)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse

from accounts.models import Tjeneste
from cases.permissions import visibility_filter
from core.exceptions import NotFound
from vedtak.models import Tiltak

from . import permissions
from .actions import MACHINE
from .controls import SEVERITIES
from .models import Kontrollfunn, Uttrekk

#: The findings listed of each severity (the page says how many more there are).
SHOWN = 200


@dataclass
class Gruppe:
    grad: str
    antall: int
    funn: list[Kontrollfunn] = field(default_factory=list)


@dataclass
class Tjenesteside:
    tjeneste: Tjeneste
    siste: Uttrekk | None
    frigitt: Uttrekk | None
    grupper: list[Gruppe]
    offers: list
    may_download: bool


def _links(funn: list[Kontrollfunn]) -> None:
    """Each finding's ``url``: the case, the decision, the plan or the measure type."""
    tiltak = {
        r["pk"]: r["vedtak_id"]
        for r in Tiltak.objects.filter(
            pk__in=[f.objekt_id for f in funn if f.objekt == "tiltak"]
        ).values("pk", "vedtak_id")
    }
    for f in funn:
        f.url = ""
        if f.objekt == "tiltak" and f.objekt_id in tiltak:
            f.url = reverse("vedtak:detail", args=[f.sak_id, tiltak[f.objekt_id]])
        elif f.objekt == "vedtak":
            f.url = reverse("vedtak:detail", args=[f.sak_id, f.objekt_id])
        elif f.objekt == "plan":
            f.url = reverse("plans:detail", args=[f.sak_id])
        elif f.sak_id:
            f.url = reverse("cases:detail", args=[f.sak_id])
        elif f.objekt == "tiltakstype":
            f.url = reverse("admin:vedtak_tiltakstype_change", args=[f.objekt_id])


def page(user) -> list[Tjenesteside]:
    ids = permissions.tjenester_for_page(user)
    if not ids:
        raise NotFound
    out = []
    seen = Q(sak__isnull=True) | Q(visibility_filter(user, "sak__"))
    for tjeneste in Tjeneste.objects.filter(pk__in=ids).order_by("navn"):
        siste = Uttrekk.objects.filter(tjeneste=tjeneste).first()
        frigitt = (
            Uttrekk.objects.filter(
                tjeneste=tjeneste, status__in=[Uttrekk.Status.FRIGITT, Uttrekk.Status.SENDT]
            )
            .order_by("-frigitt", "-pk")
            .first()
        )
        grupper = []
        if siste is not None:
            for grad in SEVERITIES:
                rows = siste.funn.filter(seen, alvorlighetsgrad=grad).select_related("sak")
                antall = rows.count()
                if antall:
                    grupper.append(Gruppe(grad, antall, list(rows[:SHOWN])))
            _links([f for g in grupper for f in g.funn])
        out.append(
            Tjenesteside(
                tjeneste=tjeneste,
                siste=siste,
                frigitt=frigitt,
                grupper=grupper,
                offers=MACHINE.offers(siste, user) if siste is not None else [],
                may_download=frigitt is not None and permissions.can_download(frigitt, user),
            )
        )
    return out


def uttrekk_for(user, uttrekk_id: int) -> Uttrekk:
    uttrekk = Uttrekk.objects.filter(
        pk=uttrekk_id, tjeneste_id__in=permissions.tjenester_for_page(user)
    ).first()
    if uttrekk is None:
        raise NotFound
    return uttrekk
