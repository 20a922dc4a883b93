"""The demo's referrals (HENV-01 … HENV-03): the service's receivers, and on the first cases
of the measures team a referral to BUP sent and past its answer time (on «Mine frister»), and
one to PPT answered with an offer taken up as a collaboration."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Sak
from core.exceptions import DomainError
from documents.services import dokument_render
from innkommende.demo import tiny_pdf
from vedtak.models import Samtykke, Tiltakstype
from vedtak.services import samtykke_create

from . import services
from .models import Henvisning, Mottaker

logger = logging.getLogger(__name__)

RECEIVERS = [
    # navn, type, adresse, svarfrist, krever vedtak, tiltakstype
    ("BUP Demovik", Mottaker.Type.BUP, "Postboks 40, 9990 Demovik", 42, False, ""),
    ("PPT Demovik", Mottaker.Type.PPT, "Skoleveien 2, 9990 Demovik", 30, False, ""),
    ("Familievernkontoret i Demovik", Mottaker.Type.FAMILIEVERN, "Storgata 10, 9990 Demovik",
     21, False, ""),
    ("MST-teamet Nord", Mottaker.Type.MST, "Postboks 5, 9991 Nordby", 14, True,
     "foreldreveiledning"),
    ("Bufetat region nord", Mottaker.Type.BUFETAT, "Postboks 2233, 9269 Tromsø", 30, True, ""),
    ("Senter for foreldre og barn, Nordby", Mottaker.Type.SENTER, "Senterveien 1, 9991 Nordby",
     30, True, ""),
    ("Kommunepsykologen", Mottaker.Type.KOMMUNEPSYKOLOG, "", 21, False, ""),
]  # fmt: skip


def _receivers(tjeneste_id: int) -> dict[str, Mottaker]:
    found = {}
    for navn, type, adresse, dager, vedtak, kode in RECEIVERS:
        found[navn] = Mottaker.objects.get_or_create(
            tjeneste_id=tjeneste_id,
            navn=navn,
            defaults={
                "type": type,
                "adresse": adresse,
                "svarfrist_dager": dager,
                "krever_vedtak": vedtak,
                "tiltakstype": Tiltakstype.objects.filter(kode=kode).first() if kode else None,
            },
        )[0]
    return found


def _consent(sak: Sak, navn: str, today: date) -> Samtykke | None:
    part = sak.parter.filter(aktiv=True, daglig_omsorg=True).order_by("pk").first()
    if part is None:
        return None
    return samtykke_create(
        actor=sak.saksbehandler,
        sak_id=sak.pk,
        giver=f"part-{part.pk}",
        data={
            "formal_type": Samtykke.Formal.INFORMASJONSDELING,
            "formal": "Henvisning og samarbeid om barnets behov",
            "informasjon": "Bekymringen, tiltakene og planen; bare det mottakeren trenger",
            "mottaker": navn,
            "gitt_dato": today - timedelta(days=50),
            "informert_om_tilbaketrekking": True,
            "informert_om_rettigheter": True,
        },
        order_document=False,
    )


def _sent(sak: Sak, m: Mottaker, sporsmal: str, today: date, days_ago: int) -> Henvisning | None:
    actor = sak.saksbehandler
    s = _consent(sak, m.navn, today)
    data = {
        "mottaker_id": m.pk,
        "sporsmal": sporsmal,
        "hjemmel_type": "samtykke" if s else "lov",
        "samtykke_id": s.pk if s else None,
        "lovhjemmel": "" if s else "barnevernsloven § 13-3",
    }
    h = services.henvisning_create(actor=actor, sak_id=sak.pk, data=data)
    # The letter is made after the commit (in-process without a broker).
    h = services.henvisning_make_letter(actor=actor, henvisning_id=h.pk)
    h.refresh_from_db()
    if h.brev is not None and not h.brev.is_downloadable:
        dokument_render(dokument_id=h.brev_id)  # as the worker would, when it has not yet
        h.refresh_from_db()
    if h.brev is None or not h.brev.is_downloadable:
        return h  # no PDF engine here: the referral stays a draft with its letter ordered
    h = services.henvisning_send(actor=actor, henvisning_id=h.pk, kanal="brev", sendt=today)
    # The demo's history: sent ``days_ago`` days ago (set-up only, as the demo's other dates).
    sendt = today - timedelta(days=days_ago)
    Henvisning.objects.filter(pk=h.pk).update(
        sendt=sendt, svarfrist=sendt + timedelta(days=m.svarfrist_dager)
    )
    h.refresh_from_db()
    return h


def load_referral_demo(*, users: dict, saker: list[Sak], today: date) -> int:
    """The receivers of the demo service and two referrals; returns how many referrals."""
    if not saker:
        return 0
    receivers = _receivers(saker[0].tjeneste_id)
    made = 0
    try:
        if len(saker) > 2:
            _sent(
                saker[2],
                receivers["BUP Demovik"],
                "Vi ber om utredning av barnets psykiske helse: søvnvansker og mye uro.",
                today,
                days_ago=50,
            )
            made += 1
        if len(saker) > 3:
            h = _sent(
                saker[3],
                receivers["PPT Demovik"],
                "Vi ber om sakkyndig vurdering av behov for spesialundervisning.",
                today,
                days_ago=20,
            )
            made += 1
            if h is not None and h.status == Henvisning.Status.SENDT:
                h = services.henvisning_record_answer(
                    actor=h.sak.saksbehandler,
                    henvisning_id=h.pk,
                    utfall=Henvisning.Utfall.TILBUD,
                    svar_dato=today - timedelta(days=3),
                    fil=SimpleUploadedFile(
                        "svar.pdf", tiny_pdf("Svar fra PPT"), content_type="application/pdf"
                    ),
                    tilbud_hva="Sakkyndig vurdering og veiledning av skolen",
                    tilbud_hvor="Demovik skole",
                    tilbud_fra=today + timedelta(days=14),
                    tilbud_kontakt="Rådgiver i PPT",
                )
                services.henvisning_take_up(
                    actor=h.sak.saksbehandler, henvisning_id=h.pk, oppfolging="samarbeid"
                )
    except DomainError as exc:  # the demo goes on without what its cases do not allow
        logger.warning("demo.henvisning_skipped", extra={"error": type(exc).__name__})
    return made
