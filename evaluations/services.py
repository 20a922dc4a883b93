"""Writes to evaluations: one function per user intent, each in its own transaction.

The draft is prefilled from the plan version in force (its goals and delmål, its measures);
completing it (EVAL-03) marks it «G», moves the EVAL-01 clock and sets the plan's next
evaluation date (EVAL-02, EVAL-05), opens a draft vedtak for every conclusion to replace,
supplement or end a measure (EVAL-04), and orders the evaluation letter with the goals merged
in (DOK-01). Nothing is deleted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.permissions import get_visible_sak_for_update, saker_visible_to
from core.exceptions import RuleBreach, RuleViolation
from core.history import save_with_history as _save
from plans import documents as plan_documents
from plans import permissions
from plans import selectors as plan_selectors
from plans.models import Tiltaksplan

from . import documents, rules
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
#: EVAL-03: what a completed evaluation records (the child's view is checked on its own).
REQUIRED_TEXT = ("fra_tjenesten", "fra_samarbeidspartnere", "fra_foreldre")


def _lock(actor: User, evaluering_id: int) -> Evaluering:
    try:
        evaluering = (
            Evaluering.objects.select_for_update(of=("self",))
            .select_related("plan", "plan__sak", "versjon")
            .get(pk=evaluering_id, plan__sak__in=saker_visible_to(actor))
        )
    except Evaluering.DoesNotExist:
        raise Http404 from None
    if not permissions.can_edit_plan(actor, evaluering.plan.sak):
        raise PermissionDenied
    return evaluering


def _require_draft(evaluering: Evaluering) -> None:
    if evaluering.er_gjennomfort:
        raise RuleViolation(
            [RuleBreach("EVAL-05", _("A completed evaluation is not changed."), None)]
        )


@transaction.atomic
def evaluering_create(*, actor: User, sak_id: int, dato: date | None = None) -> Evaluering:
    """A draft evaluation of the plan version in force, prefilled with its goals and delmål
    (EVAL-03) and a row per measure it covers. One draft per plan at a time."""
    sak = get_visible_sak_for_update(actor, sak_id)
    if not permissions.can_edit_plan(actor, sak):
        raise PermissionDenied
    plan = Tiltaksplan.objects.filter(sak=sak).first()
    if plan is None:
        raise Http404
    existing = plan.evalueringer.filter(status=Evaluering.Status.UTKAST).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    versjon = plan_selectors.version_in_force(plan.pk, today)
    if versjon is None:
        raise RuleViolation(
            [
                RuleBreach(
                    "EVAL-03",
                    _("An evaluation evaluates an approved plan, and none is in force today."),
                    None,
                )
            ]
        )
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
    _require_draft(evaluering)
    for f in TEXT_FIELDS:
        if f in data:
            setattr(evaluering, f, (data[f] or "").strip())
    for f in ("dato", "neste_evaluering"):
        if f in data:
            setattr(evaluering, f, data[f])
    breaches = []
    if evaluering.dato and evaluering.dato > timezone.localdate():
        breaches.append(RuleBreach("EVAL-03", _("The date cannot be in the future."), "dato"))
    breaches.extend(_eval02(evaluering))
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


def _eval02(evaluering: Evaluering) -> list[RuleBreach]:
    """EVAL-02: the next date counts from this evaluation, as if it were completed today."""
    plan = evaluering.plan
    if evaluering.neste_evaluering is None or evaluering.dato is None:
        return []
    return rules.next_date_breaches(
        planned=evaluering.neste_evaluering,
        first_start=plan_selectors.first_start(plan.pk) or evaluering.dato,
        last_completed=evaluering.dato,
        months=plan.intervall,
    )


@transaction.atomic
def evaluering_complete(*, actor: User, evaluering_id: int) -> Evaluering:
    """EVAL-03 … EVAL-05: complete the evaluation (status «G»)."""
    evaluering = _lock(actor, evaluering_id)
    _require_draft(evaluering)
    plan = Tiltaksplan.objects.select_for_update().get(pk=evaluering.plan_id)
    vurderinger = list(evaluering.maalvurderinger.select_related("maal"))
    konklusjoner = list(evaluering.konklusjoner.select_related("tiltak__type"))
    breaches = rules.completion_breaches(
        dato=evaluering.dato,
        today=timezone.localdate(),
        text={f: getattr(evaluering, f) for f in REQUIRED_TEXT},
        labels={f: str(Evaluering._meta.get_field(f).verbose_name) for f in REQUIRED_TEXT},
        child_view=evaluering.fra_barnet,
        child_not_heard_reason=evaluering.barnet_ikke_spurt_begrunnelse,
        goals_without_progress=[v.maal.beskrivelse for v in vurderinger if not v.fremgang],
        measures_without_conclusion=[k.tiltak.type.navn for k in konklusjoner if not k.konklusjon],
    )
    last = plan_selectors.last_completed(plan.pk)
    if evaluering.dato and last and evaluering.dato < last:
        breaches.append(
            RuleBreach(
                "EVAL-05",
                _("An evaluation was already completed later, on %(date)s.") % {"date": last},
                "dato",
            )
        )
    all_end = bool(konklusjoner) and all(
        k.konklusjon == Tiltakskonklusjon.Konklusjon.AVSLUTTE for k in konklusjoner
    )
    if evaluering.neste_evaluering is None and not all_end:
        breaches.append(
            RuleBreach("EVAL-02", _("Give the date of the next evaluation."), "neste_evaluering")
        )
    breaches.extend(_eval02(evaluering))
    if breaches:
        raise RuleViolation(breaches)
    evaluering.status = Evaluering.Status.GJENNOMFORT
    evaluering.gjennomfort = timezone.now()
    evaluering.gjennomfort_av = actor
    _save(evaluering, actor=actor, reason=_("Evaluation completed (G)"))
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
    from vedtak.services import vedtak_create

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
    if not evaluering.er_gjennomfort:
        raise RuleViolation(
            [RuleBreach("EVAL-05", _("Complete the evaluation before sending it."), None)]
        )
    plan_documents.register_dispatch(
        evaluering, type=documents.EVALUATION, kanaler=kanaler, actor=actor, tidspunkt=tidspunkt
    )
    return evaluering
