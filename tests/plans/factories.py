"""Plans and evaluations made through the real services (Zulip's rule).

A godkjent vedtak comes from ``tests.vedtak.factories`` (vedtak_create → … → vedtak_approve).
A measure starts only when an approved plan covers it (PLAN-04), so the order is always:
approved vedtak → approved plan naming the measure → ``tiltak_start``.

To put a start in the past, :func:`backdate_approval` moves the vedtak's approval time back
(test set-up only: VED-11 forbids a start before the approval).
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from django.utils import timezone

from evaluations import services as eval_services
from evaluations.models import Evaluering
from plans import services
from plans.models import Planversjon, Tiltaksplan
from vedtak import services as vedtak_services
from vedtak.models import Tiltak, Vedtak

from ..vedtak import factories as vf

CONTENT = {
    "utfordringer": "Foreldrene strever med rutiner og grensesetting etter samlivsbruddet.",
    "ressurser": "Mor er motivert. Besteforeldrene bor i nærheten og stiller opp.",
    "behov": "Barnet trenger faste rutiner og en voksen å gjøre aktiviteter med.",
    "ansvar": "Barnevernstjenesten følger opp. Skolen melder fravær samme dag.",
    "barnets_onsker": "Vil spille fotball og ha noen å snakke med.",
    "tilpasninger": "Ingen behov for tolk.",
    "sikkerhetsplan": "Ring mormor på 99 99 99 99. Barnevernsvakten: 116 111.",
    "medvirkning_barn": "Barnet var med på første del av møtet og sa hva som er viktig.",
    "medvirkning_foreldre": "Begge foreldrene deltok i planmøtet.",
    "til_barnet": "Vi har laget en plan sammen, så du får det bedre hjemme og på skolen.",
}
GOALS = [
    {
        "beskrivelse": "Barnet kommer på skolen hver dag",
        "indikator": "Fravær per måned",
        "niva_na": "6 dager",
        "malniva": "0–1 dager",
        "barnets_ord": "Jeg skal komme meg på skolen",
    },
    {
        "delmal": True,
        "beskrivelse": "Fast morgenrutine",
        "indikator": "Morgener med rutine per uke",
        "niva_na": "1",
        "malniva": "5",
    },
]
ACTIVITIES = [
    {
        "hva": "Støttekontakt – fotball og samtale",
        "hvor": "Hjemme og på banen",
        "hvor_ofte": "4 timer per uke",
        "ansvarlig": "Støttekontakten",
    }
]


def team_b(world) -> SimpleNamespace:
    """The same world seen from team B: its caseworker and leader, its case as ``sak_a``."""
    return SimpleNamespace(
        saksbehandler=world.saksbehandler_b,
        teamleder=world.teamleder_b,
        barnevernleder=world.barnevernleder,
        sak_a=world.sak_b,
    )


def godkjent_vedtak(world, sak=None, *, tiltak=("stottekontakt",)) -> Vedtak:
    return vf.godkjent(world, sak=sak, tiltak=tiltak)


def backdate_approval(vedtak: Vedtak, days: int) -> None:
    """Test set-up only: the vedtak was approved ``days`` ago (so a start may lie back then)."""
    Vedtak.objects.filter(pk=vedtak.pk).update(godkjent=timezone.now() - timedelta(days=days))


def tiltak_of(vedtak: Vedtak) -> list[Tiltak]:
    return list(Tiltak.objects.filter(vedtak=vedtak).order_by("rekkefolge", "pk"))


def draft(
    world,
    sak=None,
    *,
    actor=None,
    tiltak: list[Tiltak] | None = None,
    gyldig_fra: date | None = None,
    gyldig_til: date | None = None,
    neste_evaluering: date | None = None,
    goals=GOALS,
    activities=ACTIVITIES,
    new_version: bool = False,
    neste_evaluering_begrunnelse: str = "",
) -> Planversjon:
    """A complete draft version naming ``tiltak`` (default: the case's open measures)."""
    sak = sak or world.sak_a
    actor = actor or world.saksbehandler
    if new_version or Tiltaksplan.objects.filter(sak=sak).exists():
        versjon = services.planversjon_create(actor=actor, sak_id=sak.pk)
    else:
        versjon = services.tiltaksplan_create(actor=actor, sak_id=sak.pk)
    today = timezone.localdate()
    if tiltak is None:
        from plans.selectors import measure_choices

        tiltak = measure_choices(sak.pk, versjon)
    fra = gyldig_fra or today
    first = min([t.fra_dato or t.startdato for t in tiltak if t.fra_dato or t.startdato] or [fra])
    data = {
        **CONTENT,
        "gyldig_fra": fra,
        "gyldig_til": gyldig_til,
        # EVAL-01: the first evaluation 4–6 weeks after the first start.
        "neste_evaluering": neste_evaluering or max(today, first + timedelta(weeks=5)),
        "neste_evaluering_begrunnelse": neste_evaluering_begrunnelse,
    }
    deadline = today + timedelta(days=180)
    return services.planversjon_update(
        actor=actor,
        versjon_id=versjon.pk,
        data=data,
        tiltak=[(t.pk, deadline) for t in tiltak],
        goals=[{**g, "frist": deadline} for g in goals],
        activities=activities,
    )


def approved(world, sak=None, *, approver=None, **kw) -> Planversjon:
    versjon = draft(world, sak, **kw)
    services.planversjon_send_for_approval(
        actor=kw.get("actor") or world.saksbehandler, versjon_id=versjon.pk
    )
    return services.planversjon_approve(actor=approver or world.teamleder, versjon_id=versjon.pk)


def start(world, tiltak: Tiltak, fra: date | None = None) -> Tiltak:
    return vedtak_services.tiltak_start(
        actor=world.saksbehandler, tiltak_id=tiltak.pk, fra_dato=fra or timezone.localdate()
    )


def running_plan(world, sak=None, *, started_days_ago: int = 0, **kw):
    """An approved vedtak, an approved plan naming its measure, and the measure started
    ``started_days_ago`` days ago. Returns (vedtak, plan version, measure)."""
    sak = sak or world.sak_a
    vedtak = godkjent_vedtak(world, sak)
    today = timezone.localdate()
    fra = today - timedelta(days=started_days_ago)
    if started_days_ago:
        backdate_approval(vedtak, started_days_ago + 1)
    measures = tiltak_of(vedtak)
    kw.setdefault("neste_evaluering", fra + timedelta(weeks=6))  # EVAL-01: 4–6 weeks
    if started_days_ago:
        # The plan counts from the planned start; the test starts the measure in the past.
        kw.setdefault("neste_evaluering_begrunnelse", "Tiltaket startet tidligere enn planlagt.")
    versjon = approved(world, sak, tiltak=measures, gyldig_fra=fra, **kw)
    measure = start(world, measures[0], fra)
    return vedtak, versjon, measure


def evaluation(
    world, sak=None, *, actor=None, dato=None, neste=None, complete=True, konklusjon="fortsette"
) -> Evaluering:
    sak = sak or world.sak_a
    actor = actor or world.saksbehandler
    ev = eval_services.evaluering_create(actor=actor, sak_id=sak.pk)
    dato = dato or timezone.localdate()
    ev = eval_services.evaluering_update(
        actor=actor,
        evaluering_id=ev.pk,
        data={
            "dato": dato,
            "deltakere": "Mor, far, barnet, saksbehandler",
            "fra_tjenesten": "Det går bedre med rutinene.",
            "fra_samarbeidspartnere": "Skolen melder mindre fravær.",
            "fra_foreldre": "Foreldrene er fornøyde med støttekontakten.",
            "fra_barnet": "Barnet sier det er fint å spille fotball.",
            "neste_evaluering": neste or dato + timedelta(days=60),
        },
        vurderinger={
            v.maal_id: {"fremgang": "god", "niva_na": "2 dager", "kommentar": "Bedre."}
            for v in ev.maalvurderinger.all()
        },
        konklusjoner={
            k.tiltak_id: {"konklusjon": konklusjon, "begrunnelse": "Tiltaket virker."}
            for k in ev.konklusjoner.all()
        },
    )
    if complete:
        ev = eval_services.evaluering_complete(actor=actor, evaluering_id=ev.pk)
    return ev


def url_kwargs(name: str, sak) -> dict:
    """Extra URL arguments for the need-to-know matrix (tests/test_need_to_know.py): builds a
    plan version and an evaluation in the case when a URL needs one."""
    kwargs: dict = {}
    actor = sak.saksbehandler
    if name in PLAN_URLS_WITH_VERSION or name in PLAN_URLS_NEEDING_A_PLAN:
        plan = Tiltaksplan.objects.filter(sak=sak).first()
        if plan is None:
            services.tiltaksplan_create(actor=actor, sak_id=sak.pk)
            plan = Tiltaksplan.objects.get(sak=sak)
        if name in PLAN_URLS_WITH_VERSION:
            kwargs["versjon_id"] = plan.versjoner.order_by("-nummer").first().pk
    if name in EVALUATION_URLS_WITH_ID:
        kwargs["evaluering_id"] = _matrix_evaluation(sak).pk
    return kwargs


PLAN_URLS_WITH_VERSION = {
    "plans:version",
    "plans:edit",
    "plans:submit",
    "plans:approve",
    "plans:discard",
    "plans:send_out",
}
PLAN_URLS_NEEDING_A_PLAN = {"plans:new_version", "plans:history", "plans:interval"}
EVALUATION_URLS_WITH_ID = {"evaluations:detail", "evaluations:edit", "evaluations:send_out"}


def _matrix_evaluation(sak) -> Evaluering:
    """An evaluation row for the matrix: a plan version approved through the services is not
    needed to read the pages, so the rows are made directly (test set-up only)."""
    plan = Tiltaksplan.objects.filter(sak=sak).first()
    if plan is None:
        services.tiltaksplan_create(actor=sak.saksbehandler, sak_id=sak.pk)
        plan = Tiltaksplan.objects.get(sak=sak)
    existing = plan.evalueringer.first()
    if existing is not None:
        return existing
    versjon = plan.versjoner.order_by("-nummer").first()
    return Evaluering.objects.create(
        plan=plan, versjon=versjon, dato=timezone.localdate(), opprettet_av=sak.saksbehandler
    )
