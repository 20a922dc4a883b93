"""Demo contractors in every state, with assignments planned and running, made through the
real services so that the lists, the work list and the history look as they would in use.

Called at the end of :func:`demo.data.load_demo`, after the decisions:

- contractors registered, documented, approved (with the approval document), suspended and
  ended; a municipal employee and a company's service (OPP-03); one with an old police
  certificate (flagged);
- planned assignments on the demo's approved decisions (one contractor not yet approved, so
  the measure cannot start: OPP-02);
- three measures of their own that started last month, each with an approved plan (PLAN-04)
  and an approved contractor, with timesheets and reports received or missing (OPP-05), so
  the clerical officer's work list has something on it.

What happened in the past is replayed through the services on the day it happened
(``core.clock.on_day``, the clock every demo uses), so the dates, the rules (a measure never
starts before its decision was approved, VED-11) and the history agree.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from cases.models import Sak
from core.clock import on_day
from documents.recipients import Recipient, parties_of
from plans import services as ps
from plans.models import Tiltaksplan
from vedtak import services as vs
from vedtak.demo import tekst
from vedtak.models import Tiltak, Tiltakstype, Vedtak

from . import rules, services
from .models import Oppdrag, Oppdragstaker, Politiattest

STARTED_DAYS_AGO = 50

CONTRACTORS = [
    # key, kind, engagement, first, last, company, state
    ("stotte1", "stottekontakt", "oppdragstaker", "Eirik", "Sandvoll", "", "godkjent"),
    ("veileder", "veileder", "oppdragstaker", "Marit", "Lyngstad", "", "godkjent"),
    ("besok1", "besokshjem", "oppdragstaker", "Gunn og Per", "Myrhaug", "", "godkjent"),
    ("stotte2", "stottekontakt", "oppdragstaker", "Jonas", "Furuheim", "", "godkjent"),
    ("familie", "stottefamilie", "oppdragstaker", "Hanne", "Rydningen", "", "gammel_attest"),
    ("besok2", "besokshjem", "oppdragstaker", "Liv", "Håkonsen", "", "dokumentasjon_mottatt"),
    ("fritid", "fritidskontakt", "oppdragstaker", "Sander", "Økland", "", "registrert_attest"),
    ("ny", "stottekontakt", "oppdragstaker", "Amina", "Farah", "", "registrert"),
    ("miljo", "veileder", "kommunalt_ansatt", "Trude", "Bergan", "", "dokumentasjon_mottatt"),
    ("firma", "kjopt_tjeneste", "firma", "Kristin", "Vold", "Familiekompetanse AS", "godkjent"),
    ("suspendert", "fritidskontakt", "oppdragstaker", "Rolf", "Nesbakk", "", "suspendert"),
    ("avsluttet", "tilsynsforer", "oppdragstaker", "Berit", "Aune", "", "avsluttet"),
]

PLAN_TEXT = {
    "utfordringer": "Foreldrene strever med rutiner og grensesetting i hverdagen.",
    "ressurser": "Foreldrene er motiverte. Besteforeldrene bor i nærheten.",
    "behov": "Barnet trenger faste rutiner og en trygg voksen å gjøre aktiviteter med.",
    "ansvar": "Barnevernstjenesten følger opp. Skolen melder fravær samme dag.",
    "barnets_onsker": "Vil spille fotball og ha noen å snakke med.",
    "tilpasninger": "Ingen behov for tolk.",
    "sikkerhetsplan": "Ring barnevernsvakten på 116 111 utenom kontortid.",
    "medvirkning_barn": "Barnet var med på første del av planmøtet og sa hva som er viktig.",
    "medvirkning_foreldre": "Begge foreldrene deltok i planmøtet.",
    "til_barnet": "Vi har laget en plan sammen, så du får det bedre hjemme og på skolen.",
}


def load_contractor_demo(*, users: dict, saker: list[Sak], today: date, rng: random.Random) -> int:
    sb, tl, bvl = users["saksbehandler"], users["teamleder"], users["barnevernleder"]
    kf = users["kontorfaglig"]
    made = {key: _contractor(sb, bvl, today, *row) for key, *row in CONTRACTORS}

    # Planned assignments on the decisions of the vedtak demo (measures not started).
    planned = _open_measures(exclude_sak_ids=set())
    for kode, key in (
        ("stottekontakt", "stotte2"),
        ("besokshjem", "besok2"),
        ("rad-og-veiledning", "firma"),
        ("foreldreveiledning", "miljo"),
    ):
        tiltak = next((t for t in planned if t.type.kode == kode), None)
        if tiltak is None:
            continue
        planned.remove(tiltak)
        start = max(tiltak.startdato or today, today + timedelta(days=1))
        oppdrag = _assign(sb, tiltak, made[key], start, rng)
        if key == "firma":
            services.oppdrag_brief(
                actor=sb,
                oppdrag_id=oppdrag.pk,
                orientert_dato=today,
                notat="Gjennomgang av saken, målene i vedtaket og avtalene med familien.",
            )

    # Three measures of their own that started last month (OPP-05 on the work list).
    fresh = [
        s
        for s in saker
        if s.saksbehandler_id == sb.pk and s.parter.exists() and not s.vedtak.exists()
    ][:3]
    running = [
        ("stottekontakt", "stotte1", "missing"),
        ("foreldreveiledning", "veileder", "report_missing"),
        ("besokshjem", "besok1", "complete"),
    ]
    start = today - timedelta(days=STARTED_DAYS_AGO)
    for sak, (kode, key, follow_up) in zip(fresh, running, strict=False):
        tiltak = _approved_measure(sb, tl, bvl, sak, kode, start)
        with on_day(start - timedelta(days=3)):
            oppdrag = _assign(sb, tiltak, made[key], start, rng)
            if oppdrag.trenger_orientering:
                services.oppdrag_brief(
                    actor=sb,
                    oppdrag_id=oppdrag.pk,
                    orientert_dato=start - timedelta(days=3),
                    notat="Gjennomgang av saken, familiens utfordringer og målene.",
                )
            _approved_plan(sb, tl, sak, tiltak, start)
        with on_day(start):
            vs.tiltak_start(actor=sb, tiltak_id=tiltak.pk, fra_dato=start)
        _follow_up(sb, kf, oppdrag, today, follow_up)
    return len(made)


def _contractor(sb, bvl, today, kind, engagement, first, last, company, state) -> Oppdragstaker:
    old = state == "gammel_attest"
    issued = (
        rules.politiattest_oldest_allowed(today) - timedelta(days=60)
        if old
        else today - timedelta(days=150)
    )
    # Registered, documented and approved on the day the certificate was assessed.
    with on_day(issued + timedelta(days=8)):
        o = _register(sb, kind, engagement, first, last, company, state, issued)
    if state == "suspendert":
        services.oppdragstaker_suspend(
            actor=bvl,
            oppdragstaker_id=o.pk,
            reason="Venter på avklaring etter en bekymring fra en forelder.",
        )
    elif state == "avsluttet":
        services.oppdragstaker_end(
            actor=sb, oppdragstaker_id=o.pk, reason="Har flyttet fra kommunen."
        )
    return o


def _register(sb, kind, engagement, first, last, company, state, issued) -> Oppdragstaker:
    o = services.oppdragstaker_create(
        actor=sb,
        data={
            "type": kind,
            "tilknytning": engagement,
            "fornavn": first,
            "etternavn": last,
            "firmanavn": company,
            "arbeider_med_barnet": True,
            "telefon": f"9{(sum(map(ord, last)) * 7919) % 10_000_000:07d}",
            "adresse": f"{last}vegen 3, 9999 Fjordvik",
            "merknad": "Har erfaring med barn og unge." if kind != "kjopt_tjeneste" else "",
        },
    )
    if state == "registrert":
        return o
    services.politiattest_register(
        actor=sb,
        oppdragstaker_id=o.pk,
        utstedt_dato=issued,
        vurdert_dato=issued + timedelta(days=7),
        resultat=Politiattest.Resultat.INGEN_MERKNADER,
    )
    if state == "registrert_attest":
        return o
    services.taushetserklaering_register(
        actor=sb, oppdragstaker_id=o.pk, signert_dato=issued + timedelta(days=8)
    )
    services.oppdragstaker_receive_documentation(actor=sb, oppdragstaker_id=o.pk)
    if state == "dokumentasjon_mottatt":
        return o
    services.oppdragstaker_approve(actor=sb, oppdragstaker_id=o.pk)
    return o


def _open_measures(exclude_sak_ids: set[int]) -> list:
    return list(
        Tiltak.objects.filter(
            vedtak__status__in=[Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT],
            vedtak__type=Vedtak.Type.NYTT,
            fra_dato__isnull=True,
            bortfalt_dato__isnull=True,
            oppdrag__isnull=True,
        )
        .exclude(vedtak__sak_id__in=exclude_sak_ids)
        .select_related("type", "vedtak")
        .order_by("vedtak__sak_id", "pk")
    )


def _assign(sb, tiltak, o: Oppdragstaker, start: date, rng: random.Random) -> Oppdrag:
    besok = o.type == Oppdragstaker.Type.BESOKSHJEM
    return services.oppdrag_create(
        actor=sb,
        tiltak_id=tiltak.pk,
        oppdragstaker_id=o.pk,
        data={
            "fra_dato": start,
            "til_dato": start + timedelta(days=365),
            "timer": Decimal(rng.choice(["3", "4", "6"])) if not besok else Decimal("48"),
            "timer_per": "uke" if not besok else "maned",
            "godtgjoring": "faktura"
            if o.tilknytning == "firma"
            else ("dogn" if besok else "timesats"),
            "sats": "Etter KS-satser for oppdragstakere" if o.tilknytning != "firma" else "",
            "utgiftsdekning": "Aktiviteter inntil 500 kroner i måneden, kjøring etter statens sats."
            if not besok
            else "",
            "veiledningsplan": (
                "Saksbehandler har veiledningssamtale med oppdragstakeren hver måned de første "
                "tre månedene, deretter hvert kvartal, og ellers ved behov."
            ),
            "rapportering": "kvartalsvis" if besok else "manedlig",
            "oppgaver": "Faste aktiviteter med barnet, etter barnets interesser.",
        },
    )


def _approved_measure(sb, tl, bvl, sak: Sak, kode: str, start: date):
    """A decision with one measure planned from ``start``, each step replayed on its day:
    written a month before, the parties notified and answering, their consents given, and
    approved two weeks before the start."""

    def before(days: int) -> date:
        return start - timedelta(days=days)

    t = Tiltakstype.objects.get(kode=kode)
    with on_day(before(32)):
        v = vs.vedtak_create(actor=sb, sak_id=sak.pk)
        v = vs.vedtak_update(actor=sb, vedtak_id=v.pk, versjon=v.versjon, data=tekst([t]))
        v = Vedtak.objects.get(pk=v.pk)
        vs.tiltak_add(
            actor=sb,
            vedtak_id=v.pk,
            versjon=v.versjon,
            data={
                "type": t,
                "omfang": "4 timer per uke",
                "startdato": start,
                "rettet_mot_barnet": t.rettet_mot_barnet,
            },
        )
        vs.vedtak_send_to_guidance(actor=sb, vedtak_id=v.pk)
        vs.vedtak_approve_measures(actor=tl, vedtak_id=v.pk)
        vs.vedtak_release_for_approval(actor=tl, vedtak_id=v.pk)
    keys = [r.key for r in parties_of(sak, before(30))]
    with on_day(before(30)):
        notices = vs.forhandsvarsel_send(
            actor=sb, vedtak_id=v.pk, mottakere=keys, sendt=before(30), frist=before(16)
        )
    with on_day(before(20)):
        for n in notices:
            vs.forhandsvarsel_register_statement(
                actor=sb, forhandsvarsel_id=n.pk, mottatt=before(20), uttalelse="Enig i forslaget."
            )
    tiltak = Vedtak.objects.get(pk=v.pk).tiltak.get()
    givers = [Recipient(p).key for p in sak.parter.filter(aktiv=True, daglig_omsorg=True)]
    if sak.barn_er_part(before(15)) and tiltak.rettet_mot_barnet:
        givers.append(Recipient.child().key)
    with on_day(before(15)):
        for giver in givers:
            vs.samtykke_create(
                actor=sb,
                sak_id=sak.pk,
                giver=giver,
                tiltak_ids=[tiltak.pk],
                data={
                    "formal": "Gjennomføring av tiltaket i vedtaket.",
                    "informasjon": "Barnets behov deles med oppdragstakeren som utfører tiltaket.",
                    "gitt_dato": before(15),
                    "informert_om_tilbaketrekking": True,
                    "informert_om_rettigheter": True,
                },
                order_document=False,
            )
    with on_day(before(14)):
        vs.vedtak_approve(
            actor=bvl,
            vedtak_id=v.pk,
            override_reason="Tiltaksplan utarbeides i første møte med familien.",
        )
    return tiltak


def _approved_plan(sb, tl, sak: Sak, tiltak, start: date) -> None:
    """PLAN-04: an approved plan covers the measure from its start."""
    if Tiltaksplan.objects.filter(sak=sak).exists():
        return
    today = timezone.localdate()
    versjon = ps.tiltaksplan_create(actor=sb, sak_id=sak.pk)
    deadline = today + timedelta(days=180)
    ps.planversjon_update(
        actor=sb,
        versjon_id=versjon.pk,
        data={
            **PLAN_TEXT,
            "gyldig_fra": start,
            "gyldig_til": None,
            # EVAL-01: within 3 months of the start, still ahead of today's demo date.
            "neste_evaluering": start + timedelta(weeks=11),
        },
        tiltak=[(tiltak.pk, deadline)],
        goals=[
            {
                "beskrivelse": "Barnet har en fast voksen å gjøre aktiviteter med",
                "indikator": "Aktiviteter per måned",
                "niva_na": "0",
                "malniva": "4",
                "barnets_ord": "Jeg vil spille fotball",
                "frist": deadline,
            }
        ],
        activities=[
            {
                "hva": f"{tiltak.type.navn}",
                "hvor": "Hjemme og i nærmiljøet",
                "hvor_ofte": "Hver uke",
                "ansvarlig": "Oppdragstakeren",
            }
        ],
    )
    ps.planversjon_send_for_approval(actor=sb, versjon_id=versjon.pk)
    ps.planversjon_approve(actor=tl, versjon_id=versjon.pk)


def _follow_up(sb, kf, oppdrag: Oppdrag, today: date, how: str) -> None:
    """OPP-05: timesheets and reports received, with last month's missing as asked."""
    last = rules.last_month(today)
    months = []
    month = rules.month_start(oppdrag.fra_dato)
    while month < last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    for m in months:
        for kind in ("timeliste", "rapport"):
            if kind == "rapport" and not rules.report_due_in(oppdrag.rapportering, m):
                continue
            services.innlevering_register(
                actor=kf if kind == "timeliste" else sb,
                oppdrag_id=oppdrag.pk,
                type=kind,
                periode=m,
                mottatt=min(today, (m + timedelta(days=40)).replace(day=5)),
            )
    if how in ("report_missing", "complete"):
        services.innlevering_register(
            actor=kf, oppdrag_id=oppdrag.pk, type="timeliste", periode=last, mottatt=today
        )
    if how == "complete":
        if rules.report_due_in(oppdrag.rapportering, last):
            services.innlevering_register(
                actor=sb, oppdrag_id=oppdrag.pk, type="rapport", periode=last, mottatt=today
            )
        if oppdrag.trenger_arbeidskontrakt:
            services.oppdrag_register_contract(
                actor=kf, oppdrag_id=oppdrag.pk, dato=oppdrag.fra_dato
            )
