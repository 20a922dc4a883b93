"""What the apps above ``cases`` show on its pages, given in their ``AppConfig.ready()``.

:data:`CASE_PAGE`: the case page's panels, ``provide(user, sak, found=…)``, each in a fixed
number of queries (the decisions and measures first, then what reads them: the contractors).
"""

from __future__ import annotations

from core.registry import Registry

CASE_PAGE = Registry("case page")
