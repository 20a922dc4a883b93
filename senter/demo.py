"""The demo's centre course (SENTER): on a case of the measures team with a child aged 0–6, a
referral to the centre for parents and children, sent six weeks ago after a recent Bufetat
investigation (SENTER-02), answered with an offer; the centre's vurderingsmøte and call
(SENTER-03), the henvisningsmøte and oppstartsmøte held, the tilbakemeldingsmøte planned, and
the centre's handlingsplan received."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.models import Sak
from core.clock import on_day
from core.exceptions import DomainError
from henvisning import services as henvisning
from henvisning.models import Henvisning, Mottaker
from innkommende.demo import tiny_pdf
from innkommende.models import InnkommendeDokument
from innkommende.services import innkommende_receive
from moter import services as moter
from moter.models import Mote

from . import rules, services

logger = logging.getLogger(__name__)

SENTER = "Senter for foreldre og barn, Nordby"


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _receiver(tjeneste_id: int) -> Mottaker:
    return Mottaker.objects.get_or_create(
        tjeneste_id=tjeneste_id,
        navn=SENTER,
        defaults={
            "type": Mottaker.Type.SENTER,
            "adresse": "Senterveien 1, 9991 Nordby",
            "svarfrist_dager": 30,
            "krever_vedtak": True,
        },
    )[0]


def _meeting(sak: Sak, kind: str, day: date, today: date) -> Mote:
    sb = sak.saksbehandler
    with on_day(min(day, today) - timedelta(days=3)):
        mote = moter.mote_plan(
            actor=sb,
            sak_id=sak.pk,
            data={
                "type": kind,
                "tidspunkt": _at(day, 10),
                "sted": "Senteret, Nordby",
                "agenda": "Senterets oppdrag, mål for hjelpetiltaket og praktiske avklaringer.",
                "anonym": False,
                "leder": sb.pk,
                "referent": sb.pk,
            },
            parter=list(sak.parter.filter(aktiv=True)),
            ansatte=[sb],
        )
    if day < today:
        with on_day(day):
            moter.mote_hold(actor=sb, mote_id=mote.pk)
    return mote


def load_senter_demo(*, users: dict, saker: list[Sak], today: date) -> int:
    """One centre course; returns how many (0 when no case has a child aged 0–6)."""
    sak = next(
        (s for s in saker if rules.any_child_aged_0_6(rules.family_birth_dates(s), today)), None
    )
    if sak is None:
        return 0
    sb = sak.saksbehandler
    sendt = today - timedelta(days=42)
    try:
        with on_day(sendt):
            h = henvisning.henvisning_create(
                actor=sb,
                sak_id=sak.pk,
                data={
                    "mottaker_id": _receiver(sak.tjeneste_id).pk,
                    "sporsmal": (
                        "Vi ber om omsorgsendrende hjelpetiltak i hjemmet etter Bufetats "
                        "utredning av familien."
                    ),
                    "hjemmel_type": Henvisning.Hjemmel.LOV,
                    "lovhjemmel": "barnevernsloven § 13-3",
                },
            )
            services.forlop_record_investigation(
                actor=sb,
                henvisning_id=h.pk,
                bufetat_utredning_avsluttet=sendt - timedelta(days=75),
            )
            h = henvisning.henvisning_make_letter(actor=sb, henvisning_id=h.pk)
            h.refresh_from_db()
            if h.brev is None or not h.brev.is_downloadable:
                return 1  # no PDF engine here: the course waits with its referral as a draft
            h = henvisning.henvisning_send(actor=sb, henvisning_id=h.pk, kanal="brev", sendt=sendt)
        vurdert = sendt + timedelta(days=7)
        with on_day(vurdert + timedelta(days=10)):
            henvisning.henvisning_record_answer(
                actor=sb,
                henvisning_id=h.pk,
                utfall=Henvisning.Utfall.TILBUD,
                svar_dato=vurdert + timedelta(days=1),
                fil=SimpleUploadedFile(
                    "tilbud.pdf", tiny_pdf("Tilbud fra senteret"), content_type="application/pdf"
                ),
                tilbud_hva="Omsorgsendrende hjelpetiltak i hjemmet, med dagtilbud ved senteret",
                tilbud_hvor=SENTER,
                tilbud_fra=vurdert + timedelta(days=21),
                tilbud_kostnad="Kommunens egenandel etter Bufetats satser",
                tilbud_kontakt="Avdelingsleder ved senteret",
            )
            services.forlop_record_contact(
                actor=sb,
                henvisning_id=h.pk,
                vurderingsmote=vurdert,
                kontaktet=rules.contact_deadline(vurdert),
            )
        for kind, day in (
            (Mote.Type.HENVISNINGSMOTE, vurdert + timedelta(days=6)),
            (Mote.Type.OPPSTARTSMOTE, vurdert + timedelta(days=21)),
            (Mote.Type.TILBAKEMELDINGSMOTE, today + timedelta(days=80)),
        ):
            mote = _meeting(sak, kind, day, today)
            services.forlop_add_meeting(actor=sb, henvisning_id=h.pk, mote=mote.pk)
        plan = innkommende_receive(
            actor=sb,
            sak_id=sak.pk,
            fil=SimpleUploadedFile(
                "handlingsplan.pdf", tiny_pdf("Handlingsplan"), content_type="application/pdf"
            ),
            type=InnkommendeDokument.Type.RAPPORT_SENTER,
            avsender=SENTER,
            mottatt=today - timedelta(days=5),
            tittel="Handlingsplan fra senteret",
        )
        services.forlop_record_reports(
            actor=sb, henvisning_id=h.pk, handlingsplan=plan.pk, sluttrapport=None
        )
    except DomainError as exc:  # the demo goes on without what its cases do not allow
        logger.warning("demo.senter_skipped", extra={"error": type(exc).__name__})
    return 1
