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
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Part, Sak
from cases.permissions import saker_visible_to
from evaluations.registry import Entry
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


def latest_notes(user: User, sak: Sak):
    """The case page's panel: the latest notes and the offer to write one (one query).
    A panel of the case page's one statement (:mod:`core.batch`): it yields its querysets."""
    notes = yield notes_queryset().filter(sak=sak).order_by("-dato", "-pk")[:LATEST]
    for notat in notes:
        notat.sak = sak
    return {"notes": notes, "actions": JOURNAL.offers(sak, user)}


def history_sources(sak: Sak) -> list[tuple[type, QuerySet, str]]:
    """LOG-01: the journal's notes in the case history (one query)."""
    return [(Journalnotat, Journalnotat.history.filter(sak_id=sak.pk), "journalnotat")]


def _entry_title(notat: Journalnotat) -> str:
    """A signed note's title on the evaluation page: the first line of what was said (the
    minutes of a meeting begin with the meeting's kind), else the note's kind."""
    first = next((line.strip() for line in notat.hva_ble_sagt.splitlines() if line.strip()), "")
    return Truncator(first).words(12) if first else str(notat.get_type_display())


def signed_since(
    user: User, evaluering: Any, since: date | None, until: date, found: dict | None = None
) -> list:
    """INN-02: the signed notes of the evaluation's case dated in the period – after ``since``
    (``None``: from the beginning) up to and including ``until`` – drafts left out (JOUR-02),
    as :class:`evaluations.registry.Entry` (one query). Signed minutes of a meeting are notes of
    the kind «møte» (MOTE-01): they are listed here, once, as minutes."""
    sak_id = evaluering.plan.sak_id
    qs = (
        Journalnotat.objects.filter(
            sak_id=sak_id, status=Journalnotat.Status.SIGNERT, dato__lte=until
        )
        .select_related("forfatter")
        .defer("sok")
        .order_by("-dato", "-pk")
    )
    if since is not None:
        qs = qs.filter(dato__gt=since)
    return [
        Entry(
            kind=_("Minutes") if n.type == Journalnotat.Type.MOTE else _("Journal note"),
            title=_entry_title(n),
            dato=n.dato,
            url=reverse("journal:detail", args=[sak_id, n.pk]),
            detail=n.forfatter.get_full_name() or n.forfatter.get_username(),
        )
        for n in qs
    ]


def search_visible(user: User, text: str, limit: int = PER_PAGE) -> list[Journalnotat]:
    """The newest notes matching ``text`` over every case ``user`` may see (ROLE-02), at
    most ``limit``, each with its case: the search across a service (the benchmark P8d
    measures it). A page that shows them must log the reads of their cases (ROLE-03)."""
    if not text.strip():
        return []
    # The matches first, with no join: then those notes, by id, with what a list shows. With
    # the joins in the search itself PostgreSQL's planning grew with the data (the tables'
    # statistics behind each join), and took longer than finding the notes (bench P8d).
    matches = search(Journalnotat.objects.filter(sak__in=saker_visible_to(user)), text)
    ids = list(matches.order_by("-dato", "-pk").values_list("pk", flat=True)[:limit])
    if not ids:
        return []
    return list(notes_queryset().select_related("sak").filter(pk__in=ids).order_by("-dato", "-pk"))
