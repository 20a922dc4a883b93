"""What the apps above ``cases`` show on its pages, given in their ``AppConfig.ready()``.

:data:`CASE_PAGE`: the case page's panels, ``provide(user, sak, found=…)``, each in a fixed
number of queries (the decisions and measures first, then what reads them: the contractors).

:data:`CASE_LINKS`: links to other apps' pages about the case, ``provide(user, sak, found=…)``
giving a list of :class:`Link` (empty when the user may not follow it), shown under the case
history (the access log, ROLE-03, given by audit). No queries: the user's roles are loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from core.registry import Registry

CASE_PAGE = Registry("case page")
CASE_LINKS = Registry("case page links")


@dataclass(frozen=True)
class Link:
    """A link the case page shows: its text, its address and the rule it serves."""

    label: str | Promise
    url: str
    rule_id: str = ""
