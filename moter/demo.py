"""Demo meetings (MOTE-01, MOTE-04, MOTE-05), made through the real services on the days they
happened (``core.clock.on_day``): on a few of the caseworker's cases with a started measure, a
held oppstartsmøte on the day each measure started (MOTE-06), a
meeting held some days ago with its minutes signed (a journal note, MOTE-01/JOUR-02) and an
agreed action still open (MOTE-04: in «Mine frister»), and a meeting planned for the coming
days; the first case has an ansvarsgruppe (MOTE-05) whose held meeting was one of its own.

No letters are ordered and no outside participant is named: both would need more of the story
(a consent naming the service, MOTE-03; the worker making the PDFs) than the demo tells here."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cases.models import Sak
from core.clock import on_day

from . import rules, services
from .selectors import measures_of

#: How many of the caseworker's cases get meetings.
CASES = 3

AGENDA = "1. Hvordan går det hjemme og på skolen\n2. Tiltaket så langt\n3. Veien videre"
MINUTES = (
    "Foreldrene fortalte at hverdagen er roligere, og at morgenrutinen fungerer. Skolen har "
    "meldt om mindre fravær. Barnet ønsker å fortsette med fotballen."
)
#: The oppstartsmøte's minutes (MOTE-06): the measure explained and agreed on its first day.
OPPSTART_MINUTES = (
    "Saksbehandler gikk gjennom vedtaket og tiltaksplanen med foreldrene. Det ble avtalt "
    "hvem som gjør hva den første tiden, og når tiltaket evalueres."
)
ASSESSMENT = "Tiltaket virker etter hensikten. Tjenesten fortsetter oppfølgingen som planlagt."
MEMBERS = "Mor og far\nKontaktlærer, Fjordvik skole\nHelsesykepleier, Fjordvik helsestasjon"


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _cases(sb, saker: list[Sak], today: date) -> list[Sak]:
    """The caseworker's first cases whose measure has started, in the order given."""
    own = [s for s in saker if s.saksbehandler_id == sb.pk]
    return [s for s in own if measures_of(s).filter(fra_dato__lte=today).exists()][:CASES]


def _held(sb, sak: Sak, kind: str, day: date, parter, today: date, lead: int, **links):
    """A meeting of ``kind`` planned ``lead`` days before ``day``, held on it, its minutes
    signed the next day (a signed journal note of the kind «møte», MOTE-01), never after
    ``today``."""
    with on_day(day - timedelta(days=lead)):
        mote = services.mote_plan(
            actor=sb,
            sak_id=sak.pk,
            data={
                "type": kind,
                "tidspunkt": _at(day, 10),
                "sted": "Fjordvik rådhus, møterom 2",
                "agenda": AGENDA,
                "anonym": False,
                "leder": sb.pk,
                "referent": sb.pk,
            },
            parter=parter,
            ansatte=[sb],
            **links,
        )
    with on_day(day):
        services.mote_hold(actor=sb, mote_id=mote.pk)
        referat = OPPSTART_MINUTES if kind == rules.OPPSTARTSMOTE else MINUTES
        services.mote_write_minutes(
            actor=sb, mote_id=mote.pk, referat=referat, vurdering=ASSESSMENT
        )
    with on_day(min(day + timedelta(days=1), today)):
        services.mote_sign(actor=sb, mote_id=mote.pk)
    return mote


def load_meeting_demo(*, users: dict, saker: list[Sak], today: date, rng: random.Random) -> int:
    """Meetings on the caseworker's first cases with a started measure: the oppstartsmøte of
    each started measure, one held recently with signed minutes and an open agreed action, one
    planned; an ansvarsgruppe on the first. Returns the number of meetings planned."""
    sb = users["saksbehandler"]
    made = 0
    for n, sak in enumerate(_cases(sb, saker, today)):
        parter = [p.pk for p in sak.parter.filter(aktiv=True)[:2]]
        for tiltak in measures_of(sak).filter(fra_dato__lte=today):
            _held(
                sb, sak, rules.OPPSTARTSMOTE, tiltak.fra_dato, parter, today, 0, tiltak_id=tiltak.pk
            )
            made += 1
        gruppe = None
        if n == 0:
            with on_day(today - timedelta(days=40)):
                gruppe = services.ansvarsgruppe_create(
                    actor=sb,
                    sak_id=sak.pk,
                    data={
                        "koordinator": sb.pk,
                        "medlemmer": MEMBERS,
                        "rytme_uker": 6,
                        "startdato": today - timedelta(days=40),
                    },
                )
        held_day = today - timedelta(days=10 + rng.randint(0, 4))
        kind = "ansvarsgruppemote" if gruppe else "samarbeidsmote"
        mote = _held(
            sb,
            sak,
            kind,
            held_day,
            parter,
            today,
            7,
            ansvarsgruppe_id=gruppe.pk if gruppe else None,
        )
        made += 1
        with on_day(held_day + timedelta(days=1)):
            services.oppgave_create(
                actor=sb,
                mote_id=mote.pk,
                ansvarlig=sb,
                hva="Innhente skolens vurdering av fraværet før neste møte.",
                frist=today + timedelta(days=7 + rng.randint(0, 7)),
            )
        with on_day(today - timedelta(days=2)):
            services.mote_plan(
                actor=sb,
                sak_id=sak.pk,
                data={
                    "type": "evalueringsmote",
                    "tidspunkt": _at(today + timedelta(days=10 + n), 13),
                    "sted": "Hjemme hos familien",
                    "agenda": "Evaluering av tiltaksplanen",
                    "anonym": False,
                    "leder": sb.pk,
                    "referent": sb.pk,
                },
                parter=parter,
                ansatte=[sb],
            )
        made += 1
    return made
