"""What the apps above ``vedtak`` show on its pages, given in their ``AppConfig.ready()``.

:data:`QUEUE`: sections of the team leader's queue and the head of service's dashboard,
``provide(user, found=…)`` (the plans waiting for a leader's approval, PLAN-03 …).
"""

from __future__ import annotations

from core.registry import Registry

QUEUE = Registry("decision queue")

#: KLAGE-04 …: figures on the head of service's dashboard, ``provide(user, found=…)``.
DASHBOARD = Registry("head of service dashboard")

#: Panels on a decision's page, ``provide(user, vedtak, found=…)`` (the complaints, KLAGE-01).
DECISION_PAGE = Registry("decision page")
