"""Demo decisions in every state (VED-03), made through the real services so that the queue,
the dashboard, the case pages and the history look as they would in use.

Each decision's past is replayed on the day it happened (``core.clock.on_day``): written
three and a half weeks ago, sent to the team leader the next day, the measures approved and the
decision released, the parties notified, their statements and consents registered, and the
approval and sending today. So its times are in order (VED-03) and each consent precedes the
approval (VED-07) and the measures' start.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from cases.models import Sak
from core.clock import on_day
from documents.models import Dokument, Utsending
from documents.recipients import CHILD_KEY, Recipient, parties_of
from documents.services import dokument_render

from . import services
from .catalogue import seed_tiltakstyper
from .documents import latest_vedtak_documents
from .models import Tiltakstype, Vedtak

TEKST = {
    "bakgrunn": (
        "Barnevernstjenesten mottok bekymringsmelding fra skolen om høyt fravær og en "
        "sliten familie. Undersøkelsen viste at foreldrene ønsker hjelp til struktur i "
        "hverdagen, og at barnet trenger en trygg voksen å gjøre aktiviteter med."
    ),
    # The measures are named by tekst(): a decision names only what it grants.
    "vurdering": (
        "Tjenesten vurderer at barnet har behov for tiltak etter barnevernsloven § 3-1. "
        "{tiltak} vil styrke foreldrenes omsorgskompetanse og gi barnet en tryggere hverdag "
        "med en stabil voksenkontakt. Mindre inngripende tiltak er prøvd uten tilstrekkelig "
        "effekt."
    ),
    "barnets_mening": (
        "Barnet ble snakket med alene på skolen. Barnet sa at det ønsker noen å være med på "
        "fotball og kino, og at det er fint at mamma og pappa får hjelp."
    ),
    "barnets_mening_vekt": "Barnets ønsker er tillagt stor vekt ved valg av tiltak.",
    "barnets_beste": (
        "Det er til barnets beste at familien får hjelp nå, slik at barnet kan bo trygt "
        "hjemme og få en god skolehverdag."
    ),
}


def tekst(typer: list[Tiltakstype]) -> dict[str, str]:
    """The decision's text (VED-02), naming its own measures."""
    navn = [t.navn.lower() for t in typer]
    liste = navn[0] if len(navn) == 1 else ", ".join(navn[:-1]) + " og " + navn[-1]
    return {**TEKST, "vurdering": TEKST["vurdering"].format(tiltak=liste.capitalize())}


#: The days before today on which each step of a decision happened.
WRITTEN, TO_GUIDANCE, RETURNED, RELEASED = 25, 24, 22, 21
NOTIFIED, NOTIFIED_WAITING, ANSWERED, CONSENTED = 20, 5, 10, 8

PLAN = [
    # (state, measure codes, notice answered?, deadline offset from today)
    ("utkast", ("stottekontakt",), None, None),
    ("returnert", ("foreldreveiledning", "leksehjelp"), None, None),
    ("til_veiledning", ("stottekontakt",), None, 20),
    ("til_veiledning", ("miljoterapeut",), None, -3),
    ("til_veiledning", ("besokshjem", "foreldreveiledning"), None, None),
    ("klar_for_godkjenning", ("foreldreveiledning",), True, -5),
    ("klar_for_godkjenning", ("stottekontakt", "fritidstiltak"), True, 4),
    ("klar_for_godkjenning", ("barnehage",), "venter", 25),
    ("godkjent", ("stottekontakt",), True, None),
    ("godkjent", ("okonomisk-stonad", "fritidstiltak"), False, None),
    ("ekspedert", ("foreldreveiledning", "stottekontakt"), True, None),
    ("ekspedert", ("besokshjem",), True, None),
    ("ekspedert", ("rad-og-veiledning",), False, None),
    ("trukket", ("leksehjelp",), None, None),
]


def load_vedtak_demo(*, users: dict, saker: list[Sak], today: date, rng: random.Random) -> int:
    seed_tiltakstyper()
    sb, tl, bvl = users["saksbehandler"], users["teamleder"], users["barnevernleder"]
    typer = {t.kode: t for t in Tiltakstype.objects.all()}
    made = 0

    def ago(days: int):
        return on_day(today - timedelta(days=days))

    for sak, (state, koder, answered, frist) in zip(saker, PLAN, strict=False):
        if sak.saksbehandler_id != sb.pk or not sak.parter.exists():
            continue
        with ago(WRITTEN):
            v = services.vedtak_create(actor=sb, sak_id=sak.pk)
            data = tekst([typer[kode] for kode in koder])
            if frist is not None:
                data["fristdato"] = today + timedelta(days=frist)
            v = services.vedtak_update(actor=sb, vedtak_id=v.pk, versjon=v.versjon, data=data)
            for i, kode in enumerate(koder):
                t = typer[kode]
                services.tiltak_add(
                    actor=sb,
                    vedtak_id=v.pk,
                    versjon=Vedtak.objects.get(pk=v.pk).versjon,
                    data={
                        "type": t,
                        "omfang": rng.choice(
                            ["2 timer per uke", "4 timer per uke", "1 helg per måned"]
                        ),
                        "startdato": today + timedelta(days=7 + 7 * i),
                        "rettet_mot_barnet": t.rettet_mot_barnet,
                        "beskrivelse": "",
                    },
                )
        made += 1
        if state == "utkast":
            continue
        with ago(TO_GUIDANCE):
            services.vedtak_send_to_guidance(
                actor=sb, vedtak_id=v.pk, comment="Klar for veiledning."
            )
        if state == "returnert":
            with ago(RETURNED):
                services.vedtak_return_to_draft(
                    actor=tl,
                    vedtak_id=v.pk,
                    comment="Utdyp barnets mening og hvorfor leksehjelp er valgt fremfor PPT.",
                )
            continue
        if state == "trukket":
            with ago(RETURNED):
                services.vedtak_withdraw(
                    actor=sb, vedtak_id=v.pk, reason="Familien flyttet til en annen kommune."
                )
            continue
        if state == "til_veiledning":
            continue
        with ago(RELEASED):
            services.vedtak_approve_measures(actor=tl, vedtak_id=v.pk)
            services.vedtak_release_for_approval(actor=tl, vedtak_id=v.pk)
        _notify(sb, v, today, answered)
        _consent(sb, v, today)
        if state == "klar_for_godkjenning":
            continue
        services.vedtak_approve(
            actor=bvl,
            vedtak_id=v.pk,
            override_reason="Tiltaksplan utarbeides i første møte med familien.",
        )
        if state == "ekspedert":
            kanaler = {
                Recipient(p).key: Utsending.Kanal.BREV for p in sak.parter.filter(aktiv=True)
            }
            if sak.barn_er_part():
                kanaler[CHILD_KEY] = Utsending.Kanal.OVERLEVERT
            _send_out_after_render(sb, v, kanaler)
    return made


def _notify(actor, v: Vedtak, today: date, answered) -> None:
    sak = v.sak
    keys = [r.key for r in parties_of(sak, today)]
    waiting = answered == "venter"
    sendt = today - timedelta(days=NOTIFIED_WAITING if waiting else NOTIFIED)
    with on_day(sendt):
        notices = services.forhandsvarsel_send(
            actor=actor,
            vedtak_id=v.pk,
            mottakere=keys,
            sendt=sendt,
            frist=today + timedelta(days=9) if waiting else today - timedelta(days=6),
        )
    if answered is True:
        mottatt = today - timedelta(days=ANSWERED)
        with on_day(mottatt):
            for n in notices:
                services.forhandsvarsel_register_statement(
                    actor=actor,
                    forhandsvarsel_id=n.pk,
                    mottatt=mottatt,
                    uttalelse="Enig i forslaget. Ønsker oppstart så snart som mulig.",
                )


def _consent(actor, v: Vedtak, today: date) -> None:
    v = Vedtak.objects.get(pk=v.pk)
    ids = list(v.tiltak.values_list("pk", flat=True))
    givers = [Recipient(p).key for p in v.sak.parter.filter(aktiv=True, daglig_omsorg=True)]
    if v.sak.barn_er_part() and v.tiltak.filter(rettet_mot_barnet=True).exists():
        givers.append(CHILD_KEY)
    gitt = today - timedelta(days=CONSENTED)
    for giver in givers:
        with on_day(gitt):
            services.samtykke_create(
                actor=actor,
                sak_id=v.sak_id,
                giver=giver,
                tiltak_ids=ids,
                data={
                    "formal": "Gjennomføring av hjelpetiltakene i vedtaket.",
                    "informasjon": (
                        "Navn, adresse og barnets behov deles med den som utfører tiltaket, "
                        "for at tiltaket skal kunne gjennomføres."
                    ),
                    "gitt_dato": gitt,
                    "informert_om_tilbaketrekking": True,
                    "informert_om_rettigheter": True,
                },
                order_document=False,
            )


def _send_out_after_render(actor, v: Vedtak, kanaler: dict[str, str]) -> None:
    """The decision letter is made by the worker after the approval's commit; the demo makes
    any letter still on its way at once (it runs outside a transaction), so that the sent
    decisions have their letter and a dispatch per party (DOK-02)."""
    for doc in latest_vedtak_documents(v).values():
        if doc.status in (Dokument.Status.BESTILT, Dokument.Status.FEILET):
            dokument_render(dokument_id=doc.pk)
    services.vedtak_send_out(actor=actor, vedtak_id=v.pk, kanaler=kanaler)
