"""Reads of incoming documents, each in a fixed number of queries.

The caller has opened the case through :func:`cases.permissions.access_sak` (ROLE-02: 404
otherwise; ROLE-03: the read logged): everything here is scoped to that one case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Window
from django.urls import reverse

from accounts.models import User
from cases.models import Sak
from core.actions import Offer
from evaluations.models import Evaluering
from evaluations.registry import Entry
from journal.registry import Hit
from moter.models import Mote
from vedtak.models import Tiltak, Vedtak

from .actions import INNKOMMENDE
from .models import InnkommendeDokument

#: How many documents the case page shows.
PANEL_SIZE = 5


def _base() -> QuerySet[InnkommendeDokument]:
    return InnkommendeDokument.objects.select_related(
        "registrert_av", "tiltak__type", "evaluering", "mote"
    )


def innkommende_for(sak: Sak) -> list[InnkommendeDokument]:
    """INN-01: the case's incoming documents, the newest received first (one query)."""
    rows = list(_base().filter(sak_id=sak.pk))
    for row in rows:
        row.sak = sak
    return rows


def dokument_in_sak(sak: Sak, dokument_id: int) -> InnkommendeDokument | None:
    dokument = _base().filter(sak_id=sak.pk, pk=dokument_id).first()
    if dokument is not None:
        dokument.sak = sak
    return dokument


def measures_of(sak: Sak) -> QuerySet[Tiltak]:
    """The case's granted measures a document may concern (VED-11)."""
    return (
        Tiltak.objects.filter(
            vedtak__sak=sak,
            vedtak__status__in=(Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT),
        )
        .select_related("type")
        .order_by("vedtak_id", "rekkefolge", "pk")
    )


def evaluations_of(sak: Sak) -> QuerySet[Evaluering]:
    return Evaluering.objects.filter(plan__sak=sak).order_by("-dato", "-pk")


def meetings_of(sak: Sak) -> QuerySet[Mote]:
    """The case's meetings a document may be linked to (MOTE-01): not the cancelled ones."""
    return Mote.objects.filter(sak=sak).exclude(status=Mote.Status.AVLYST).order_by("-tidspunkt")


def linked_to_meeting(user: User, mote: Mote, found: dict | None = None) -> list[Hit]:
    """The meeting page's part: the case's documents linked to the meeting, withdrawn ones
    left out (one query). The page has opened the case and the meeting (ROLE-02, ROLE-03)."""
    return [
        Hit(
            kind=d.get_type_display(),
            title=d.tittel,
            dato=d.mottatt,
            url=reverse("innkommende:detail", args=[mote.sak_id, d.pk]),
        )
        for d in InnkommendeDokument.objects.filter(
            sak_id=mote.sak_id, mote_id=mote.pk, status=InnkommendeDokument.Status.MOTTATT
        )
    ]


@dataclass
class Panel:
    """The case page's part (INN-01): the latest documents and the offer to receive one."""

    dokumenter: list[InnkommendeDokument] = field(default_factory=list)
    antall: int = 0
    actions: list[Offer] = field(default_factory=list)


def sak_panel(user: User, sak: Sak):
    """One query: the latest documents with their count; no query for the offer.
    A panel of the case page's one statement (:mod:`core.batch`): it yields its querysets."""
    rows = yield (
        _base()
        .filter(sak_id=sak.pk)
        # The number of the case's documents beside each row: no query of its own.
        .annotate(antall=Window(Count("pk")))[:PANEL_SIZE]
    )
    for row in rows:
        row.sak = sak
    return Panel(
        dokumenter=rows,
        antall=rows[0].antall if rows else 0,
        actions=INNKOMMENDE.offers(sak, user),
    )


def received_since(
    user: User, evaluering: Any, since: date | None, until: date, found: dict | None = None
) -> list:
    """INN-02: the documents received for the evaluation's case in the period, withdrawn ones
    left out (one query), as :class:`evaluations.registry.Entry`."""
    sak_id = evaluering.plan.sak_id
    qs = InnkommendeDokument.objects.filter(
        sak_id=sak_id, status=InnkommendeDokument.Status.MOTTATT, mottatt__lte=until
    ).select_related("tiltak__type")
    if since is not None:
        qs = qs.filter(mottatt__gt=since)
    return [
        Entry(
            kind=d.get_type_display(),
            title=d.tittel,
            dato=d.mottatt,
            url=reverse("innkommende:detail", args=[sak_id, d.pk]),
            detail=d.avsender,
        )
        for d in qs
    ]


def history_sources(sak: Sak) -> list[tuple[type, QuerySet, str]]:
    """LOG-01: the case's incoming documents in the case history (one query)."""
    return [
        (
            InnkommendeDokument,
            InnkommendeDokument.history.filter(sak_id=sak.pk),
            "innkommende",
        )
    ]


def _hit(d: InnkommendeDokument) -> Hit:
    return Hit(
        kind=d.get_type_display(),
        title=d.tittel,
        dato=d.mottatt,
        url=reverse("innkommende:detail", args=[d.sak_id, d.pk]),
    )


def journal_search(user: User, sak: Sak, query: str, found: dict | None = None) -> list[Hit]:
    """The journal's search over the case: the incoming documents whose title or sender
    holds the words (one query)."""
    words = query.split()
    if not words:
        return []
    qs = InnkommendeDokument.objects.filter(sak_id=sak.pk)
    for word in words:
        qs = qs.filter(Q(tittel__icontains=word) | Q(avsender__icontains=word))
    return [_hit(d) for d in qs[:50]]


def journal_timeline(user: User, sak: Sak, found: dict | None = None) -> list[Hit]:
    """The journal's timeline: the case's incoming documents beside the notes (one query)."""
    return [
        _hit(d)
        for d in InnkommendeDokument.objects.filter(
            sak_id=sak.pk, status=InnkommendeDokument.Status.MOTTATT
        )[:50]
    ]
