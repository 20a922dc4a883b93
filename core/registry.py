"""Registries: what a lower app needs from a higher one, without importing it.

The apps form a ladder (docs/architecture.md): each imports only the apps below it. When a
lower app's page shows something a higher app owns (the case page shows the decisions, plans
and contractors; the start page shows each app's work list), the lower app declares a
:class:`Registry` and the higher app fills it in its ``AppConfig.ready()``. The lower app then
asks the registry, in the order the contributions were given (``order``, then registration).
An app that is not installed contributes nothing, and its part of the page is simply absent.

A contribution may be a generator (:mod:`core.batch`): it yields the querysets it needs and
receives their rows, so that the querysets of every contribution of a page go to the database
as one statement. A contribution that reads what another gave (``found``) after that one's
rows have come waits a round (``yield None``) before it reads.

A contribution that lists cases says which it shows (``shown``), so that the page can log
them in one access-log row (ROLE-03, :func:`core.access.log_list`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from core import batch


@dataclass(frozen=True)
class Contribution:
    key: str
    provide: Callable[..., Any]
    order: int
    #: The cases the provided value shows (``shown(value)``: cases, or rows with ``sak_id``).
    shown: Callable[[Any], Iterable[Any]] | None = None


class Registry:
    """Named contributions to one place of a page (or one hook of a service)."""

    def __init__(self, name: str):
        self.name = name
        self._items: dict[str, Contribution] = {}

    def register(
        self,
        key: str,
        provide: Callable[..., Any],
        *,
        order: int = 100,
        shown: Callable[[Any], Iterable[Any]] | None = None,
    ) -> None:
        """Give ``key`` the function that provides it (and, when it lists cases, ``shown``:
        the cases a provided value shows). Registering a key again replaces it (``ready()``
        may run more than once in tests)."""
        self._items[key] = Contribution(key, provide, order, shown)

    def contributions(self) -> list[Contribution]:
        return sorted(self._items.values(), key=lambda c: c.order)

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def collect(self, *args: Any, also: dict[str, Any] | None = None) -> dict[str, Any]:
        """Call every contribution with ``args`` and what the earlier ones gave (``found``),
        in order; returns ``{key: value}``. The generator contributions, and the caller's own
        generator panels in ``also``, share their queries (:func:`core.batch.run`)."""
        found: dict[str, Any] = {}
        panels = {}
        for c in self.contributions():
            value = c.provide(*args, found=found)
            if inspect.isgenerator(value):
                panels[c.key] = value
            else:
                found[c.key] = value
        panels.update(also or {})
        if panels:
            batch.run(panels, into=found)
        return found

    def shown(self, found: dict[str, Any]) -> Iterator[Any]:
        """The cases that what :meth:`collect` found shows, section by section (ROLE-03)."""
        for c in self.contributions():
            if c.shown is not None and found.get(c.key):
                yield from c.shown(found[c.key])


#: The start page's sections: ``provide(user, found=…)`` for each app's list.
START_PAGE = Registry("start page")
