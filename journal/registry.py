"""What the apps above the journal add to it, given in their ``AppConfig.ready()``.

The journal is one timeline of a case's written work. Its own entries are the notes
(:class:`journal.models.Journalnotat`); meetings' signed minutes become notes (MOTE-01), and
what else a caseworker should find from the journal – incoming documents by their title – is
given here by the app that owns it:

- :data:`SEARCH_SOURCES`: ``provide(user, sak, query, found=…)`` gives a list of :class:`Hit`
  for the journal's search over the case (the app's own rows, scoped to the case, in a fixed
  number of queries). The journal page shows them under the notes found.
- :data:`TIMELINE_SOURCES`: ``provide(user, sak, found=…)`` gives a list of :class:`Hit` of the
  case's other entries (a planned meeting, an incoming document), shown beside the notes.

The case has been opened through :func:`cases.permissions.access_sak` before either is asked
(ROLE-02, ROLE-03): a source scopes to that case only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise

from core.registry import Registry

SEARCH_SOURCES = Registry("journal search")
TIMELINE_SOURCES = Registry("journal timeline")


@dataclass(frozen=True)
class Hit:
    """One entry another app gives the journal: what it is, its title, its date and where it
    is read."""

    kind: str | Promise
    title: str
    dato: date | None
    url: str
