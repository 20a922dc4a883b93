"""Reads of requests for access (INNSYN-01), each in a fixed number of queries.

The caller has opened the case through :func:`cases.permissions.access_sak` (ROLE-02: 404
otherwise; ROLE-03: the read logged): everything here is scoped to that one case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import formats, timezone

from accounts.models import User
from cases.models import Part, Sak
from core.actions import Offer
from documents.models import Dokument
from innkommende.models import InnkommendeDokument
from journal.models import Journalnotat

from .actions import INNSYN
from .models import Innsynskrav, Vurdering
from .rules import ANSWER_DAYS


@dataclass
class CaseDocument:
    """One document of the case a request may be given or withheld (INNSYN-01)."""

    kilde: str
    ref_id: int
    tittel: str
    dato: date
    kilde_label: str = ""
    vurdering: Vurdering | None = None

    @property
    def key(self) -> str:
        return f"{self.kilde}_{self.ref_id}"


def _day(d: date) -> str:
    return formats.date_format(d, "j. F Y")


def case_documents(sak: Sak) -> list[CaseDocument]:
    """The case's documents, the oldest first: the letters made (not the answers to access
    requests themselves), the incoming documents received, the signed journal notes (the
    minutes of meetings are signed notes). Three queries."""
    rows: list[CaseDocument] = []
    letters = (
        Dokument.objects.filter(sak_id=sak.pk, status__in=Dokument.DOWNLOADABLE)
        .exclude(type=Dokument.Type.INNSYNSSVAR)
        .select_related("part")
    )
    for d in letters:
        dato = timezone.localtime(d.created_at).date()
        to = f", {d.part.fullt_navn}" if d.part_id else ""
        rows.append(
            CaseDocument(
                Vurdering.Kilde.BREV,
                d.pk,
                f"{d.get_type_display()} ({_day(dato)}{to})",
                dato,
            )
        )
    incoming = InnkommendeDokument.objects.filter(
        sak_id=sak.pk, status=InnkommendeDokument.Status.MOTTATT
    )
    for d in incoming:
        rows.append(
            CaseDocument(
                Vurdering.Kilde.INNKOMMENDE,
                d.pk,
                f"{d.tittel} ({d.avsender}, {_day(d.mottatt)})",
                d.mottatt,
            )
        )
    notes = Journalnotat.objects.filter(sak_id=sak.pk, status=Journalnotat.Status.SIGNERT)
    for n in notes:
        rows.append(
            CaseDocument(
                Vurdering.Kilde.JOURNAL,
                n.pk,
                f"{n.get_type_display()} ({_day(n.dato)})",
                n.dato,
            )
        )
    labels = dict(Vurdering.Kilde.choices)
    for r in rows:
        r.kilde_label = labels[r.kilde]
    rows.sort(key=lambda r: (r.dato, r.kilde, r.ref_id))
    return rows


def documents_for_review(krav: Innsynskrav) -> list[CaseDocument]:
    """The case's documents with what was decided on each for ``krav`` (four queries)."""
    decided = {v.key: v for v in krav.vurderinger.all()}
    rows = case_documents(krav.sak)
    for r in rows:
        r.vurdering = decided.get(r.key)
    return rows


def parties_of(sak: Sak) -> QuerySet[Part]:
    return Part.objects.filter(sak=sak, aktiv=True).order_by("pk")


def _base() -> QuerySet[Innsynskrav]:
    return Innsynskrav.objects.select_related("part", "registrert_av", "besvart_av")


def krav_for(sak: Sak) -> list[Innsynskrav]:
    rows = list(_base().filter(sak_id=sak.pk))
    for row in rows:
        row.sak = sak
    return rows


def krav_in_sak(sak: Sak, krav_id: int) -> Innsynskrav | None:
    krav = _base().filter(sak_id=sak.pk, pk=krav_id).first()
    if krav is not None:
        krav.sak = sak
    return krav


def letters_of(krav: Innsynskrav) -> list[Dokument]:
    return list(Dokument.objects.for_source(krav).order_by("-versjon", "-pk"))


@dataclass
class Panel:
    """The case page's part: the case's requests for access (their history) and the offer."""

    krav: list[Innsynskrav] = field(default_factory=list)
    actions: list[Offer] = field(default_factory=list)


def case_panel(user: User, sak: Sak):
    """One query: the case's requests, the newest first; no query for the offer.
    A panel of the case page's one statement (:mod:`core.batch`): it yields its querysets."""
    krav = yield _base().filter(sak_id=sak.pk)
    for row in krav:
        row.sak = sak
    return Panel(krav=krav, actions=INNSYN.offers(sak, user))


def open_requests(today: date, window: int) -> QuerySet[Innsynskrav]:
    """FRIST-01, INNSYN-01: the requests not answered whose answer is due within ``window``
    days or overdue (:func:`innsyn.rules.answer_due`)."""
    latest = today + timedelta(days=window) - timedelta(days=ANSWER_DAYS)
    return Innsynskrav.objects.filter(status=Innsynskrav.Status.MOTTATT, mottatt__lte=latest)


def history_sources(sak: Sak) -> list[tuple[type, QuerySet, str]]:
    """LOG-01: the case's requests for access and the decisions on their documents in the
    case history."""
    return [
        (Innsynskrav, Innsynskrav.history.filter(sak_id=sak.pk), "innsyn"),
        (Vurdering, Vurdering.history.filter(krav__sak_id=sak.pk), "innsyn_vurdering"),
    ]
