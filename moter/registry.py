"""What the apps above the meetings show on a meeting's page, given in their ``AppConfig.ready()``.

:data:`MEETING_PAGE`: ``provide(user, mote, found=…)`` gives a list of
:class:`journal.registry.Hit` – the app's rows linked to the meeting (the incoming documents
given in or for it), scoped to the meeting's case, in a fixed number of queries. The page has
opened the case and the meeting through :func:`cases.permissions.access_sak` (ROLE-02, ROLE-03)
before it asks. An app that is not installed gives nothing.
"""

from __future__ import annotations

from typing import Any

from core.registry import Registry

MEETING_PAGE = Registry("meeting page")


def linked(user: Any, mote: Any) -> list:
    """Everything the apps above link to ``mote``, in the order they registered."""
    return [row for rows in MEETING_PAGE.collect(user, mote).values() for row in rows]
