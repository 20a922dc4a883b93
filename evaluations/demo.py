"""Demo plans and evaluations in every state, made through the real services.

A plan's life takes months: measures start, evaluations come every few weeks. The demo replays
that history through the services with a simulated clock (``core.clock.on_day``), so that
every date, rule check, history row and letter is what the services themselves made on that
day. A plan names only the measures its decisions grant (its needs and activities follow
them). Cases:

- a draft plan; a plan waiting for the team leader's approval; one returned with a comment;
- running plans on time; a first evaluation overdue; one past the 3-month limit (EVAL-01);
- a plan with two versions and completed evaluations sent to the parties;
- an evaluation being written; one that concluded to end a measure (EVAL-04: a draft vedtak);
- a plan that ran out while its measure runs (PLAN-04, reported nightly).
"""

from __future__ import annotations

import logging
import random
from datetime import date, timedelta

from django.utils import timezone

from cases.models import Sak
from core.clock import on_day
from core.exceptions import DomainError
from documents.models import Utsending
from documents.recipients import Recipient, parties_of
from plans import services
from plans.models import Planversjon, Tiltaksplan
from vedtak import services as vedtak_services
from vedtak.models import Tiltak, Tiltakstype, Vedtak

from . import services as eval_services

logger = logging.getLogger(__name__)

VEDTAK_TEKST = {
    "bakgrunn": (
        "Barnevernstjenesten har undersøkt familiens situasjon etter bekymringsmelding fra "
        "skolen. Foreldrene ønsker hjelp, og barnet trenger mer stabilitet i hverdagen."
    ),
    "vurdering": (
        "Tjenesten vurderer at vilkårene i barnevernsloven § 3-1 er oppfylt, og at tiltakene "
        "er egnet til å gi barnet en bedre omsorgssituasjon."
    ),
    "barnets_mening": "Barnet er positivt til å få en voksen å gjøre aktiviteter med.",
    "barnets_mening_vekt": "Barnets mening er tillagt stor vekt.",
    "barnets_beste": "Tiltakene er til barnets beste.",
}

PLAN_TEKST = {
    "utfordringer": (
        "Familien har lite struktur i hverdagen etter samlivsbruddet. Barnet har høyt fravær "
        "og lite kontakt med jevnaldrende utenfor skolen."
    ),
    "ressurser": (
        "Mor er motivert for endring. Besteforeldrene bor i nærheten og kan avlaste. Barnet er "
        "glad i fotball og har en god kontakt med kontaktlæreren."
    ),
    "ansvar": (
        "Barnevernstjenesten følger opp planen og kaller inn til evaluering. Skolen melder "
        "fravær samme dag. Foreldrene følger opp de avtalte rutinene."
    ),
    "barnets_onsker": "Vil spille fotball, ha noen å snakke med og slippe å komme for sent.",
    "tilpasninger": "Foreldrene ønsker tolk i møtene.",
    "sikkerhetsplan": (
        "Hvis det blir vanskelig hjemme: ring mormor (tlf. 99 00 00 01) eller "
        "barnevernsvakten (tlf. 116 111). Skolen ringer barnevernstjenesten ved bekymring."
    ),
    "medvirkning_barn": "Barnet var med i første del av planmøtet og sa hva som er viktig.",
    "medvirkning_foreldre": "Begge foreldrene deltok i planmøtet, mor med tolk.",
    "til_barnet": (
        "Vi har laget en plan sammen med deg og foreldrene dine. Her står det hva vi skal "
        "jobbe med, og hvem som hjelper deg."
    ),
}

GOALS = [
    {
        "beskrivelse": "Barnet kommer på skolen hver dag og i tide",
        "indikator": "Dager med fravær eller forsinkelse per måned (skolens register)",
        "niva_na": "7 dager",
        "malniva": "Høyst 1 dag",
        "barnets_ord": "Jeg skal komme meg på skolen i tide",
    },
    {
        "delmal": True,
        "beskrivelse": "Fast morgenrutine hjemme",
        "indikator": "Morgener per uke med rutinen fulgt (foreldrenes logg)",
        "niva_na": "1",
        "malniva": "5",
        "barnets_ord": "Vi har en fast plan om morgenen",
    },
    {
        "beskrivelse": "Barnet har en fast fritidsaktivitet",
        "indikator": "Treninger deltatt per måned",
        "niva_na": "0",
        "malniva": "6",
        "barnets_ord": "Jeg spiller fotball",
    },
]
# How the needs are met and the activities, per measure: a plan names only the measures its
# decisions grant (PLAN-02, PLAN-04).
BEHOV = {
    "foreldreveiledning": "Foreldreveiledning for å få faste rutiner morgen og kveld.",
    "stottekontakt": (
        "Støttekontakt for å gi barnet en fritid med aktiviteter og en stabil voksen."
    ),
    "leksehjelp": "Leksehjelp to ettermiddager i uken, så barnet henger med på skolen.",
    "besokshjem": (
        "Besøkshjem én helg i måneden, så barnet får gode opplevelser og foreldrene avlastning."
    ),
}
AKTIVITETER = {
    "foreldreveiledning": {
        "hva": "Foreldreveiledning med fokus på rutiner",
        "hvor": "Hjemme",
        "hvor_ofte": "Hver uke, 1,5 time",
        "ansvarlig": "Veileder i barnevernstjenesten",
    },
    "stottekontakt": {
        "hva": "Støttekontakt – fotball og samtaler",
        "hvor": "Fotballbanen og nærmiljøet",
        "hvor_ofte": "4 timer per uke",
        "ansvarlig": "Støttekontakten",
    },
    "leksehjelp": {
        "hva": "Leksehjelp etter skoletid",
        "hvor": "Skolen",
        "hvor_ofte": "To ettermiddager i uken",
        "ansvarlig": "Leksehjelperen",
    },
    "besokshjem": {
        "hva": "Helg i besøkshjemmet",
        "hvor": "Besøkshjemmet",
        "hvor_ofte": "Én helg i måneden",
        "ansvarlig": "Besøkshjemmet",
    },
}
SKOLEN = {
    "hva": "Fraværsmelding til foreldre og barnevernstjenesten",
    "hvor": "Skolen",
    "hvor_ofte": "Samme dag",
    "ansvarlig": "Kontaktlærer",
}


def _behov(tiltak: list[Tiltak]) -> str:
    return " ".join(BEHOV.get(t.type.kode, f"{t.type.navn} etter vedtaket.") for t in tiltak)


def _activities(tiltak: list[Tiltak]) -> list[dict[str, str]]:
    return [AKTIVITETER[t.type.kode] for t in tiltak if t.type.kode in AKTIVITETER] + [SKOLEN]


EVAL_TEKST = {
    "deltakere": "Mor (med tolk), far, barnet, kontaktlærer, saksbehandler",
    "fra_tjenesten": "Veilederen ser at morgenrutinen fungerer de fleste dager.",
    "fra_samarbeidspartnere": "Skolen melder at fraværet er mer enn halvert.",
    "fra_foreldre": "Foreldrene opplever mindre konflikt om morgenen.",
    "fra_barnet": "Barnet sier det er gøy på fotball og lettere å komme seg av gårde.",
}


def _vedtak(users, sak: Sak, koder: tuple[str, ...], day: date, rng) -> list[Tiltak]:
    """An approved decision with measures planned a week after ``day`` (VED-03 … VED-07)."""
    sb, tl, bvl = users["saksbehandler"], users["teamleder"], users["barnevernleder"]
    typer = {t.kode: t for t in Tiltakstype.objects.filter(kode__in=koder)}
    with on_day(day - timedelta(days=20)):
        v = vedtak_services.vedtak_create(actor=sb, sak_id=sak.pk)
        v = vedtak_services.vedtak_update(
            actor=sb, vedtak_id=v.pk, versjon=v.versjon, data=VEDTAK_TEKST
        )
        for kode in koder:
            t = typer[kode]
            vedtak_services.tiltak_add(
                actor=sb,
                vedtak_id=v.pk,
                versjon=Vedtak.objects.get(pk=v.pk).versjon,
                data={
                    "type": t,
                    "omfang": rng.choice(
                        ["2 timer per uke", "4 timer per uke", "1,5 time per uke"]
                    ),
                    "startdato": day + timedelta(days=7),
                    "rettet_mot_barnet": t.rettet_mot_barnet,
                },
            )
        vedtak_services.vedtak_send_to_guidance(actor=sb, vedtak_id=v.pk)
        vedtak_services.vedtak_approve_measures(actor=tl, vedtak_id=v.pk)
        vedtak_services.vedtak_release_for_approval(actor=tl, vedtak_id=v.pk)
        keys = [r.key for r in parties_of(sak, timezone.localdate())]
        notices = vedtak_services.forhandsvarsel_send(
            actor=sb,
            vedtak_id=v.pk,
            mottakere=keys,
            sendt=day - timedelta(days=20),
            frist=day - timedelta(days=6),
        )
    with on_day(day - timedelta(days=8)):
        for n in notices:
            vedtak_services.forhandsvarsel_register_statement(
                actor=sb,
                forhandsvarsel_id=n.pk,
                mottatt=day - timedelta(days=8),
                uttalelse="Enig i forslaget.",
            )
        v = Vedtak.objects.get(pk=v.pk)
        ids = list(v.tiltak.values_list("pk", flat=True))
        givers = [Recipient(p).key for p in sak.parter.filter(aktiv=True, daglig_omsorg=True)]
        if sak.barn_er_part() and v.tiltak.filter(rettet_mot_barnet=True).exists():
            givers.append(Recipient.child().key)
        for giver in givers:
            vedtak_services.samtykke_create(
                actor=sb,
                sak_id=sak.pk,
                giver=giver,
                tiltak_ids=ids,
                data={
                    "formal": "Gjennomføring av tiltakene i vedtaket.",
                    "informasjon": "Barnets behov deles med dem som gjennomfører tiltakene.",
                    "gitt_dato": day - timedelta(days=8),
                    "informert_om_tilbaketrekking": True,
                    "informert_om_rettigheter": True,
                },
                order_document=False,
            )
    with on_day(day):
        vedtak_services.vedtak_approve(
            actor=bvl,
            vedtak_id=v.pk,
            override_reason="Tiltaksplanen lages i første møte med familien.",
        )
    return list(Tiltak.objects.filter(vedtak=v).select_related("type").order_by("rekkefolge", "pk"))


def _fill(
    users, versjon: Planversjon, tiltak: list[Tiltak], *, day: date, neste: date, goals=GOALS
):
    frist = day + timedelta(days=180)
    return services.planversjon_update(
        actor=users["saksbehandler"],
        versjon_id=versjon.pk,
        data={**PLAN_TEKST, "behov": _behov(tiltak), "gyldig_fra": day, "neste_evaluering": neste},
        tiltak=[(t.pk, frist) for t in tiltak],
        goals=[{**g, "frist": frist} for g in goals],
        activities=_activities(tiltak),
    )


def _approved_plan(users, sak, tiltak, day: date, *, gyldig_til=None) -> Planversjon:
    sb, tl = users["saksbehandler"], users["teamleder"]
    with on_day(day):
        versjon = services.tiltaksplan_create(actor=sb, sak_id=sak.pk)
        # EVAL-01: the first evaluation 6 weeks after the planned start.
        neste = day + timedelta(days=7) + timedelta(weeks=6)
        _fill(users, versjon, tiltak, day=day, neste=neste)
        if gyldig_til:
            services.planversjon_update(
                actor=sb, versjon_id=versjon.pk, data={"gyldig_til": gyldig_til}
            )
        services.planversjon_send_for_approval(actor=sb, versjon_id=versjon.pk)
    with on_day(day + timedelta(days=2)):
        return services.planversjon_approve(actor=tl, versjon_id=versjon.pk)


def _start(users, tiltak: list[Tiltak], day: date) -> None:
    with on_day(day):
        for t in tiltak:
            vedtak_services.tiltak_start(actor=users["saksbehandler"], tiltak_id=t.pk, fra_dato=day)


def _evaluate(users, sak, day: date, neste: date | None, konklusjon="fortsette", complete=True):
    sb = users["saksbehandler"]
    with on_day(day):
        ev = eval_services.evaluering_create(actor=sb, sak_id=sak.pk)
        ev = eval_services.evaluering_update(
            actor=sb,
            evaluering_id=ev.pk,
            data={**EVAL_TEKST, "dato": day, "neste_evaluering": neste},
            vurderinger={
                v.maal_id: {"fremgang": "god", "niva_na": "Bedre", "kommentar": "God utvikling."}
                for v in ev.maalvurderinger.all()
            },
            konklusjoner={
                k.tiltak_id: {"konklusjon": konklusjon, "begrunnelse": "Vurdert i møtet."}
                for k in ev.konklusjoner.all()
            },
        )
        if complete:
            ev = eval_services.evaluering_complete(actor=sb, evaluering_id=ev.pk)
    return ev


def _send(users, send, day: date, **kwargs) -> None:
    """DOK-02: every party got the letter on ``day`` (skipped while the worker makes it)."""
    try:
        with on_day(day):
            send(actor=users["saksbehandler"], **kwargs)
    except DomainError:
        logger.info("evaluations.demo.dispatch_skipped")


def _kanaler(sak) -> dict[str, str]:
    """DOK-02: the parties by letter, the child (when a party) handed it in person."""
    return {
        r.key: Utsending.Kanal.OVERLEVERT if r.is_child else Utsending.Kanal.BREV
        for r in parties_of(sak, timezone.localdate())
    }


def load_plan_demo(*, users: dict, saker: list[Sak], today: date, rng: random.Random) -> int:
    """Plans in every state on the measures team's cases that have no decision yet."""
    sb = users["saksbehandler"]
    free = [
        s
        for s in saker
        if s.saksbehandler_id == sb.pk
        and s.parter.filter(daglig_omsorg=True).exists()
        and not s.vedtak.exists()
        and not Tiltaksplan.objects.filter(sak=s).exists()
    ]
    scenarios = [
        _draft,
        _waiting,
        _returned,
        _on_time,
        _first_overdue,
        _over_limit,
        _two_versions,
        _evaluation_in_progress,
        _ending,
        _ran_out,
    ]
    made = 0
    for sak, scenario in zip(free, scenarios, strict=False):
        scenario(users, sak, today, rng)
        made += 1
    return made


def _draft(users, sak, today, rng):
    tiltak = _vedtak(users, sak, ("foreldreveiledning",), today - timedelta(days=5), rng)
    with on_day(today - timedelta(days=1)):
        versjon = services.tiltaksplan_create(actor=users["saksbehandler"], sak_id=sak.pk)
        services.planversjon_update(
            actor=users["saksbehandler"],
            versjon_id=versjon.pk,
            data={k: PLAN_TEKST[k] for k in ("utfordringer", "ressurser")},
            tiltak=[(t.pk, None) for t in tiltak],
            goals=GOALS[:1],
        )


def _waiting(users, sak, today, rng):
    tiltak = _vedtak(
        users, sak, ("stottekontakt", "foreldreveiledning"), today - timedelta(days=8), rng
    )
    with on_day(today - timedelta(days=2)):
        versjon = services.tiltaksplan_create(actor=users["saksbehandler"], sak_id=sak.pk)
        _fill(users, versjon, tiltak, day=today, neste=today + timedelta(weeks=5))
        services.planversjon_send_for_approval(actor=users["saksbehandler"], versjon_id=versjon.pk)


def _returned(users, sak, today, rng):
    tiltak = _vedtak(users, sak, ("leksehjelp",), today - timedelta(days=10), rng)
    with on_day(today - timedelta(days=4)):
        versjon = services.tiltaksplan_create(actor=users["saksbehandler"], sak_id=sak.pk)
        _fill(users, versjon, tiltak, day=today, neste=today + timedelta(weeks=5), goals=GOALS[:1])
        services.planversjon_send_for_approval(actor=users["saksbehandler"], versjon_id=versjon.pk)
    with on_day(today - timedelta(days=3)):
        services.planversjon_return_to_draft(
            actor=users["teamleder"],
            versjon_id=versjon.pk,
            comment="Målet må ha et delmål for skolearbeidet. Hvem følger opp leksene?",
        )


def _running(users, sak, today, rng, *, started_days_ago: int, koder=("stottekontakt",)):
    start = today - timedelta(days=started_days_ago)
    approved = start - timedelta(days=9)
    tiltak = _vedtak(users, sak, koder, approved, rng)
    versjon = _approved_plan(users, sak, tiltak, approved)
    _start(users, tiltak, start)
    _send(
        users,
        services.planversjon_send_out,
        min(start, today),
        versjon_id=versjon.pk,
        kanaler=_kanaler(sak),
    )
    return tiltak, versjon, start


def _on_time(users, sak, today, rng):
    _running(
        users, sak, today, rng, started_days_ago=12, koder=("stottekontakt", "foreldreveiledning")
    )


def _first_overdue(users, sak, today, rng):
    _running(users, sak, today, rng, started_days_ago=55)


def _over_limit(users, sak, today, rng):
    _tiltak, _versjon, start = _running(users, sak, today, rng, started_days_ago=150)
    done = start + timedelta(days=40)
    _evaluate(users, sak, done, done + timedelta(days=85))


def _two_versions(users, sak, today, rng):
    tiltak, _versjon, start = _running(
        users, sak, today, rng, started_days_ago=120, koder=("foreldreveiledning", "stottekontakt")
    )
    first = start + timedelta(days=38)
    ev = _evaluate(users, sak, first, first + timedelta(days=70), konklusjon="justere")
    _send(
        users,
        eval_services.evaluering_send_out,
        first + timedelta(days=1),
        evaluering_id=ev.pk,
        kanaler=_kanaler(sak),
    )
    changed = first + timedelta(days=3)
    with on_day(changed):
        v2 = services.planversjon_create(actor=users["saksbehandler"], sak_id=sak.pk)
        goals = [
            *GOALS,
            {
                "beskrivelse": "Barnet gjør lekser tre dager i uken",
                "indikator": "Dager med lekser gjort per uke",
                "niva_na": "1",
                "malniva": "3",
                "barnets_ord": "Jeg gjør leksene mine",
            },
        ]
        _fill(users, v2, tiltak, day=changed, neste=first + timedelta(days=70), goals=goals)
        services.planversjon_send_for_approval(actor=users["saksbehandler"], versjon_id=v2.pk)
        services.planversjon_approve(actor=users["teamleder"], versjon_id=v2.pk)
    _send(
        users,
        services.planversjon_send_out,
        changed + timedelta(days=1),
        versjon_id=v2.pk,
        kanaler=_kanaler(sak),
    )
    second = today - timedelta(days=10)
    ev = _evaluate(users, sak, second, today + timedelta(days=60))
    _send(
        users,
        eval_services.evaluering_send_out,
        second + timedelta(days=1),
        evaluering_id=ev.pk,
        kanaler=_kanaler(sak),
    )


def _evaluation_in_progress(users, sak, today, rng):
    _tiltak, _versjon, start = _running(users, sak, today, rng, started_days_ago=80)
    first = start + timedelta(days=40)
    _evaluate(users, sak, first, today + timedelta(days=3))
    _evaluate(users, sak, today, today + timedelta(days=80), complete=False)


def _ending(users, sak, today, rng):
    _tiltak, _versjon, start = _running(
        users, sak, today, rng, started_days_ago=60, koder=("leksehjelp",)
    )
    _evaluate(
        users, sak, start + timedelta(days=42), today + timedelta(days=40), konklusjon="avslutte"
    )


def _ran_out(users, sak, today, rng):
    start = today - timedelta(days=100)
    approved = start - timedelta(days=9)
    tiltak = _vedtak(users, sak, ("besokshjem",), approved, rng)
    _approved_plan(users, sak, tiltak, approved, gyldig_til=today - timedelta(days=10))
    _start(users, tiltak, start)
    _evaluate(users, sak, start + timedelta(days=40), today + timedelta(days=20))
