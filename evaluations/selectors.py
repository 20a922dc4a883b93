"""Reads of evaluations: the evaluation pages, the letter's contents, and the nightly finder of
evaluations due (EVAL-01/02), each a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from cases.models import Sak
from documents import letter
from plans.models import PlanTiltak, Planversjon, Tiltaksplan

from . import rules
from .models import Evaluering, Maalvurdering, Tiltakskonklusjon


def evaluation_queryset() -> QuerySet[Evaluering]:
    return Evaluering.objects.select_related(
        "plan",
        "plan__sak",
        "plan__sak__barn",
        "plan__sak__team",
        "plan__sak__tjeneste",
        "plan__sak__saksbehandler",
        "versjon",
        "opprettet_av",
        "gjennomfort_av",
    ).prefetch_related(
        Prefetch(
            "maalvurderinger",
            queryset=Maalvurdering.objects.select_related("maal").order_by(
                "maal__rekkefolge", "maal_id"
            ),
        ),
        Prefetch(
            "konklusjoner",
            queryset=Tiltakskonklusjon.objects.select_related("tiltak__type", "vedtak").order_by(
                "tiltak__startdato", "tiltak_id"
            ),
        ),
    )


def evaluation_in_sak(sak_id: int, evaluering_id: int) -> Evaluering | None:
    return evaluation_queryset().filter(plan__sak_id=sak_id, pk=evaluering_id).first()


def evaluations_for(plan: Tiltaksplan) -> list[Evaluering]:
    return list(
        plan.evalueringer.select_related("versjon", "gjennomfort_av").order_by(
            F("dato").desc(nulls_last=True), "-pk"
        )
    )


def merged_goals(evaluering: Evaluering) -> list[tuple[Maalvurdering, list[Maalvurdering]]]:
    """The goals with their progress, each with its delmål (EVAL-03: the goals merged in)."""
    tree: list[tuple[Maalvurdering, list[Maalvurdering]]] = []
    for v in evaluering.maalvurderinger.all():
        if v.maal.overordnet_id is None or not tree:
            tree.append((v, []))
        else:
            tree[-1][1].append(v)
    return tree


def evaluation_document_context(evaluering_id: int) -> dict[str, Any]:
    evaluering = evaluation_queryset().prefetch_related("plan__sak__parter").get(pk=evaluering_id)
    sak = evaluering.plan.sak
    parter = [p for p in sak.parter.all() if p.aktiv]
    barn_er_part = sak.barn_er_part(evaluering.dato)
    recipients = [letter.mottaker(p) for p in parter]
    if barn_er_part:
        recipients.append(letter.mottaker(sak.barn))
    signer = evaluering.gjennomfort_av or sak.saksbehandler
    return {
        "tittel": "Evaluering av tiltaksplan",
        "evaluering": evaluering,
        "versjon": evaluering.versjon,
        "barn": sak.barn,
        "parter": parter,
        "barn_er_part": barn_er_part,
        "goals": merged_goals(evaluering),
        "konklusjoner": list(evaluering.konklusjoner.all()),
        "mottakere": recipients,
        "underskrivere": [letter.underskriver(signer)],
    }


# --- The nightly deadline finder (FRIST-01, EVAL-01/02) -----------------------------------------


def _named_approved():
    return PlanTiltak.objects.filter(
        versjon__plan_id=OuterRef("pk"), versjon__status=Planversjon.Status.GODKJENT
    )


def _last_completed(outer_ref: str = "pk"):
    """The plan's last completed evaluation date (a subquery on ``OuterRef(outer_ref)``)."""
    return (
        Evaluering.objects.filter(plan_id=OuterRef(outer_ref), status=Evaluering.Status.GJENNOMFORT)
        .order_by("-dato")
        .values("dato")[:1]
    )


def last_completed(plan_id: int) -> date | None:
    """EVAL-01: the day of the plan's last completed evaluation (given to the plan through
    :func:`plans.registry.register_last_completed`)."""
    return Evaluering.objects.filter(
        plan_id=plan_id, status=Evaluering.Status.GJENNOMFORT
    ).aggregate(last=Max("dato"))["last"]


def last_completed_expression(outer_ref: str = "plan_id") -> Subquery:
    """:func:`last_completed` as an annotation over the plan id ``outer_ref``."""
    return Subquery(_last_completed(outer_ref), output_field=DateField())


def _running_named(today: date):
    """The measures an approved version of the plan names that run ``today``."""
    return _named_approved().filter(
        Q(tiltak__til_dato__isnull=True) | Q(tiltak__til_dato__gte=today),
        tiltak__fra_dato__lte=today,
    )


def with_schedule_data(qs: QuerySet[Tiltaksplan], today: date) -> QuerySet[Tiltaksplan]:
    """Plans annotated with what the EVAL-01 rule reads: ``forste_start`` (the first start of
    a measure an approved version names; a planned start while none has started),
    ``sist_gjennomfort`` (the last completed evaluation) and ``har_lopende`` (a named measure
    runs today)."""
    first = (
        _named_approved()
        .order_by()
        .values("versjon__plan_id")
        .annotate(first=Min(Coalesce("tiltak__fra_dato", "tiltak__startdato")))
        .values("first")
    )
    return qs.annotate(
        forste_start=Subquery(first, output_field=DateField()),
        sist_gjennomfort=Subquery(_last_completed(), output_field=DateField()),
        har_lopende=Exists(_running_named(today)),
    )


def schedule_of(plan: Tiltaksplan) -> rules.Schedule | None:
    """The exact EVAL-01/02 schedule of a plan annotated by :func:`with_schedule_data`."""
    return rules.schedule(
        first_start=plan.forste_start,
        last_completed=plan.sist_gjennomfort,
        planned=plan.neste_evaluering,
        months=plan.intervall,
    )


def due_evaluations(today: date, window: int | timedelta = 0) -> QuerySet[Tiltaksplan]:
    """EVAL-01/02, for the nightly reminders: the plans with a running measure whose next
    evaluation is due on or before ``today + window`` (days), overdue ones included. One
    query; each row has ``sak.saksbehandler`` (the responsible caseworker) and the annotations
    :func:`schedule_of` reads for the exact date (those of :func:`with_schedule_data`).

    The condition is :func:`evaluations.rules.schedule`'s ``due <= horizon`` written in SQL,
    with :func:`evaluations.rules.latest_anchor_for` for "limit <= horizon".

    Written for national scale (issue 8, P5): the first start is an aggregate over one join
    (PostgreSQL computes it once per plan), not a correlated subquery; each reference to a
    subquery annotation is inlined by Django, and the rule used to name ``forste_start`` and
    ``sist_gjennomfort`` some 60 times, which ran the subqueries as often for every plan.
    The last evaluation is still a subquery (an index-only scan), named three times."""
    if not isinstance(window, timedelta):
        window = timedelta(days=window)
    horizon = today + window
    named = Q(versjoner__status=Planversjon.Status.GODKJENT, versjoner__plantiltak__fjernet=False)
    qs = (
        Tiltaksplan.objects.filter(sak__status=Sak.Status.AKTIV)
        .annotate(
            forste_start=Min(
                Coalesce(
                    "versjoner__plantiltak__tiltak__fra_dato",
                    "versjoner__plantiltak__tiltak__startdato",
                ),
                filter=named,
            ),
            sist_gjennomfort=Subquery(_last_completed(), output_field=DateField()),
            har_lopende=Exists(_running_named(today)),
        )
        .filter(har_lopende=True, forste_start__isnull=False)
    )
    # rules.anchor_of: the last completed evaluation when it is on or after the first start.
    anker = Greatest(F("forste_start"), Coalesce(F("sist_gjennomfort"), F("forste_start")))
    is_first = Q(sist_gjennomfort__isnull=True) | Q(sist_gjennomfort__lt=F("forste_start"))
    default = rules.default_interval()
    latest_anchor = Case(
        When(intervall_maneder__isnull=True, then=Value(rules.latest_anchor_for(horizon))),
        *(
            When(intervall_maneder=months, then=Value(rules.latest_anchor_for(horizon, months)))
            for months in range(default + 1, 13)
        ),
        output_field=DateField(),
    )
    limit_due = Q(anker__lte=latest_anchor)
    planned_due = Q(neste_evaluering__isnull=False, neste_evaluering__lte=horizon)
    first_due = (
        Q(neste_evaluering__isnull=True)
        & is_first
        & Q(forste_start__lte=horizon - rules.FIRST_LATEST)
    )
    return (
        qs.alias(anker=anker)
        .filter(planned_due | limit_due | first_due)
        .select_related("sak__saksbehandler", "sak__team", "sak__barn")
        .order_by("neste_evaluering", "pk")
    )


def is_due(plan: Tiltaksplan, horizon: date) -> bool:
    s = schedule_of(plan)
    return s is not None and s.due <= horizon


def history_sources(sak: Sak) -> list[tuple[type, QuerySet, str]]:
    """LOG-01: the evaluations' records in the case history (one query per model)."""
    evaluations = Evaluering.objects.filter(plan__sak_id=sak.pk).values("pk")
    return [
        (Evaluering, Evaluering.history.filter(plan__sak_id=sak.pk), "evaluering"),
        (Maalvurdering, Maalvurdering.history.filter(evaluering_id__in=evaluations), "vurdering"),
        (
            Tiltakskonklusjon,
            Tiltakskonklusjon.history.filter(evaluering_id__in=evaluations),
            "konklusjon",
        ),
    ]


def period_since_previous(evaluering: Evaluering, today: date) -> tuple[date | None, date]:
    """INN-02: the period an evaluation looks back on – after the day of the plan's previous
    completed evaluation (``None``: none before it) up to the day of this one (``today`` for a
    draft: what has come in so far). One query."""
    until = evaluering.dato if evaluering.status == Evaluering.Status.GJENNOMFORT else None
    until = until or max(evaluering.dato or today, today)
    earlier = Evaluering.objects.filter(
        plan_id=evaluering.plan_id, status=Evaluering.Status.GJENNOMFORT, dato__lt=until
    ).exclude(pk=evaluering.pk)
    since = earlier.aggregate(last=Max("dato"))["last"]
    return since, until
