"""RAPP-03: the published validation controls (``xsd/Kravspesifikasjon.md``) that concern the
data the product holds, each under its own number, severity and wording, and the product's own
controls for data the schema cannot express.

A control's ``tekst`` is the published message exactly as written (a test finds each in the
vendored file); ``fill`` replaces its placeholders, in order, with the values of the record.
Which controls are implemented, and why the others do not apply, is in docs/rapportering.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from cases.rules import age_on

from . import koder
from .records import Avgiver, Sak

FATAL, ERROR, WARNING, INFO = "FATAL", "ERROR", "WARNING", "INFO"
SEVERITIES = (FATAL, ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Funn:
    kontroll: str
    grad: str
    melding: str
    objekt: str
    objekt_id: int | None
    sak_pk: int | None = None


@dataclass(frozen=True)
class Kontroll:
    id: str
    grad: str
    tekst: str
    #: The placeholders of ``tekst``, in the order their values are given.
    felt: tuple[str, ...] = ()

    def fill(self, *values: object) -> str:
        text = self.tekst
        for token, value in zip(self.felt, values, strict=True):
            text = text.replace(token, str(value), 1)
        return text.replace(" <br/>\n", " ")

    def funn(self, objekt: str, objekt_id: int | None, sak_pk: int | None, *values) -> Funn:
        return Funn(self.id, self.grad, self.fill(*values), objekt, objekt_id, sak_pk)


def _k(id: str, grad: str, tekst: str, *felt: str) -> Kontroll:
    return Kontroll(id, grad, tekst, felt)


S, SL = "{StartDato}", "{SluttDato}"
KS = "{Konklusjon/SluttDato}"

FILBESKRIVELSE = _k(
    "Validéring av innhold mot filbeskrivelse",
    FATAL,
    "Innholdet er feil i forhold til filbeskrivelsen / XSD",
)
AVGIVER_1 = _k("Avgiver Kontroll 1", ERROR, "Bydelsnummer og/eller Bydelsnavn skal være utfylt")
SAK_2A = _k(
    "Sak Kontroll 2a", ERROR, "Sakens startdato {StartDato} er etter sluttdato {SluttDato}", S, SL
)
SAK_7 = _k(
    "Sak Kontroll 7",
    WARNING,
    "Klienten er over 25 år og skal avsluttes som klient. Alder: {alder} år.",
    "{alder}",
)
SAK_8 = _k(
    "Sak Kontroll 8",
    ERROR,
    "Klienten er over 18 år og skal dermed ha tiltak. Alder: {alder} år.",
    "{alder}",
)
SAK_KONTROLL_21 = _k(
    "Sak Kontroll 21",
    ERROR,
    "Klienten har ingen meldinger, undersøkelser, vedtak, tiltak, planer, ettervern eller "
    "oversendelse fylkesnemnd. Saken bør avsluttes.",
)
SAK_KONTROLL_23 = _k("Sak kontroll 23", INFO, "Underelement i lukket sak mangler sluttdato")
PERSONALIA_11 = _k("Personalia kontroll 11", ERROR, "Klienten mangler personaliainformasjon")
MELDING_2E = _k(
    "Melding Kontroll 2e",
    ERROR,
    "Meldingens startdato {StartDato} er før sakens startdato {StartDato}",
    S,
    S,
)
UNDERSOKELSE_2A = _k(
    "Undersøkelse Kontroll 2a",
    ERROR,
    "Undersøkelsens startdato {StartDato} er etter sluttdato {Konklusjon/SluttDato}",
    S,
    KS,
)
UNDERSOKELSE_2C = _k(
    "Undersøkelse Kontroll 2c",
    ERROR,
    "Undersøkelsens sluttdato {Konklusjon/SluttDato} er etter sakens sluttdato {SluttDato}",
    KS,
    SL,
)
UNDERSOKELSE_2E = _k(
    "Undersøkelse Kontroll 2e",
    ERROR,
    "Undersøkelsens startdato {StartDato} er før sakens startdato {StartDato}",
    S,
    S,
)
UNDERSOKELSE_11_90 = _k(
    "Undersøkelse Kontroll 11",
    WARNING,
    "Undersøkelse skal konkluderes innen 7 + 90 dager etter melding sin startdato",
)
UNDERSOKELSE_11_180 = _k(
    "Undersøkelse Kontroll 11",
    WARNING,
    "Undersøkelse skal konkluderes innen 7 + 180 dager etter melding sin startdato",
)
UNDERSOKELSE_20 = _k(
    "Undersøkelse Kontroll 20", ERROR, "Undersøkelse mangler en relasjon fra melding"
)
UNDERSOKELSE_21 = _k(
    "Undersøkelse Kontroll 21", ERROR, "Konkludert Undersøkelse mangler en relasjon til vedtak"
)
VEDTAK_2A = _k(
    "Vedtak Kontroll 2a",
    ERROR,
    "Vedtakets startdato {StartDato} er etter sluttdato {Konklusjon/SluttDato}",
    S,
    KS,
)
VEDTAK_2C = _k(
    "Vedtak Kontroll 2c",
    ERROR,
    "Vedtakets sluttdato {Konklusjon/SluttDato} er etter Sakens sluttdato {SluttDato}",
    KS,
    SL,
)
VEDTAK_2E = _k(
    "Vedtak Kontroll 2e",
    ERROR,
    "Vedtakets startdato {StartDato} er før sakens startdato {StartDato}",
    S,
    S,
)
VEDTAK_3 = _k(
    "Vedtak Kontroll 3",
    ERROR,
    "Vedtak med status 4 = 'Avslått / Avsluttet' mangler sluttdato",
)
VEDTAK_4 = _k(
    "Vedtak Kontroll 4",
    ERROR,
    "Lovhjemlene under vedtak inneholder annen verdi for lov enn BVL, BVL2021 eller BL1981. "
    "Lov: {lov}.",
    "{lov}",
)
VEDTAK_5_FOR = _k(
    "Vedtak kontroll 5",
    ERROR,
    "Lovhjemmel opprettet før 01. januar 2023 krever lov = '**[BVL](#barnevernloven)**'",
    "'**[BVL](#barnevernloven)**'",
)
VEDTAK_5_ETTER = _k(
    "Vedtak kontroll 5",
    ERROR,
    "Lovhjemmel opprettet på 01. januar 2023 eller senere krever lov = "
    "'**[BVL2021](#barnevernloven)**'",
    "'**[BVL2021](#barnevernloven)**'",
)
TILTAK_2A = _k(
    "Tiltak Kontroll 2a",
    ERROR,
    "Tiltakets startdato {StartDato} er etter sluttdato {Konklusjon/SluttDato}",
    S,
    KS,
)
TILTAK_2C = _k(
    "Tiltak Kontroll 2c",
    ERROR,
    "Tiltakets sluttdato {Konklusjon/SluttDato} er etter Sakens sluttdato {SluttDato}",
    KS,
    SL,
)
TILTAK_2E = _k(
    "Tiltak Kontroll 2e",
    ERROR,
    "Tiltakets startdato {StartDato} er før sakens startdato {StartDato}",
    S,
    S,
)
TILTAK_5 = _k(
    "Tiltak Kontroll 5",
    WARNING,
    "Barnet er over 7 år og i barnehage. Alder: {alder} år.",
    "{alder}",
)
TILTAK_6 = _k(
    "Tiltak Kontroll 6",
    WARNING,
    "Barnet er over 11 år og i SFO. Alder: {alder} år.",
    "{alder}",
)
TILTAK_7 = _k("Tiltak Kontroll 7", ERROR, "Tiltakskategori (kode) mangler presisering.", "kode")
TILTAK_9 = _k(
    "Tiltak Kontroll 9",
    WARNING,
    "Flere plasseringstiltak i samme periode (PeriodeStartDato - PeriodeSluttDato). "
    "Plasseringstiltak kan ikke overlappe med mer enn 90 dager. Antall dager overlapp: "
    "`antallDager` dager. Overlapper med tiltak-id `tiltak-id`.",
    "PeriodeStartDato",
    "PeriodeSluttDato",
    "`antallDager`",
    "`tiltak-id`",
)
TILTAK_20 = _k("Tiltak Kontroll 20", ERROR, "Tiltak skal ha relasjon fra Vedtak")
TILTAK_21 = _k(
    "Tiltak Kontroll 21",
    ERROR,
    "Tiltak er registrert med annen lovhjemmel enn det som er registrert i vedtak",
)
TILTAK_22 = _k(
    "Tiltak Kontroll 22",
    WARNING,
    "Dette er er en advarsel. Kun plasseringstiltak skal ha kode 1.99. <br/>\n"
    "Dersom dette ikke er et plasseringstiltak (institusjon) må tiltakskode endres. <br/>\n"
    "Er det et administrative vedtak som er gitt kode 1.99 skal tiltaket slettes.",
)
TILTAK_23 = _k(
    "Tiltak Kontroll 23",
    WARNING,
    "Dette er er en advarsel. Kun plasseringstiltak skal ha kode 2.99. <br/>\n"
    "Dersom dette ikke er et plasseringstiltak (fosterhjem) må tiltakskode endres. <br/>\n"
    "Er det et administrative vedtak som er gitt kode 2.99 skal tiltaket slettes.",
)
PLAN_2A = _k(
    "Plan Kontroll 2a",
    ERROR,
    "Planens startdato {StartDato} er etter sluttdato {Konklusjon/SluttDato}",
    S,
    KS,
)
PLAN_2C = _k(
    "Plan Kontroll 2c",
    ERROR,
    "Planens sluttdato {Konklusjon/SluttDato} er etter sakens sluttdato {SluttDato}",
    KS,
    SL,
)
PLAN_2E = _k(
    "Plan Kontroll 2e",
    ERROR,
    "Planens startdato {StartDato} er før sakens startdato {StartDato}",
    S,
    S,
)
PLAN_2F = _k(
    "Plan Kontroll 2f",
    ERROR,
    "Utført evaluering {Plan/Evaluering/UtfortDato} er etter sakens sluttdato {Sak/SluttDato}",
    "{Plan/Evaluering/UtfortDato}",
    "{Sak/SluttDato}",
)
PLAN_2G = _k(
    "Plan Kontroll 2g",
    ERROR,
    "Utført evaluering {Plan/Evaluering/UtfortDato} er før sakens startdato {Sak/StartDato}",
    "{Plan/Evaluering/UtfortDato}",
    "{Sak/StartDato}",
)

ETTERVERN_2A = _k(
    "Ettervern Kontroll 2a",
    ERROR,
    "Ettervernets tilbudSendtDato {TilbudSendtDato} er etter sluttdato {Konklusjon/SluttDato}",
    "{TilbudSendtDato}",
    KS,
)
ETTERVERN_2C = _k(
    "Ettervern Kontroll 2c",
    ERROR,
    "Ettervern sin sluttdato {Konklusjon/SluttDato} er etter sakens sluttdato {SluttDato}",
    KS,
    SL,
)
ETTERVERN_2E = _k(
    "Ettervern Kontroll 2e",
    ERROR,
    "Ettervern sin tilbud-sendt-dato {TilbudSendtDato} er før sakens startdato {StartDato}",
    "{TilbudSendtDato}",
    S,
)

#: Every published control the product runs, for the docs and the wording test.
PUBLISHED: tuple[Kontroll, ...] = tuple(
    v for k, v in dict(globals()).items() if isinstance(v, Kontroll) and k.isupper()
)

#: The largest overlap of two placements before Tiltak Kontroll 9 warns.
PLASSERING_OVERLAPP_DAGER = 90
BYDEL_ORGNR = frozenset({"958935420", "964338531", "942110464"})
LOVER = frozenset({"BVL", "BVL2021", "BL1981"})
BVL2021_FRA = date(2023, 1, 1)


def check_avgiver(avgiver: Avgiver, tjeneste_pk: int) -> Iterator[Funn]:
    if avgiver.organisasjonsnummer in BYDEL_ORGNR and not (
        avgiver.bydelsnummer and avgiver.bydelsnavn
    ):
        yield AVGIVER_1.funn("tjeneste", tjeneste_pk, None)


def _sak(sak: Sak, on: date) -> Iterator[Funn]:
    p = sak.pk
    if sak.slutt and sak.start > sak.slutt:
        yield SAK_2A.funn("sak", p, p, sak.start, sak.slutt)
    alder = age_on(sak.fodselsdato, on)
    apne = sak.slutt is None or sak.apne_underelementer()
    if alder >= 25 and apne:
        yield SAK_7.funn("sak", p, p, alder)
    if alder >= 18 and not sak.tiltak and apne:
        yield SAK_8.funn("sak", p, p, alder)
    if sak.slutt is None and not (
        sak.meldinger
        or sak.undersokelser
        or sak.vedtak
        or sak.tiltak
        or sak.planer
        or sak.ettervern
    ):
        yield SAK_KONTROLL_21.funn("sak", p, p)
    if sak.slutt is not None and sak.apne_underelementer():
        yield SAK_KONTROLL_23.funn("sak", p, p)
    if not sak.fodselsnummer:
        yield PERSONALIA_11.funn("sak", p, p)


def _relasjon(sak: Sak, fra_type: str, til_type: str, til_id: str) -> bool:
    return any(
        r.fra_type == fra_type and r.til_type == til_type and r.til_id == til_id
        for r in sak.relasjoner
    )


def _meldinger_og_undersokelser(sak: Sak, on: date) -> Iterator[Funn]:
    p = sak.pk
    for m in sak.meldinger:
        if m.start < sak.start:
            yield MELDING_2E.funn("undersokelse", m.pk, p, m.start, sak.start)
    melding_start = {m.id: m.start for m in sak.meldinger}
    for u in sak.undersokelser:
        if u.slutt and u.start > u.slutt:
            yield UNDERSOKELSE_2A.funn("undersokelse", u.pk, p, u.start, u.slutt)
        if u.slutt and sak.slutt and u.slutt > sak.slutt:
            yield UNDERSOKELSE_2C.funn("undersokelse", u.pk, p, u.slutt, sak.slutt)
        if u.start < sak.start:
            yield UNDERSOKELSE_2E.funn("undersokelse", u.pk, p, u.start, sak.start)
        fra_melding = [
            r.fra_id
            for r in sak.relasjoner
            if r.fra_type == "Melding" and r.til_type == "Undersokelse" and r.til_id == u.id
        ]
        if not fra_melding:
            yield UNDERSOKELSE_20.funn("undersokelse", u.pk, p)
        elif u.slutt is None:
            start = min(melding_start.get(i, u.start) for i in fra_melding)
            if on > start + timedelta(days=7 + 180):
                yield UNDERSOKELSE_11_180.funn("undersokelse", u.pk, p)
            elif on > start + timedelta(days=7 + 90):
                yield UNDERSOKELSE_11_90.funn("undersokelse", u.pk, p)
        if u.kode == "1" and not any(
            r.fra_type == "Undersokelse" and r.fra_id == u.id and r.til_type == "Vedtak"
            for r in sak.relasjoner
        ):
            yield UNDERSOKELSE_21.funn("undersokelse", u.pk, p)


def _vedtak(sak: Sak) -> Iterator[Funn]:
    p = sak.pk
    for v in sak.vedtak:
        if v.slutt and v.start > v.slutt:
            yield VEDTAK_2A.funn("vedtak", v.pk, p, v.start, v.slutt)
        if v.slutt and sak.slutt and v.slutt > sak.slutt:
            yield VEDTAK_2C.funn("vedtak", v.pk, p, v.slutt, sak.slutt)
        if v.start < sak.start:
            yield VEDTAK_2E.funn("vedtak", v.pk, p, v.start, sak.start)
        if any(kode == koder.VEDTAK_STATUS_AVSLUTTET for _, kode, _ in v.status) and not v.slutt:
            yield VEDTAK_3.funn("vedtak", v.pk, p)
        lov = v.lovhjemmel.lov
        if lov not in LOVER:
            yield VEDTAK_4.funn("vedtak", v.pk, p, lov)
        if v.start < BVL2021_FRA and lov == "BVL2021":
            yield VEDTAK_5_FOR.funn("vedtak", v.pk, p, "'BVL'")
        if v.start >= BVL2021_FRA and lov == "BVL":
            yield VEDTAK_5_ETTER.funn("vedtak", v.pk, p, "'BVL2021'")


def _tiltak(sak: Sak, on: date) -> Iterator[Funn]:
    p = sak.pk
    vedtak = {v.id: v for v in sak.vedtak}
    alder = age_on(sak.fodselsdato, on)
    for t in sak.tiltak:
        if t.slutt and t.start > t.slutt:
            yield TILTAK_2A.funn("tiltak", t.pk, p, t.start, t.slutt)
        if t.slutt and sak.slutt and t.slutt > sak.slutt:
            yield TILTAK_2C.funn("tiltak", t.pk, p, t.slutt, sak.slutt)
        if t.start < sak.start:
            yield TILTAK_2E.funn("tiltak", t.pk, p, t.start, sak.start)
        if t.kategori == "4.1" and alder > 7:
            yield TILTAK_5.funn("tiltak", t.pk, p, alder)
        if t.kategori == "4.2" and alder > 11:
            yield TILTAK_6.funn("tiltak", t.pk, p, alder)
        if t.kategori in koder.KREVER_PRESISERING and not t.presisering.strip():
            yield TILTAK_7.funn("tiltak", t.pk, p, t.kategori)
        if not _relasjon(sak, "Vedtak", "Tiltak", t.id):
            yield TILTAK_20.funn("tiltak", t.pk, p)
        elif (v := vedtak.get(t.vedtak_id)) is not None and (
            (v.lovhjemmel.lov, v.lovhjemmel.kapittel, v.lovhjemmel.paragraf)
            != (t.lovhjemmel.lov, t.lovhjemmel.kapittel, t.lovhjemmel.paragraf)
        ):
            yield TILTAK_21.funn("tiltak", t.pk, p)
        if t.kategori == "1.99":
            yield TILTAK_22.funn("tiltak", t.pk, p)
        if t.kategori == "2.99":
            yield TILTAK_23.funn("tiltak", t.pk, p)
    plasseringer = [t for t in sak.tiltak if t.kategori in koder.PLASSERINGSTILTAK]
    for i, a in enumerate(plasseringer):
        for b in plasseringer[i + 1 :]:
            start, slutt = max(a.start, b.start), min(a.slutt or on, b.slutt or on)
            dager = (slutt - start).days
            if dager > PLASSERING_OVERLAPP_DAGER:
                yield TILTAK_9.funn("tiltak", a.pk, p, start, slutt, dager, b.id)


def _planer(sak: Sak) -> Iterator[Funn]:
    p = sak.pk
    for plan in sak.planer:
        if plan.slutt and plan.start > plan.slutt:
            yield PLAN_2A.funn("plan", plan.pk, p, plan.start, plan.slutt)
        if plan.slutt and sak.slutt and plan.slutt > sak.slutt:
            yield PLAN_2C.funn("plan", plan.pk, p, plan.slutt, sak.slutt)
        if plan.start < sak.start:
            yield PLAN_2E.funn("plan", plan.pk, p, plan.start, sak.start)
        for utfort in plan.evalueringer:
            if plan.slutt and sak.slutt and utfort > sak.slutt:
                yield PLAN_2F.funn("plan", plan.pk, p, utfort, sak.slutt)
            if utfort < sak.start:
                yield PLAN_2G.funn("plan", plan.pk, p, utfort, sak.start)


def _ettervern(sak: Sak) -> Iterator[Funn]:
    p = sak.pk
    for e in sak.ettervern:
        if e.slutt and e.tilbud_sendt > e.slutt:
            yield ETTERVERN_2A.funn("vedtak", e.pk, p, e.tilbud_sendt, e.slutt)
        if e.slutt and sak.slutt and e.slutt > sak.slutt:
            yield ETTERVERN_2C.funn("vedtak", e.pk, p, e.slutt, sak.slutt)
        if e.tilbud_sendt < sak.start:
            yield ETTERVERN_2E.funn("vedtak", e.pk, p, e.tilbud_sendt, sak.start)


def check_sak(sak: Sak, on: date) -> list[Funn]:
    """Every published control on one case, on the extract's date ``on``."""
    found: list[Funn] = []
    found.extend(_sak(sak, on))
    found.extend(_meldinger_og_undersokelser(sak, on))
    found.extend(_vedtak(sak))
    found.extend(_tiltak(sak, on))
    found.extend(_planer(sak))
    found.extend(_ettervern(sak))
    return found
