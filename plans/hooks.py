"""What the plan tells the decision app through :mod:`vedtak.hooks` (wired in ``ready()``).

- PLAN-04 at measure start: a measure starts only when every day from its start to today is
  covered by an approved plan version that names it (blocks ``vedtak.services.tiltak_start``).
- VED-09: a plan has been made for the decision's case.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.exceptions import RuleBreach

from . import rules, selectors
from .models import Planversjon, Tiltaksplan


def plan04_start_guard(tiltak, fra_dato: date) -> list[RuleBreach]:
    plan = Tiltaksplan.objects.filter(sak_id=tiltak.vedtak.sak_id).only("pk").first()
    versions = selectors.approved_periods(plan.pk) if plan is not None else []
    return rules.start_breaches(
        measure_name=tiltak.type.navn,
        tiltak_id=tiltak.pk,
        fra_dato=fra_dato,
        today=timezone.localdate(),
        versions=versions,
    )


def plan_exists(vedtak) -> bool:
    """VED-09: the case has a plan with a version that was not discarded."""
    return (
        Planversjon.objects.filter(plan__sak_id=vedtak.sak_id)
        .exclude(status=Planversjon.Status.FORKASTET)
        .exists()
    )


def plan_exists_expression() -> Exists:
    """:func:`plan_exists` as an annotation of a vedtak queryset (the same rows)."""
    return Exists(
        Planversjon.objects.filter(plan__sak_id=OuterRef("sak_id")).exclude(
            status=Planversjon.Status.FORKASTET
        )
    )
