"""The centre course's tests: a receiver of the kind «senter», a referral to it as a record
(the referral's own flow is tested in tests/henvisning), the clock frozen on a fixed day."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

from henvisning.models import Henvisning, Mottaker

OSLO = ZoneInfo("Europe/Oslo")


def at(day: date):
    """The clock frozen at noon in Oslo on ``day``."""
    return time_machine.travel(datetime.combine(day, time(12), tzinfo=OSLO), tick=False)


def senter(tjeneste, navn: str = "Senter for foreldre og barn Nordvik") -> Mottaker:
    return Mottaker.objects.get_or_create(
        tjeneste=tjeneste,
        navn=navn,
        defaults={
            "type": Mottaker.Type.SENTER,
            "adresse": "Postboks 3, 9990 Nordvik",
            "svarfrist_dager": 14,
            "krever_vedtak": True,
        },
    )[0]


def referral(sak, mottaker: Mottaker | None = None, **fields) -> Henvisning:
    """A draft referral of ``sak`` to a centre (a record: the states are set by the test)."""
    data = {
        "sak": sak,
        "mottaker": mottaker or senter(sak.tjeneste),
        "sporsmal": "Vi ber om omsorgsendrende hjelpetiltak for familien.",
        "hjemmel_type": Henvisning.Hjemmel.LOV,
        "lovhjemmel": "barnevernsloven § 13-3",
        "opprettet_av": sak.saksbehandler,
    }
    data.update(fields)
    return Henvisning.objects.create(**data)


def offered(sak, *, sendt: date, svar: date, **fields) -> Henvisning:
    """A referral to a centre, sent and answered with an offer (set as a record)."""
    return referral(
        sak,
        status=Henvisning.Status.BESVART,
        sendt=sendt,
        sendt_av=sak.saksbehandler,
        svar_dato=svar,
        utfall=Henvisning.Utfall.TILBUD,
        tilbud_hva="Omsorgsendrende hjelpetiltak i hjemmet",
        **fields,
    )


def need_to_know_kwargs(name: str, sak) -> dict:
    """A draft referral of ``sak`` to a centre: its course page, and recording Bufetat's
    investigation (the action a draft offers) (tests/test_need_to_know.py)."""
    h = Henvisning.objects.filter(sak=sak, mottaker__type=Mottaker.Type.SENTER).first() or referral(
        sak
    )
    if name == "senter:action":
        return {"henvisning_id": h.pk, "name": "investigation"}
    return {"henvisning_id": h.pk}
