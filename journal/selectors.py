"""Reads of the case journal, each in a fixed number of queries whatever the journal's size.

The case has been opened through :func:`cases.permissions.access_sak` (ROLE-02 scope, ROLE-03
log) before any of these is asked: they read that one case's notes.

Search: on PostgreSQL the note's search vector (``sok``, the ``norwegian`` configuration, a GIN
index) is matched with ``websearch_to_tsquery`` – «samtaler» finds «samtale»; on SQLite (the
embedded default) the words are matched in the text, case-insensitive, without stemming.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from cases.models import Part, Sak
from vedtak.models import Tiltak, Vedtak

from .actions import JOURNAL
from .models import SEARCH_FIELDS, Journalnotat
from .registry import SEARCH_SOURCES, TIMELINE_SOURCES

PER_PAGE = 25
LATEST = 5


@dataclass(frozen=True)
class Filters:
    """What the journal page is narrowed to (all optional)."""

    type: str = ""
    forfatter: int | None = None
    fra: date | None = None
    til: date | None = None
    tiltak: int | None = None
    q: str = ""

    @property
    def active(self) -> bool:
        return bool(self.type or self.forfatter or self.fra or self.til or self.tiltak or self.q)


@dataclass
class Journal:
    """The journal page: a page of notes, and what the other apps give (the hits of the
    search, their own entries)."""

    page: Page
    hits: list = field(default_factory=list)
    timeline: list = field(default_factory=list)


def notes_queryset() -> QuerySet[Journalnotat]:
    """A note with what its pages show, in a fixed number of queries."""
    return Journalnotat.objects.select_related(
        "forfatter", "signert_av", "tiltak__type", "korrigerer"
    ).defer("sok")


def search(qs: QuerySet[Journalnotat], text: str) -> QuerySet[Journalnotat]:
    """Notes matching ``text``: full-text search on PostgreSQL, a plain match on SQLite."""
    text = text.strip()
    if not text:
        return qs
    if connection.vendor == "postgresql":
        return qs.filter(sok=SearchQuery(text, config="norwegian", search_type="websearch"))
    words = text.split()
    for word in words:
        qs = qs.filter(
            Q.create([(f"{name}__icontains", word) for name in SEARCH_FIELDS], connector=Q.OR)
        )
    return qs


def filtered(sak: Sak, filters: Filters) -> QuerySet[Journalnotat]:
    qs = notes_queryset().filter(sak=sak)
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.forfatter:
        qs = qs.filter(forfatter_id=filters.forfatter)
    if filters.fra:
        qs = qs.filter(dato__gte=filters.fra)
    if filters.til:
        qs = qs.filter(dato__lte=filters.til)
    if filters.tiltak:
        qs = qs.filter(tiltak_id=filters.tiltak)
    return search(qs, filters.q)


def journal_page(user: User, sak: Sak, filters: Filters, page: Any = 1) -> Journal:
    """A page of the case's notes, newest first, narrowed by ``filters``, with the parties
    and corrections of the notes on the page, and what the other apps find (registry)."""
    qs = filtered(sak, filters).prefetch_related(
        Prefetch("parter", queryset=Part.objects.only("pk", "fornavn", "etternavn")),
        Prefetch(
            "korrigeringer",
            queryset=Journalnotat.objects.only("pk", "sak_id", "dato", "korrigerer_id", "status"),
        ),
    )
    paginator = Paginator(qs.order_by("-dato", "-pk"), PER_PAGE)
    found = paginator.get_page(page)
    for notat in found.object_list:
        notat.sak = sak
    hits: list = []
    if filters.q.strip():
        for contributed in SEARCH_SOURCES.collect(user, sak, filters.q.strip()).values():
            hits.extend(contributed)
    timeline: list = []
    for contributed in TIMELINE_SOURCES.collect(user, sak).values():
        timeline.extend(contributed)
    return Journal(page=found, hits=hits, timeline=timeline)


def authors_of(sak: Sak) -> QuerySet[User]:
    """The people who have written in the case's journal (the author filter)."""
    return User.objects.filter(
        pk__in=Journalnotat.objects.filter(sak=sak).values("forfatter_id")
    ).order_by("first_name", "last_name", "pk")


def measures_of(sak: Sak) -> QuerySet[Tiltak]:
    """The case's granted measures a note may concern (VED-11)."""
    return (
        Tiltak.objects.filter(
            vedtak__sak=sak,
            vedtak__status__in=(Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT),
        )
        .select_related("type")
        .order_by("vedtak_id", "rekkefolge", "pk")
    )


def parties_of(sak: Sak) -> QuerySet[Part]:
    return Part.objects.filter(sak=sak, aktiv=True)


def note_detail(sak: Sak, notat_id: int) -> Journalnotat | None:
    """One note of the case with its parties, what it corrects and its corrections."""
    notat = (
        notes_queryset()
        .filter(sak=sak, pk=notat_id)
        .prefetch_related(
            "parter",
            Prefetch(
                "korrigeringer",
                queryset=Journalnotat.objects.select_related("forfatter").defer("sok"),
            ),
        )
        .first()
    )
    if notat is not None:
        notat.sak = sak
    return notat


def latest_notes(user: User, sak: Sak) -> dict:
    """The case page's panel: the latest notes and the offer to write one (one query)."""
    notes = list(notes_queryset().filter(sak=sak).order_by("-dato", "-pk")[:LATEST])
    for notat in notes:
        notat.sak = sak
    return {"notes": notes, "actions": JOURNAL.offers(sak, user)}


def history_sources(sak: Sak) -> list[tuple[type, QuerySet, str]]:
    """LOG-01: the journal's notes in the case history (one query)."""
    return [(Journalnotat, Journalnotat.history.filter(sak_id=sak.pk), "journalnotat")]
