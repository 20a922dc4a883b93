"""Reads of plans: the plan page, its history, the case page's panel, the team leader's queue,
the data the PLAN-04 and EVAL-01/02 rules read, and the nightly deadline finder for PLAN-04.

Every list runs a fixed number of queries whatever its length. Lists for a user start from
:func:`cases.permissions.visibility_filter` (ROLE-02); the nightly finders are for the system
and read every case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Rolle, User
from cases.history import Change
from cases.models import Sak
from cases.permissions import visibility_filter
from core import batch
from documents import letter
from vedtak.models import Samtykke, Tiltak, Vedtak

from . import registry, rules
from .models import Aktivitet, Maal, Plankommentar, PlanTiltak, Planversjon, Tiltaksplan
from .schedule import Schedule, schedule

APPROVED_VEDTAK = (Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT)


# --- What the rules read ----------------------------------------------------------------------


def approved_periods(plan_id: int) -> list[rules.VersionPeriod]:
    """Every approved version of the plan with its validity and the measures it names: two
    queries."""
    versions = list(
        Planversjon.objects.filter(plan_id=plan_id, status=Planversjon.Status.GODKJENT).values(
            "pk", "nummer", "gyldig_fra", "gyldig_til"
        )
    )
    named: dict[int, set[int]] = {v["pk"]: set() for v in versions}
    for versjon_id, tiltak_id in PlanTiltak.objects.filter(versjon_id__in=named).values_list(
        "versjon_id", "tiltak_id"
    ):
        named[versjon_id].add(tiltak_id)
    return [
        rules.VersionPeriod(
            v["nummer"], v["gyldig_fra"], v["gyldig_til"], frozenset(named[v["pk"]])
        )
        for v in versions
    ]


def period_of(versjon: Planversjon, tiltak_ids: Iterable[int]) -> rules.VersionPeriod:
    return rules.VersionPeriod(
        versjon.nummer, versjon.gyldig_fra, versjon.gyldig_til, frozenset(tiltak_ids)
    )


def first_start(plan_id: int | None, extra_tiltak_ids: Iterable[int] = ()) -> date | None:
    """EVAL-01: the first start of a measure the plan covers (named by an approved version, or
    by ``extra_tiltak_ids``); a measure not yet started counts by its planned start."""
    q = Q(pk__in=list(extra_tiltak_ids))
    if plan_id is not None:
        q |= Q(
            pk__in=PlanTiltak.objects.filter(
                versjon__plan_id=plan_id, versjon__status=Planversjon.Status.GODKJENT
            ).values("tiltak_id")
        )
    return Tiltak.objects.filter(q).aggregate(first=Min(Coalesce("fra_dato", "startdato")))["first"]


def last_completed(plan_id: int | None) -> date | None:
    """EVAL-01: the day of the plan's last completed evaluation (the evaluations app tells,
    through :mod:`plans.registry`)."""
    return registry.last_completed(plan_id)


def running_measures(sak_id: int, on: date) -> list[rules.RunningMeasure]:
    """PLAN-04: the case's measures that have started and have not ended before ``on``."""
    rows = (
        Tiltak.objects.filter(
            vedtak__sak_id=sak_id,
            vedtak__status__in=APPROVED_VEDTAK,
            fra_dato__isnull=False,
        )
        .filter(Q(til_dato__isnull=True) | Q(til_dato__gte=on))
        .exclude(vedtak__type=Vedtak.Type.AVSLUTNING)
        .select_related("type")
    )
    return [rules.RunningMeasure(t.pk, t.type.navn, t.fra_dato, t.til_dato) for t in rows]


def measure_choices(sak_id: int, versjon: Planversjon | None = None) -> list[Tiltak]:
    """The measures a plan version can name: those of approved decisions that have not ended or
    lapsed, and those the version already names."""
    q = Q(
        vedtak__sak_id=sak_id,
        vedtak__status__in=APPROVED_VEDTAK,
        til_dato__isnull=True,
        bortfalt_dato__isnull=True,
    ) & ~Q(vedtak__type=Vedtak.Type.AVSLUTNING)
    if versjon is not None and versjon.pk:
        q |= Q(pk__in=PlanTiltak.objects.filter(versjon=versjon).values("tiltak_id"))
    return list(
        Tiltak.objects.filter(q)
        .select_related("type", "vedtak")
        .order_by("startdato", "vedtak_id", "rekkefolge", "pk")
    )


def consent_choices(sak_id: int) -> list[Samtykke]:
    """The case's consents to measures and to sharing information (PLAN-02 links them)."""
    return list(
        Samtykke.objects.filter(sak_id=sak_id)
        # gitt_av_navn reads the child for a consent the youth gave (SAM-01).
        .select_related("part", "sak__barn")
        .prefetch_related(Prefetch("tiltak", queryset=Tiltak.objects.select_related("type")))
        .order_by("-gitt_dato", "-pk")
    )


# --- The plan page and its versions -----------------------------------------------------------


def plan_for_sak(sak: Sak) -> Tiltaksplan | None:
    return Tiltaksplan.objects.filter(sak=sak).select_related("intervall_godkjent_av").first()


def versions_for(plan: Tiltaksplan) -> list[Planversjon]:
    return list(
        plan.versjoner.select_related(
            "opprettet_av", "godkjent_av", "sendt_til_godkjenning_av"
        ).order_by("-nummer")
    )


def version_queryset() -> QuerySet[Planversjon]:
    """One version with everything its page, its documents and its rules read."""
    return Planversjon.objects.select_related(
        "plan",
        "plan__sak",
        "plan__sak__barn",
        "plan__sak__team",
        "plan__sak__tjeneste",
        "plan__sak__saksbehandler",
        "opprettet_av",
        "godkjent_av",
        "sendt_til_godkjenning_av",
    ).prefetch_related(
        Prefetch("maal", queryset=Maal.objects.order_by("rekkefolge", "pk")),
        Prefetch("aktiviteter", queryset=Aktivitet.objects.order_by("rekkefolge", "pk")),
        Prefetch(
            "plantiltak",
            queryset=PlanTiltak.objects.select_related("tiltak__type", "tiltak__vedtak").order_by(
                "tiltak__startdato", "tiltak_id"
            ),
        ),
        Prefetch("samtykker", queryset=Samtykke.objects.select_related("part", "sak__barn")),
        Prefetch("kommentarer", queryset=Plankommentar.objects.select_related("forfatter")),
    )


def version_in_sak(sak_id: int, versjon_id: int) -> Planversjon | None:
    return version_queryset().filter(plan__sak_id=sak_id, pk=versjon_id).first()


def version_in_force(plan_id: int, on: date) -> Planversjon | None:
    """The approved version in force on a day: the latest approved one that has begun and has
    not ended (PLAN-04's rule of replacement)."""
    versions = approved_periods(plan_id)
    periods = rules.effective_periods(versions)
    for v in sorted(versions, key=lambda v: -v.nummer):
        p = periods[v.nummer]
        if p is not None and p[0] <= on and (p[1] is None or on <= p[1]):
            return version_queryset().filter(plan_id=plan_id, nummer=v.nummer).first()
    return None


@dataclass
class RowChange:
    kind: str  # "+" added, "-" removed, "~" changed
    label: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class VersionDiff:
    old: Planversjon | None
    new: Planversjon
    fields: list[Change]
    goals: list[RowChange]
    activities: list[RowChange]
    measures: list[RowChange]

    @property
    def empty(self) -> bool:
        return not (self.fields or self.goals or self.activities or self.measures)


VERSION_FIELDS = (
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
    "gyldig_fra",
    "gyldig_til",
    "neste_evaluering",
    "neste_evaluering_begrunnelse",
)
GOAL_FIELDS = ("beskrivelse", "indikator", "niva_na", "malniva", "frist", "barnets_ord")
ACTIVITY_FIELDS = ("hva", "hvor", "hvor_ofte", "ansvarlig")


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _row_changes(model, old_rows, new_rows, fields, label) -> list[RowChange]:
    old_by_id = {r.pk: r for r in old_rows}
    matched: set[int] = set()
    result = []
    for r in new_rows:
        before = old_by_id.get(r.kilde_id) if r.kilde_id else None
        if before is None:
            result.append(RowChange("+", label(r)))
            continue
        matched.add(before.pk)
        changes = [
            Change(_label(model, f), getattr(before, f), getattr(r, f))
            for f in fields
            if getattr(before, f) != getattr(r, f)
        ]
        if changes:
            result.append(RowChange("~", label(r), changes))
    result.extend(RowChange("-", label(r)) for r in old_rows if r.pk not in matched)
    return result


def version_diff(old: Planversjon | None, new: Planversjon) -> VersionDiff:
    """What changed from one version to the next (PLAN-03): the texts and dates side by side,
    goals, activities and measures added, removed or changed. Both versions come from
    :func:`version_queryset` (prefetched)."""
    if old is None:
        return VersionDiff(None, new, [], [], [], [])
    fields = [
        Change(_label(Planversjon, f), getattr(old, f), getattr(new, f))
        for f in VERSION_FIELDS
        if getattr(old, f) != getattr(new, f)
    ]
    goals = _row_changes(
        Maal, list(old.maal.all()), list(new.maal.all()), GOAL_FIELDS, lambda r: r.beskrivelse
    )
    activities = _row_changes(
        Aktivitet,
        list(old.aktiviteter.all()),
        list(new.aktiviteter.all()),
        ACTIVITY_FIELDS,
        lambda r: r.hva,
    )
    old_measures = {pt.tiltak_id: pt for pt in old.plantiltak.all()}
    new_measures = {pt.tiltak_id: pt for pt in new.plantiltak.all()}
    measures = [
        RowChange("+", str(pt.tiltak.type))
        for k, pt in new_measures.items()
        if k not in old_measures
    ]
    measures += [
        RowChange("-", str(pt.tiltak.type))
        for k, pt in old_measures.items()
        if k not in new_measures
    ]
    for k, pt in new_measures.items():
        before = old_measures.get(k)
        if before is not None and before.planlagt_til != pt.planlagt_til:
            measures.append(
                RowChange(
                    "~",
                    str(pt.tiltak.type),
                    [
                        Change(
                            _label(PlanTiltak, "planlagt_til"), before.planlagt_til, pt.planlagt_til
                        )
                    ],
                )
            )
    return VersionDiff(old, new, fields, goals, activities, measures)


def plan_history(plan: Tiltaksplan) -> list[VersionDiff]:
    """Every version, newest first, with what changed from the version before it. A fixed
    number of queries: the versions and their rows come in one prefetch."""
    versions = list(
        version_queryset()
        .filter(plan=plan)
        .exclude(status=Planversjon.Status.FORKASTET)
        .order_by("nummer")
    )
    diffs = []
    previous = None
    for v in versions:
        diffs.append(version_diff(previous, v))
        previous = v
    return list(reversed(diffs))


# --- The case page's panel --------------------------------------------------------------------


@dataclass
class PlanSummary:
    """What the case page shows about the plan: the version in force, a draft or a version
    waiting for approval, when the next evaluation is due and whether it is late (EVAL-01/02),
    and running measures no plan covers today (PLAN-04)."""

    plan: Tiltaksplan | None
    sak: Sak | None = None
    in_force: Planversjon | None = None
    open_version: Planversjon | None = None
    latest_approved: Planversjon | None = None
    schedule: Schedule | None = None
    late: bool = False
    over_limit: bool = False
    uncovered: list[str] = field(default_factory=list)
    last_completed: date | None = None
    version_count: int = 0


def plan_summary(sak: Sak, today: date | None = None) -> PlanSummary:
    """One query, with or without a plan: the plan's versions (not discarded), each joined
    with the measures it names, with the plan's next evaluation date and its last completed
    evaluation (:mod:`plans.registry`). The case page shows it, so it must stay cheap."""
    return batch.resolve(plan_summary_batched(sak, today))


def plan_summary_batched(sak: Sak, today: date | None = None):
    """:func:`plan_summary` as a panel of the case page's one statement (:mod:`core.batch`)."""
    today = today or timezone.localdate()
    rows = yield (
        Planversjon.objects.filter(plan__sak_id=sak.pk)
        .exclude(status=Planversjon.Status.FORKASTET)
        .annotate(sist_gjennomfort=registry.last_completed_expression("plan_id"))
        .values(
            "pk",
            "nummer",
            "status",
            "gyldig_fra",
            "gyldig_til",
            "plan_id",
            "plan__neste_evaluering",
            "plan__intervall_maneder",
            "sist_gjennomfort",
            "plantiltak__tiltak_id",
            "plantiltak__fjernet",
            "plantiltak__tiltak__fra_dato",
            "plantiltak__tiltak__til_dato",
            "plantiltak__tiltak__startdato",
            "plantiltak__tiltak__type__navn",
        )
        .order_by("nummer", "plantiltak__tiltak_id")
    )
    if not rows:
        return PlanSummary(plan=None, sak=sak)
    first = rows[0]
    plan = Tiltaksplan(
        pk=first["plan_id"],
        sak=sak,
        neste_evaluering=first["plan__neste_evaluering"],
        intervall_maneder=first["plan__intervall_maneder"],
    )
    versions: dict[int, Planversjon] = {}
    named: dict[int, set[int]] = {}
    measures: dict[int, dict] = {}
    for r in rows:
        if r["pk"] not in versions:
            versions[r["pk"]] = Planversjon(
                pk=r["pk"],
                plan=plan,
                nummer=r["nummer"],
                status=r["status"],
                gyldig_fra=r["gyldig_fra"],
                gyldig_til=r["gyldig_til"],
            )
            named[r["pk"]] = set()
        tid = r["plantiltak__tiltak_id"]
        if tid is None or r["plantiltak__fjernet"] or r["status"] != Planversjon.Status.GODKJENT:
            continue
        named[r["pk"]].add(tid)
        measures[tid] = {
            "navn": r["plantiltak__tiltak__type__navn"],
            "fra": r["plantiltak__tiltak__fra_dato"],
            "til": r["plantiltak__tiltak__til_dato"],
            "start": r["plantiltak__tiltak__fra_dato"] or r["plantiltak__tiltak__startdato"],
        }
    ordered = sorted(versions.values(), key=lambda v: v.nummer)
    approved = [v for v in ordered if v.er_godkjent]
    periods = [period_of(v, named[v.pk]) for v in approved]
    effective = rules.effective_periods(periods)
    in_force = next(
        (
            v
            for v in reversed(approved)
            if (p := effective[v.nummer]) is not None
            and p[0] <= today
            and (p[1] is None or today <= p[1])
        ),
        None,
    )
    summary = PlanSummary(
        plan=plan,
        sak=sak,
        in_force=in_force,
        open_version=next((v for v in ordered if v.status in Planversjon.OPEN), None),
        latest_approved=approved[-1] if approved else None,
        last_completed=first["sist_gjennomfort"],
        version_count=len(ordered),
    )
    running = {
        tid: m
        for tid, m in measures.items()
        if m["fra"] is not None and m["fra"] <= today and (m["til"] is None or m["til"] >= today)
    }
    starts = [m["start"] for m in measures.values() if m["start"] is not None]
    if running and starts:
        summary.schedule = schedule(
            first_start=min(starts),
            last_completed=summary.last_completed,
            planned=plan.neste_evaluering,
            months=plan.intervall,
        )
        summary.late = summary.schedule.is_late(today)
        summary.over_limit = summary.schedule.is_over_limit(today)
    for tid, m in running.items():
        if rules.uncovered((today, today), rules.covering_periods(periods, tid)):
            summary.uncovered.append(m["navn"])
    return summary


# --- The team leader's queue (PLAN-03) ---------------------------------------------------------


def plans_awaiting_approval(user: User, limit: int = 200) -> list[Planversjon]:
    """Plan versions waiting for this leader's approval: those of the teams the user leads and,
    for a head of service, of the whole service. One query."""
    team_ids = sorted(user.team_ids(Rolle.TEAMLEDER))
    tjeneste_ids = sorted(user.tjeneste_ids(Rolle.BARNEVERNLEDER))
    if not team_ids and not tjeneste_ids:
        return []
    scope = Q(plan__sak__team_id__in=team_ids) | Q(plan__sak__tjeneste_id__in=tjeneste_ids)
    return list(
        Planversjon.objects.filter(scope, status=Planversjon.Status.TIL_GODKJENNING)
        .filter(visibility_filter(user, "plan__sak__"))
        .select_related(
            "plan__sak__barn",
            "plan__sak__team",
            "plan__sak__saksbehandler",
            "sendt_til_godkjenning_av",
        )
        .order_by("sendt_til_godkjenning", "pk")[:limit]
    )


# --- The nightly deadline finder (FRIST-01, PLAN-04) -------------------------------------------


def measures_without_plan(today: date) -> QuerySet[Tiltak]:
    """PLAN-04, reported nightly: measures running today that no approved plan version in
    force today names. One query; the responsible caseworker is at
    ``tiltak.vedtak.sak.saksbehandler``.

    A version is in force today when it is approved, has begun, has not ended, and no
    later-numbered approved version of the same plan has begun (the replacement rule of
    :func:`plans.rules.effective_periods`)."""
    later_begun = Planversjon.objects.filter(
        plan_id=OuterRef("plan_id"),
        status=Planversjon.Status.GODKJENT,
        nummer__gt=OuterRef("nummer"),
        gyldig_fra__lte=today,
    )
    in_force = (
        Planversjon.objects.filter(status=Planversjon.Status.GODKJENT, gyldig_fra__lte=today)
        .filter(Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=today))
        .exclude(Exists(later_begun))
    )
    covered = PlanTiltak.objects.filter(tiltak_id=OuterRef("pk"), versjon__in=in_force)
    return (
        Tiltak.objects.filter(
            vedtak__status__in=APPROVED_VEDTAK,
            fra_dato__lte=today,
            vedtak__sak__status=Sak.Status.AKTIV,
        )
        .filter(Q(til_dato__isnull=True) | Q(til_dato__gte=today))
        .exclude(vedtak__type=Vedtak.Type.AVSLUTNING)
        .exclude(Exists(covered))
        .select_related(
            "type", "vedtak__sak__saksbehandler", "vedtak__sak__team", "vedtak__sak__barn"
        )
        .order_by("vedtak__sak_id", "pk")
    )


# --- The letters (DOK-01) -----------------------------------------------------------------------


def goal_tree(versjon: Planversjon) -> list[tuple[Maal, list[Maal]]]:
    """The goals in order, each with its delmål (from the prefetched rows)."""
    tree: list[tuple[Maal, list[Maal]]] = []
    for m in versjon.maal.all():
        if m.overordnet_id is None or not tree:
            tree.append((m, []))
        else:
            tree[-1][1].append(m)
    return tree


def plan_document_context(versjon_id: int, *, for_child: bool = False) -> dict[str, Any]:
    """Everything the plan letter (PLAN-02, PLAN-03) or the child-friendly version (PLAN-05)
    prints. Runs in the worker: reads what it needs itself."""
    versjon = version_queryset().prefetch_related("plan__sak__parter").get(pk=versjon_id)
    sak = versjon.plan.sak
    today = timezone.localdate()
    parter = [p for p in sak.parter.all() if p.aktiv]
    barn_er_part = sak.barn_er_part(today)
    if for_child:
        recipients = [letter.mottaker(sak.barn)]
    else:
        recipients = [letter.mottaker(p) for p in parter]
        if barn_er_part:
            recipients.append(letter.mottaker(sak.barn))
    signers = [letter.underskriver(sak.saksbehandler)]
    if versjon.godkjent_av_id and versjon.godkjent_av_id != sak.saksbehandler_id:
        signers.append(letter.underskriver(versjon.godkjent_av))
    return {
        "tittel": "Planen min" if for_child else "Tiltaksplan",
        "versjon": versjon,
        "plan": versjon.plan,
        "barn": sak.barn,
        "parter": parter,
        "barn_er_part": barn_er_part,
        "goals": goal_tree(versjon),
        "aktiviteter": list(versjon.aktiviteter.all()),
        "plantiltak": list(versjon.plantiltak.all()),
        "samtykker": list(versjon.samtykker.all()),
        "mottakere": recipients,
        "underskrivere": signers,
        "godkjent_dato": timezone.localtime(versjon.godkjent).date() if versjon.godkjent else None,
    }


def history_sources(sak: Sak) -> list[tuple[type, QuerySet, str]]:
    """LOG-01: the plan's records in the case history (one query per model). The labels are
    the names of the foreign keys that point to them, so a record's own history page takes
    its parts along (a version's goals, activities, measures and comments)."""
    plans = Tiltaksplan.objects.filter(sak_id=sak.pk).values("pk")
    versions = Planversjon.objects.filter(plan__sak_id=sak.pk).values("pk")
    return [
        (Tiltaksplan, Tiltaksplan.history.filter(sak_id=sak.pk), "plan"),
        (Planversjon, Planversjon.history.filter(plan_id__in=plans), "versjon"),
        (Maal, Maal.history.filter(versjon_id__in=versions), "maal"),
        (Aktivitet, Aktivitet.history.filter(versjon_id__in=versions), "aktivitet"),
        (PlanTiltak, PlanTiltak.history.filter(versjon_id__in=versions), "plantiltak"),
        (Plankommentar, Plankommentar.history.filter(versjon_id__in=versions), "plankommentar"),
    ]
