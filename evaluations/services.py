"""Writes to evaluations: one function per user intent, each in its own transaction.

The draft is prefilled from the plan version in force (its goals and delmål, its measures);
completing it (EVAL-03) marks it «G», moves the EVAL-01 clock and sets the plan's next
evaluation date (EVAL-02, EVAL-05), opens a draft vedtak for every conclusion to replace,
supplement or end a measure (EVAL-04), and orders the evaluation letter with the goals merged
in (DOK-01). Nothing is deleted. Each action is checked by the kernel's tables
(:mod:`evaluations.actions`: who may, the state, the rules); a case or an evaluation outside the
user's reach is ``NotFound`` (a 404 at the edge, ROLE-02).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.permissions import get_visible_sak_for_update, saker_visible_to
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import save_with_history as _save
from plans import documents as plan_documents
from plans import selectors as plan_selectors
from plans.models import Tiltaksplan
from vedtak.services import vedtak_create

from . import documents, rules
from .actions import MACHINE, START
from .models import Evaluering, Maalvurdering, Tiltakskonklusjon

TEXT_FIELDS = (
    "deltakere",
    "fra_tjenesten",
    "fra_samarbeidspartnere",
    "fra_foreldre",
    "fra_barnet",
    "barnet_ikke_spurt_begrunnelse",
    "oppsummering",
)


def _lock(actor: User, evaluering_id: int) -> Evaluering:
    """The evaluation locked for update, through the need-to-know scope (ROLE-02)."""
    try:
        return (
            Evaluering.objects.select_for_update(of=("self",))
            .select_related("plan", "plan__sak", "versjon")
            .get(pk=evaluering_id, plan__sak__in=saker_visible_to(actor))
        )
    except Evaluering.DoesNotExist:
        raise NotFound from None


@transaction.atomic
def evaluering_create(*, actor: User, sak_id: int, dato: date | None = None) -> Evaluering:
    """A draft evaluation of the plan version in force, prefilled with its goals and delmål
    (EVAL-03) and a row per measure it covers. One draft per plan at a time."""
    try:
        sak = get_visible_sak_for_update(actor, sak_id)
    except Http404:
        raise NotFound from None
    summary = plan_selectors.plan_summary(sak)
    if not START.may(summary, actor, "create"):
        raise NotFound
    plan = Tiltaksplan.objects.filter(sak=sak).first()
    existing = plan.evalueringer.filter(status=Evaluering.Status.UTKAST).first() if plan else None
    if existing is not None:
        return existing
    START.check("create", summary, actor)
    today = timezone.localdate()
    versjon = plan_selectors.version_in_force(plan.pk, today)
    if versjon is None:  # the summary's version in force, read again in full
        raise RuleViolation(rules.IN_FORCE.unmet(summary))
    evaluering = Evaluering(
        plan=plan,
        versjon=versjon,
        dato=dato or today,
        opprettet_av=actor,
        neste_evaluering=None,
    )
    _save(evaluering, actor=actor, reason=_("Evaluation started"))
    for m in versjon.maal.all():
        _save(
            Maalvurdering(evaluering=evaluering, maal=m, niva_na=m.niva_na),
            actor=actor,
            reason=_("Evaluation started"),
        )
    for pt in versjon.plantiltak.all():
        if pt.tiltak.til_dato is None and pt.tiltak.bortfalt_dato is None:
            _save(
                Tiltakskonklusjon(evaluering=evaluering, tiltak=pt.tiltak),
                actor=actor,
                reason=_("Evaluation started"),
            )
    return evaluering


@transaction.atomic
def evaluering_update(
    *,
    actor: User,
    evaluering_id: int,
    data: dict[str, Any],
    vurderinger: dict[int, dict[str, Any]] | None = None,
    konklusjoner: dict[int, dict[str, Any]] | None = None,
) -> Evaluering:
    """Save the draft as it is. ``vurderinger`` maps a goal id to its progress, level now and
    comment; ``konklusjoner`` maps a measure id to its conclusion and reasons."""
    evaluering = _lock(actor, evaluering_id)
    MACHINE.check("edit", evaluering, actor)
    for f in TEXT_FIELDS:
        if f in data:
            setattr(evaluering, f, (data[f] or "").strip())
    for f in ("dato", "neste_evaluering"):
        if f in data:
            setattr(evaluering, f, data[f])
    breaches = []
    if evaluering.dato and evaluering.dato > timezone.localdate():
        breaches.append(RuleBreach("EVAL-03", _("The date cannot be in the future."), "dato"))
    breaches.extend(rules.next_date_breaches_of(evaluering))
    if breaches:
        raise RuleViolation(breaches)
    _save(evaluering, actor=actor, reason=_("Evaluation draft saved"))
    for row in evaluering.maalvurderinger.all():
        values = (vurderinger or {}).get(row.maal_id)
        if values is not None:
            _update(row, values, ("fremgang", "niva_na", "kommentar"), actor=actor)
    for row in evaluering.konklusjoner.all():
        values = (konklusjoner or {}).get(row.tiltak_id)
        if values is not None:
            _update(row, values, ("konklusjon", "begrunnelse"), actor=actor)
    return evaluering


def _update(row, values: dict[str, Any], fields: tuple[str, ...], *, actor: User) -> None:
    changed = [f for f in fields if f in values and getattr(row, f) != (values[f] or "").strip()]
    for f in changed:
        setattr(row, f, (values[f] or "").strip())
    if changed:
        _save(row, actor=actor, reason=_("Evaluation draft saved"), update_fields=changed)


@transaction.atomic
def evaluering_complete(*, actor: User, evaluering_id: int) -> Evaluering:
    """EVAL-03 … EVAL-05: complete the evaluation (status «G»)."""
    evaluering = _lock(actor, evaluering_id)
    plan = Tiltaksplan.objects.select_for_update().get(pk=evaluering.plan_id)
    konklusjoner = list(evaluering.konklusjoner.select_related("tiltak__type"))
    # The kernel: who may, the state (a draft), the rules (EVAL-02, EVAL-03, EVAL-05).
    MACHINE.perform("complete", evaluering, actor)
    _save(evaluering, actor=actor, reason=_("Evaluation completed"))
    plan.neste_evaluering = evaluering.neste_evaluering
    _save(
        plan,
        actor=actor,
        reason=_("Next evaluation set by the completed evaluation"),
        update_fields=["neste_evaluering"],
    )
    _open_vedtak(evaluering, konklusjoner, actor=actor)
    documents.order_evaluation_document(evaluering, actor=actor)
    return evaluering


def _open_vedtak(evaluering: Evaluering, konklusjoner, *, actor: User) -> None:
    """EVAL-04: one draft vedtak per kind – a change for the measures to replace, an end for
    those to end, and a new decision for a supplement – each naming its measures."""
    by_type: dict[str, list[Tiltakskonklusjon]] = {}
    for k in konklusjoner:
        vedtak_type = Tiltakskonklusjon.OPENS_VEDTAK.get(k.konklusjon)
        if vedtak_type:
            by_type.setdefault(vedtak_type, []).append(k)
    for vedtak_type, rows in by_type.items():
        vedtak = vedtak_create(
            actor=actor,
            sak_id=evaluering.plan.sak_id,
            type=vedtak_type,
            endrer_tiltak_ids=[] if vedtak_type == "nytt" else [k.tiltak_id for k in rows],
        )
        for k in rows:
            k.vedtak = vedtak
            _save(
                k,
                actor=actor,
                reason=_("Draft decision opened (EVAL-04)"),
                update_fields=["vedtak"],
            )


@transaction.atomic
def evaluering_send_out(
    *,
    actor: User,
    evaluering_id: int,
    kanaler: dict[str, str],
    tidspunkt: datetime | None = None,
) -> Evaluering:
    """EVAL-05/DOK-02: the completed evaluation is sent to every party; record who got it."""
    evaluering = _lock(actor, evaluering_id)
    MACHINE.check("send_out", evaluering, actor)
    plan_documents.register_dispatch(
        evaluering, type=documents.EVALUATION, kanaler=kanaler, actor=actor, tidspunkt=tidspunkt
    )
    return evaluering
