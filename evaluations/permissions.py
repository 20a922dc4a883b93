"""Who may do what with an evaluation (ROLE-01, ROLE-02, PLAN-01).

The case's team writes, completes and sends the evaluations of its plan, as it writes the plan
(:func:`plans.permissions.works_on_case`). The predicates take ``(obj, user)``: ``obj`` is an
evaluation, or the plan's summary when an evaluation is started; the model's
``@transition(permission=…)`` and the tables of :mod:`evaluations.actions` name them.
"""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User
from cases.permissions import access_sak
from plans.permissions import works_on_case

can_create = works_on_case
can_edit = works_on_case
can_complete = works_on_case
#: DOK-02: the case's team registers how each party got the completed evaluation.
can_send_out = works_on_case


def access_evaluering(
    request: HttpRequest,
    sak_id: int,
    evaluering_id: int,
    *,
    queryset,
    sak_queryset=None,
    check=None,
):
    """The evaluation of a case the user may see (ROLE-02), with the read logged (ROLE-03).

    ``check(evaluering, user)`` is the page's own permission; when it fails the answer is 404
    and, as nothing was shown, nothing is logged."""
    found: dict = {}

    def _check(user: User, sak) -> bool:
        evaluering = queryset.filter(pk=evaluering_id, plan__sak_id=sak.pk).first()
        if evaluering is None:
            return False
        evaluering.plan.sak = sak
        found["evaluering"] = evaluering
        return check is None or check(evaluering, user)

    access_sak(request, sak_id, queryset=sak_queryset, check=_check)
    return found["evaluering"]
