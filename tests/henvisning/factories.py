"""Referrals for the tests (tests/henvisning, tests/test_need_to_know.py): receivers, a SAM-04
consent naming one, a draft, its letter made and the referral sent on a chosen day."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.services import dokument_render
from henvisning import services
from henvisning.models import Henvisning, Mottaker
from innkommende.demo import tiny_pdf
from vedtak.models import Samtykke

OSLO = ZoneInfo("Europe/Oslo")


def at(day: date):
    """The clock frozen at noon in Oslo on ``day``."""
    return time_machine.travel(datetime.combine(day, time(12), tzinfo=OSLO), tick=False)


def pdf_file(name: str = "svar.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf("Svar fra BUP"), content_type="application/pdf")


def mottaker(
    tjeneste,
    navn: str = "BUP Nordvik",
    *,
    type: str = Mottaker.Type.BUP,
    adresse: str = "Postboks 12, 9990 Nordvik",
    svarfrist_dager: int = 30,
    krever_vedtak: bool = False,
    tiltakstype=None,
) -> Mottaker:
    return Mottaker.objects.get_or_create(
        tjeneste=tjeneste,
        navn=navn,
        defaults={
            "type": type,
            "adresse": adresse,
            "svarfrist_dager": svarfrist_dager,
            "krever_vedtak": krever_vedtak,
            "tiltakstype": tiltakstype,
        },
    )[0]


def consent(sak, navn: str, *, gitt: date | None = None, part=None) -> Samtykke:
    """SAM-04: the party's consent to share information with ``navn`` (set-up only)."""
    part = part or sak.parter.order_by("pk").first()
    return Samtykke.objects.create(
        sak=sak,
        formal_type=Samtykke.Formal.INFORMASJONSDELING,
        part=part,
        gitt_av_barnet=part is None,
        formal="Utredning og behandling",
        informasjon="Bekymringen og tiltakene i saken",
        mottaker=navn,
        gitt_dato=gitt or timezone.localdate(),
        registrert_av=sak.saksbehandler,
    )


def data(m: Mottaker, s: Samtykke | None = None, **kw) -> dict:
    d = {
        "mottaker_id": m.pk,
        "sporsmal": "Vi ber om utredning av barnets psykiske helse.",
        "bakgrunn": "Barnet strever på skolen.",
        "hjemmel_type": "samtykke" if s is not None else "lov",
        "samtykke_id": s.pk if s is not None else None,
        "lovhjemmel": "" if s is not None else "barnevernsloven § 13-3",
    }
    d.update(kw)
    return d


def draft(sak, m: Mottaker | None = None, *, with_consent: bool = True, **kw) -> Henvisning:
    m = m or mottaker(sak.tjeneste)
    s = consent(sak, m.navn) if with_consent else None
    return services.henvisning_create(actor=sak.saksbehandler, sak_id=sak.pk, data=data(m, s, **kw))


def made(h: Henvisning) -> Henvisning:
    """The letter made (the worker's render, run here)."""
    h = services.henvisning_make_letter(actor=h.sak.saksbehandler, henvisning_id=h.pk)
    dokument_render(dokument_id=h.brev_id)
    h.refresh_from_db()
    return h


def sent(sak, m: Mottaker | None = None, *, on: date | None = None, **kw) -> Henvisning:
    """A referral of ``sak`` made and sent on ``on`` (today)."""
    on = on or timezone.localdate()
    with at(on):
        h = made(draft(sak, m, **kw))
        return services.henvisning_send(
            actor=sak.saksbehandler, henvisning_id=h.pk, kanal="brev", sendt=on
        )


def need_to_know_kwargs(name: str, sak) -> dict:
    if name == "henvisning:create":
        return {}
    h = Henvisning.objects.filter(sak=sak).first() or draft(sak)
    if name == "henvisning:action":
        return {"henvisning_id": h.pk, "name": "close"}
    return {"henvisning_id": h.pk}
