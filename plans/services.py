"""Writes to plans: one function per user intent, each in its own transaction.

Every service fetches the case through the need-to-know scope (ROLE-02: ``NotFound``, a 404 at
the edge, otherwise), has the action checked by the kernel's table (:mod:`plans.actions`: who
may, the state, the rules PLAN-01 … PLAN-04 and EVAL-02), saves with the acting user and a
change reason for the history (LOG-01), and never deletes anything: a row taken out of a draft
is marked removed. Documents are ordered in the same transaction and rendered after commit.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from accounts.models import User
from cases.permissions import get_visible_sak_for_update, saker_visible_to
from core.exceptions import NotFound, RuleBreach, RuleViolation
from core.history import save_with_history as _save
from vedtak.models import Samtykke

from . import documents, rules, schedule, selectors
from .actions import MACHINE, PLAN, PlanOfCase
from .models import Aktivitet, Maal, Plankommentar, PlanTiltak, Planversjon, Tiltaksplan
from .rules import ACTIVITY_KEYS, GOAL_KEYS

#: The text fields a caseworker writes in the editor (PLAN-01, PLAN-02, PLAN-05).
TEXT_FIELDS = (
    "utfordringer",
    "ressurser",
    "behov",
    "ansvar",
    "barnets_onsker",
    "tilpasninger",
    "sikkerhetsplan",
    "medvirkning_barn",
    "medvirkning_foreldre",
    "til_barnet",
    "neste_evaluering_begrunnelse",
    "ungdommens_ord",
)
DATE_FIELDS = ("gyldig_fra", "gyldig_til", "neste_evaluering")


def _visible_sak_for_update(actor: User, sak_id: int):
    """The case row locked for update, through the need-to-know scope (ROLE-02)."""
    try:
        return get_visible_sak_for_update(actor, sak_id)
    except Http404:
        raise NotFound from None


def _lock_version(actor: User, versjon_id: int) -> Planversjon:
    """The version locked for update, through the need-to-know scope (ROLE-02)."""
    try:
        return (
            Planversjon.objects.select_for_update(of=("self",))
            .select_related("plan", "plan__sak")
            .get(pk=versjon_id, plan__sak__in=saker_visible_to(actor))
        )
    except Planversjon.DoesNotExist:
        raise NotFound from None


def _plan_of(sak, *, lock: bool = False) -> PlanOfCase:
    """The case's plan and its open version, as the plan's actions see them."""
    plans = Tiltaksplan.objects.select_for_update() if lock else Tiltaksplan.objects
    plan = plans.filter(sak=sak).first()
    if plan is not None:
        plan.sak = sak
    open_version = (
        plan.versjoner.filter(status__in=Planversjon.OPEN).first() if plan is not None else None
    )
    return PlanOfCase(sak=sak, plan=plan, open_version=open_version)


def _transition(versjon: Planversjon, name: str, *, actor: User, reason: str, **kw) -> None:
    """The transition ``name`` through the kernel (who may, the state, the rules, django-fsm's
    permission), then saved with its reason (LOG-01)."""
    MACHINE.perform(name, versjon, actor, **kw)
    versjon.endret = timezone.now()
    try:
        _save(versjon, actor=actor, reason=reason)
    except ConcurrentTransition:
        raise RuleViolation(
            [
                RuleBreach(
                    "PLAN-03",
                    _("Someone else changed this plan version at the same time. Reload it."),
                )
            ]
        ) from None


# --- Create ----------------------------------------------------------------------------------


@transaction.atomic
def tiltaksplan_create(*, actor: User, sak_id: int) -> Planversjon:
    """PLAN-01: start the case's plan; the first version is a draft, prefilled with the
    measures of the approved decisions, the consents they rest on, and a first evaluation
    date 6 weeks after the planned start (EVAL-01)."""
    sak = _visible_sak_for_update(actor, sak_id)
    PLAN.check("create", _plan_of(sak), actor)
    plan = Tiltaksplan(sak=sak, opprettet_av=actor)
    _save(plan, actor=actor, reason=_("Plan started"))
    versjon = Planversjon(plan=plan, nummer=1, opprettet_av=actor, gyldig_fra=timezone.localdate())
    measures = selectors.measure_choices(sak.pk)
    starts = [t.fra_dato or t.startdato for t in measures if t.fra_dato or t.startdato]
    if starts:
        s = schedule.schedule(first_start=min(starts), months=plan.intervall)
        versjon.neste_evaluering = s.window[1] if s.window else s.due
    _save(versjon, actor=actor, reason=_("Plan started"))
    for t in measures:
        _save(
            PlanTiltak(versjon=versjon, tiltak=t),
            actor=actor,
            reason=_("Measure added to the plan"),
        )
    consents = Samtykke.objects.filter(
        sak=sak, trukket_dato__isnull=True, tiltak__in=[t.pk for t in measures]
    ).distinct()
    if consents:
        versjon.samtykker.set(consents)
    return versjon


@transaction.atomic
def planversjon_create(*, actor: User, sak_id: int) -> Planversjon:
    """PLAN-03: a change makes a new version. The new draft is a copy of the latest version
    (approved or not); the earlier versions stay as they are."""
    sak = _visible_sak_for_update(actor, sak_id)
    state = _plan_of(sak, lock=True)
    PLAN.check("new_version", state, actor)
    plan = state.plan
    source = plan.versjoner.exclude(status=Planversjon.Status.FORKASTET).order_by("-nummer").first()
    last_number = plan.versjoner.order_by("-nummer").values_list("nummer", flat=True).first() or 0
    versjon = Planversjon(plan=plan, nummer=last_number + 1, opprettet_av=actor)
    if source is not None:
        for f in (*TEXT_FIELDS, "min_plan", "gyldig_til", "neste_evaluering"):
            setattr(versjon, f, getattr(source, f))
    versjon.gyldig_fra = timezone.localdate()
    if versjon.gyldig_til and versjon.gyldig_til < versjon.gyldig_fra:
        versjon.gyldig_til = None
    if plan.neste_evaluering:
        versjon.neste_evaluering = plan.neste_evaluering
    _save(versjon, actor=actor, reason=_("New version of the plan"))
    if source is None:
        return versjon
    copies: dict[int, Maal] = {}
    for m in source.maal.order_by("rekkefolge", "pk"):
        copy = Maal(
            versjon=versjon,
            overordnet=copies.get(m.overordnet_id),
            rekkefolge=m.rekkefolge,
            kilde=m,
            **{k: getattr(m, k) for k in GOAL_KEYS},
        )
        _save(copy, actor=actor, reason=_("Copied to the new version"))
        copies[m.pk] = copy
    for a in source.aktiviteter.order_by("rekkefolge", "pk"):
        _save(
            Aktivitet(
                versjon=versjon,
                rekkefolge=a.rekkefolge,
                kilde=a,
                **{k: getattr(a, k) for k in ACTIVITY_KEYS},
            ),
            actor=actor,
            reason=_("Copied to the new version"),
        )
    open_ids = {t.pk for t in selectors.measure_choices(sak.pk)}
    for pt in source.plantiltak.select_related("tiltak"):
        t = pt.tiltak
        if t.til_dato is None and t.bortfalt_dato is None and t.pk in open_ids:
            _save(
                PlanTiltak(versjon=versjon, tiltak=t, planlagt_til=pt.planlagt_til),
                actor=actor,
                reason=_("Copied to the new version"),
            )
    versjon.samtykker.set(source.samtykker.filter(trukket_dato__isnull=True))
    return versjon


# --- The editor --------------------------------------------------------------------------------


def _clean_rows(rows: list[dict[str, Any]] | None, keys: tuple[str, ...], main: str) -> list[dict]:
    """Rows with their text stripped; rows left empty are dropped (an "add row" not used)."""
    result = []
    for row in rows or []:
        clean = {
            k: (row.get(k) or "").strip() if isinstance(row.get(k, ""), str) else row.get(k)
            for k in keys
        }
        clean["id"] = row.get("id")
        clean["delmal"] = bool(row.get("delmal"))
        if any(v for k, v in clean.items() if k in keys):
            if not clean[main]:
                raise RuleViolation(
                    [
                        RuleBreach(
                            "LOG-02", _("A row with content needs its first field filled in."), None
                        )
                    ]
                )
            result.append(clean)
    return result


@transaction.atomic
def planversjon_update(
    *,
    actor: User,
    versjon_id: int,
    data: dict[str, Any],
    tiltak: list[tuple[int, date | None]] | None = None,
    goals: list[dict[str, Any]] | None = None,
    activities: list[dict[str, Any]] | None = None,
    samtykke_ids: list[int] | None = None,
) -> Planversjon:
    """Save a draft as it is – an unfinished plan may be saved at any time during the meeting.
    ``tiltak`` is (measure id, planned end) per measure the plan covers; ``goals`` and
    ``activities`` are the rows in their order, each with the ``id`` of an existing row or
    none; a goal with ``delmal`` is a delmål of the goal before it (PLAN-02). EVAL-02 and the
    order of the dates are checked now; completeness when the version goes for approval."""
    versjon = _lock_version(actor, versjon_id)
    MACHINE.check("edit", versjon, actor)
    sak = versjon.plan.sak
    for f in TEXT_FIELDS:
        if f in data:
            setattr(versjon, f, (data[f] or "").strip())
    for f in DATE_FIELDS:
        if f in data:
            setattr(versjon, f, data[f])
    if "min_plan" in data:
        versjon.min_plan = bool(data["min_plan"])  # ETT-04
    breaches = rules.period_breaches(versjon.gyldig_fra, versjon.gyldig_til)
    goal_rows = _clean_rows(goals, GOAL_KEYS, "beskrivelse") if goals is not None else None
    activity_rows = (
        _clean_rows(activities, ACTIVITY_KEYS, "hva") if activities is not None else None
    )
    if goal_rows and goal_rows[0]["delmal"]:
        breaches.append(
            RuleBreach("PLAN-02", _("A delmål belongs to a goal: put a goal before it."), None)
        )
    if tiltak is not None:
        allowed = {t.pk for t in selectors.measure_choices(sak.pk, versjon)}
        if any(tid not in allowed for tid, _end in tiltak):
            breaches.append(
                RuleBreach("PLAN-02", _("Choose among the case's approved measures."), "tiltak")
            )
        tiltak_ids = [tid for tid, _end in tiltak]
    else:
        tiltak_ids = list(versjon.plantiltak.values_list("tiltak_id", flat=True))
    breaches.extend(rules.next_date_breaches(versjon, tiltak_ids))
    if breaches:
        raise RuleViolation(breaches)
    versjon.endret = timezone.now()
    _save(versjon, actor=actor, reason=_("Plan draft saved"))
    if tiltak is not None:
        _set_measures(versjon, dict(tiltak), actor=actor)
    if goal_rows is not None:
        _set_goals(versjon, goal_rows, actor=actor)
    if activity_rows is not None:
        _set_rows(Aktivitet, versjon, activity_rows, ACTIVITY_KEYS, actor=actor)
    if samtykke_ids is not None:
        versjon.samtykker.set(Samtykke.objects.filter(sak=sak, pk__in=samtykke_ids))
    return versjon


def _set_measures(versjon: Planversjon, wanted: dict[int, date | None], *, actor: User) -> None:
    existing = {pt.tiltak_id: pt for pt in versjon.plantiltak.all()}
    for tid, pt in existing.items():
        if tid not in wanted:
            pt.fjernet = True
            _save(
                pt,
                actor=actor,
                reason=_("Measure taken out of the plan"),
                update_fields=["fjernet"],
            )
        elif pt.planlagt_til != wanted[tid]:
            pt.planlagt_til = wanted[tid]
            _save(pt, actor=actor, reason=_("Time frame changed"), update_fields=["planlagt_til"])
    for tid, end in wanted.items():
        if tid not in existing:
            _save(
                PlanTiltak(versjon=versjon, tiltak_id=tid, planlagt_til=end),
                actor=actor,
                reason=_("Measure added to the plan"),
            )


def _set_rows(model, versjon, rows, keys, *, actor: User, extra=None) -> list:
    """Update the rows with an id, create the new ones, mark the missing ones removed."""
    existing = {r.pk: r for r in model.objects.filter(versjon=versjon)}
    kept = []
    for i, row in enumerate(rows):
        obj = existing.pop(int(row["id"]), None) if row.get("id") else None
        values = {k: row.get(k) or (None if k == "frist" else "") for k in keys}
        values["rekkefolge"] = i
        if extra:
            values.update(extra(i, row, kept))
        if obj is None:
            obj = model(versjon=versjon, **values)
            _save(obj, actor=actor, reason=_("Added to the plan draft"))
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            _save(obj, actor=actor, reason=_("Changed in the plan draft"))
        kept.append(obj)
    for obj in existing.values():
        obj.fjernet = True
        _save(obj, actor=actor, reason=_("Removed from the plan draft"), update_fields=["fjernet"])
    return kept


def _set_goals(versjon: Planversjon, rows: list[dict], *, actor: User) -> None:
    def parent(i, row, kept):
        """A delmål belongs to the nearest goal above it (the rows come in their order)."""
        if not row["delmal"]:
            return {"overordnet_id": None}
        main = next((m for m in reversed(kept) if m.overordnet_id is None), None)
        return {"overordnet_id": main.pk if main else None}

    _set_rows(Maal, versjon, rows, GOAL_KEYS, actor=actor, extra=parent)


# --- PLAN-03: approval -----------------------------------------------------------------------


def submission_problems(versjon: Planversjon) -> list[RuleBreach]:
    """PLAN-01, PLAN-02 and EVAL-02: what stops the version from going for approval (the
    rule of the ``send_for_approval`` transition, :data:`plans.rules.COMPLETE`)."""
    return rules.submission_breaches(versjon)


def first_window_warning(versjon: Planversjon, tiltak_ids=None) -> RuleBreach | None:
    """EVAL-01 (should): the first evaluation 4–6 weeks after the start of the measures."""
    if tiltak_ids is None:
        tiltak_ids = [pt.tiltak_id for pt in versjon.plantiltak.all()]
    return schedule.first_window_warning(
        planned=versjon.neste_evaluering,
        first_start=selectors.first_start(versjon.plan_id, tiltak_ids),
        last_completed=selectors.last_completed(versjon.plan_id),
    )


def submission_warnings(versjon: Planversjon) -> list[RuleBreach]:
    """The "should" rules the pages warn about without blocking: EVAL-01's first evaluation
    4–6 weeks after the start, until a reason for another date is recorded on the version
    (its history keeps who wrote it and when)."""
    warning = first_window_warning(versjon)
    if warning is None or versjon.neste_evaluering_begrunnelse.strip():
        return []
    return [
        RuleBreach(
            "EVAL-01",
            _("%(warning)s Record the reason for another date.") % {"warning": warning.message},
            "neste_evaluering_begrunnelse",
        )
    ]


def approval_problems(versjon: Planversjon, today: date | None = None) -> list[RuleBreach]:
    """PLAN-04 and EVAL-02 as they stand if this version were approved now (the rule of the
    ``approve`` transition, :data:`plans.rules.COVERS_RUNNING_MEASURES`; the approval page
    lists them before the leader decides)."""
    return rules.coverage_breaches(versjon, today)


@transaction.atomic
def planversjon_send_for_approval(*, actor: User, versjon_id: int) -> Planversjon:
    """PLAN-03: the caseworker sends a complete draft (PLAN-01, PLAN-02, EVAL-02) to a leader."""
    versjon = _lock_version(actor, versjon_id)
    _transition(versjon, "send_for_approval", actor=actor, reason=_("Sent for approval"))
    return versjon


@transaction.atomic
def planversjon_approve(*, actor: User, versjon_id: int) -> Planversjon:
    """PLAN-03: a leader approves. PLAN-04: not when it would leave a running measure without
    a plan; EVAL-02: not with a next evaluation beyond the limit. The plan letter and the
    child-friendly version are ordered (DOK-01, PLAN-05)."""
    versjon = _lock_version(actor, versjon_id)
    plan = Tiltaksplan.objects.select_for_update().get(pk=versjon.plan_id)
    _transition(versjon, "approve", actor=actor, reason=_("Approved by a leader"))
    plan.neste_evaluering = versjon.neste_evaluering
    _save(
        plan,
        actor=actor,
        reason=_("Next evaluation set by the approved plan"),
        update_fields=["neste_evaluering"],
    )
    documents.order_plan_documents(versjon, actor=actor)
    return versjon


@transaction.atomic
def planversjon_return_to_draft(*, actor: User, versjon_id: int, comment: str) -> Planversjon:
    """PLAN-03: the leader returns the version with a comment on what to change."""
    versjon = _lock_version(actor, versjon_id)
    MACHINE.check("return_to_draft", versjon, actor)
    if not comment.strip():
        raise RuleViolation([RuleBreach("PLAN-03", _("Write what should be changed."), "comment")])
    _transition(versjon, "return_to_draft", actor=actor, reason=_("Returned to draft"))
    _save(
        Plankommentar(versjon=versjon, tekst=comment.strip(), forfatter=actor),
        actor=actor,
        reason=_("Comment"),
    )
    return versjon


@transaction.atomic
def planversjon_discard(*, actor: User, versjon_id: int) -> Planversjon:
    """A draft nobody wants is discarded; it stays readable in the history (LOG-01)."""
    versjon = _lock_version(actor, versjon_id)
    _transition(versjon, "discard", actor=actor, reason=_("Draft discarded"))
    return versjon


# --- DOK-02: the plan sent to every party -------------------------------------------------------


@transaction.atomic
def planversjon_send_out(
    *,
    actor: User,
    versjon_id: int,
    kanaler: dict[str, str],
    tidspunkt: datetime | None = None,
) -> Planversjon:
    """PLAN-03/DOK-02: every party gets the approved plan with its cover letter; record who got
    it, when and how. ``kanaler`` maps each recipient's key
    (:attr:`documents.recipients.Recipient.key`) to a channel."""
    versjon = _lock_version(actor, versjon_id)
    MACHINE.check("send_out", versjon, actor)
    documents.register_dispatch(
        versjon, type="tiltaksplan", kanaler=kanaler, actor=actor, tidspunkt=tidspunkt
    )
    return versjon


# --- EVAL-01: a longer interval for one plan ----------------------------------------------------


@transaction.atomic
def tiltaksplan_set_interval(
    *, actor: User, sak_id: int, months: int | None, reason: str = ""
) -> Tiltaksplan:
    """EVAL-01: a longer interval than the service's for one plan needs a recorded reason and a
    leader's approval; ``None`` goes back to the service's interval."""
    sak = _visible_sak_for_update(actor, sak_id)
    state = _plan_of(sak, lock=True)
    PLAN.check("set_interval", state, actor)
    plan = state.plan
    default = schedule.default_interval()
    if months is not None and (months <= default or months > 12):
        raise RuleViolation(
            [
                RuleBreach(
                    "EVAL-01",
                    _("A longer interval is more than %(n)s and at most 12 months.")
                    % {"n": default},
                    "months",
                )
            ]
        )
    if months is not None and not reason.strip():
        raise RuleViolation(
            [RuleBreach("EVAL-01", _("State the reason for the longer interval."), "reason")]
        )
    plan.intervall_maneder = months
    plan.intervall_begrunnelse = reason.strip() if months else ""
    plan.intervall_godkjent_av = actor if months else None
    _save(
        plan,
        actor=actor,
        reason=_("Evaluation interval changed"),
        update_fields=["intervall_maneder", "intervall_begrunnelse", "intervall_godkjent_av"],
    )
    return plan
