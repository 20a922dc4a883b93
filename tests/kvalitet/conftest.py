"""The quality indicators' tests: a hand-made data set on a frozen day.

The clock stands still on 15 May 2026 (noon in Oslo), so the 8 quarters of the window are
Q3 2024 … Q2 2026 whatever day the tests run. The rows are made directly (test set-up only):
the indicators read the records, not the services that write them."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from evaluations.models import Evaluering
from plans.models import PlanTiltak, Planversjon, Tiltaksplan
from tests.factories import make_sak
from vedtak.models import Samtykke, Tiltak, Tiltakstype, Vedtak

OSLO = ZoneInfo("Europe/Oslo")
TODAY = date(2026, 5, 15)


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=OSLO)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(noon(TODAY), tick=False):
        yield


def new_sak(world, team=None, **kw):
    team = team or world.team_a
    actor = world.saksbehandler if team == world.team_a else world.saksbehandler_b
    return make_sak(actor, team, **kw)


def vedtak(world, sak, approved: date, *, palegg: bool = False) -> Vedtak:
    return Vedtak.objects.create(
        sak=sak,
        status=Vedtak.Status.GODKJENT,
        godkjent=noon(approved),
        godkjent_av=world.barnevernleder,
        opprettet_av=sak.saksbehandler,
        palegg=palegg,
    )


def tiltak(
    world, sak, fra: date | None, til: date | None = None, *, approved: date | None = None, **kw
) -> Tiltak:
    v = kw.pop("vedtak", None) or vedtak(
        world, sak, approved or fra, palegg=kw.pop("palegg", False)
    )
    return Tiltak.objects.create(
        vedtak=v,
        type=Tiltakstype.objects.get(kode="stottekontakt"),
        fra_dato=fra,
        til_dato=til,
        **kw,
    )


def plan(sak) -> Tiltaksplan:
    return Tiltaksplan.objects.get_or_create(sak=sak, defaults={"opprettet_av": sak.saksbehandler})[
        0
    ]


def version(world, sak, nummer: int, fra: date, til: date | None, measures) -> Planversjon:
    v = Planversjon.objects.create(
        plan=plan(sak),
        nummer=nummer,
        status=Planversjon.Status.GODKJENT,
        gyldig_fra=fra,
        gyldig_til=til,
        godkjent=noon(fra),
        godkjent_av=world.teamleder,
        opprettet_av=sak.saksbehandler,
    )
    for t in measures:
        PlanTiltak.objects.create(versjon=v, tiltak=t)
    return v


def evaluation(world, sak, dato: date, *, child_view: str = "") -> Evaluering:
    p = plan(sak)
    versjon = p.versjoner.order_by("-nummer").first() or version(world, sak, 1, dato, None, [])
    return Evaluering.objects.create(
        plan=p,
        versjon=versjon,
        status=Evaluering.Status.GJENNOMFORT,
        dato=dato,
        gjennomfort=noon(dato),
        gjennomfort_av=sak.saksbehandler,
        opprettet_av=sak.saksbehandler,
        fra_barnet=child_view,
        barnet_ikke_spurt_begrunnelse="" if child_view else "Barnet var syk.",
    )


def consent(sak, measure: Tiltak, given: date, *, part=None, child=False, withdrawn=None):
    s = Samtykke.objects.create(
        sak=sak,
        part=None if child else part,
        gitt_av_barnet=child,
        formal="Støttekontakt",
        gitt_dato=given,
        trukket_dato=withdrawn,
        registrert_av=sak.saksbehandler,
    )
    s.tiltak.add(measure)
    return s
