"""RAPP-02: read a service's cases, chunk by chunk, into the register's records
(:mod:`rapportering.records`), with the product's own controls for what the schema cannot
express (RAPP-03, «Produkt kontroll …», FATAL).

A fixed number of queries per chunk of cases, whatever the chunk holds; nothing of the service
is held in memory beyond one chunk.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Sak
from ettervern.models import Ettervernvedtak
from evaluations.models import Evaluering
from plans.models import Planversjon, Tiltaksplan
from vedtak.models import Tiltak, Tiltakstype, Vedtak

from . import koder, records
from .controls import FATAL, Funn
from .records import Lovhjemmel, relasjon, uuid_for

CHUNK = 500

PRODUKT_1 = "Produkt kontroll 1"  # a measure type without a category
PRODUKT_2 = "Produkt kontroll 2"  # a category not valid on the extract's date
PRODUKT_3 = "Produkt kontroll 3"  # a legal basis the schema cannot express
PRODUKT_4 = "Produkt kontroll 4"  # the service has no reporting unit

_PARAGRAF = re.compile(r"§+\s*(\d+[a-z]?)\s*-\s*(\d+[a-z]?)(?:[^\d]+(\d+)\.?\s*ledd)?", re.I)


def lovhjemmel(text: str) -> Lovhjemmel | None:
    """«barnevernsloven § 3-1» → BVL2021 kapittel 3 paragraf 1; a text that names the act of
    1992 («1992») is BVL. ``None`` when the text names no chapter and section."""
    m = _PARAGRAF.search(text or "")
    if m is None:
        return None
    lov = "BVL" if "1992" in text else "BVL2021"
    return Lovhjemmel(lov, m.group(1), m.group(2), (m.group(3),) if m.group(3) else ())


def kjonn(fodselsnummer: str) -> str:
    """The ninth digit: odd for a boy (1), even for a girl (2)."""
    return "1" if int(fodselsnummer[8]) % 2 else "2"


@dataclass
class Chunk:
    saker: list[records.Sak] = field(default_factory=list)
    funn: list[Funn] = field(default_factory=list)
    #: The cases the product's own controls stop (FATAL): not written to the file.
    stoppet: set[int] = field(default_factory=set)


def type_funn(on: date, tjeneste_id: int) -> tuple[list[Funn], set[int]]:
    """RAPP-01 on the catalogue: every type in use in a measure of the service needs a category
    valid on ``on``. Returns the findings and the ids of the types that stop a case.

    The catalogue is small and the measures are many: each type is judged first, and only a
    type with a problem is looked for among the service's measures (one indexed lookup each),
    so the cost does not grow with the measures of every other service."""
    funn, bad = [], set()
    for t in Tiltakstype.objects.order_by("pk"):
        problem = koder.kategori_problem(t.register_kategori, t.register_presisering, on)
        if problem not in ("mangler", "ugyldig"):
            continue  # «presisering» is the register's own control on the measure (check_sak)
        if not Tiltak.objects.filter(type_id=t.pk, vedtak__sak__tjeneste_id=tjeneste_id).exists():
            continue
        if problem == "mangler":
            bad.add(t.pk)
            funn.append(
                Funn(
                    PRODUKT_1,
                    FATAL,
                    _(
                        "The measure type «%(name)s» has no register category, so its measures "
                        "cannot be reported (RAPP-01)."
                    )
                    % {"name": t.navn},
                    "tiltakstype",
                    t.pk,
                )
            )
        elif problem == "ugyldig":
            bad.add(t.pk)
            funn.append(
                Funn(
                    PRODUKT_2,
                    FATAL,
                    _(
                        "The measure type «%(name)s» has the register category %(code)s, which "
                        "is not valid on %(date)s (RAPP-01)."
                    )
                    % {"name": t.navn, "code": t.register_kategori, "date": on.isoformat()},
                    "tiltakstype",
                    t.pk,
                )
            )
    return funn, bad


def _lukket(pks: list[int]) -> dict[int, date]:
    """The day each closed case was closed: the last change of its history to «avsluttet»."""
    rows = (
        Sak.history.filter(id__in=pks, status=Sak.Status.AVSLUTTET)
        .values("id")
        .annotate(dato=Max("history_date"))
    )
    return {r["id"]: timezone.localdate(r["dato"]) for r in rows}


def read_chunk(pks: list[int], on: date, bad_types: set[int]) -> Chunk:
    out = Chunk()
    saker = list(
        Sak.objects.filter(pk__in=pks).select_related("barn", "undersokelse").order_by("pk")
    )
    lukket = _lukket([s.pk for s in saker if s.status == Sak.Status.AVSLUTTET])
    vedtak_by_sak: dict[int, list[Vedtak]] = defaultdict(list)
    for v in Vedtak.objects.filter(
        sak_id__in=pks, status__in=[Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT]
    ).order_by("godkjent", "pk"):
        vedtak_by_sak[v.sak_id].append(v)
    tiltak_by_vedtak: dict[int, list[Tiltak]] = defaultdict(list)
    for t in (
        Tiltak.objects.filter(vedtak__sak_id__in=pks)
        .exclude(vedtak__type=Vedtak.Type.AVSLUTNING)
        .select_related("type")
        .order_by("pk")
    ):
        tiltak_by_vedtak[t.vedtak_id].append(t)
    planer = {
        p.sak_id: p
        for p in Tiltaksplan.objects.filter(sak_id__in=pks).annotate(
            fra=Min("versjoner__gyldig_fra", filter=_approved("versjoner__")),
            godkjent_fra=Min("versjoner__godkjent", filter=_approved("versjoner__")),
        )
    }
    evalueringer: dict[int, list[date]] = defaultdict(list)
    for plan_id, dato in (
        Evaluering.objects.filter(
            plan__sak_id__in=pks, status=Evaluering.Status.GJENNOMFORT, dato__isnull=False
        )
        .order_by("dato", "pk")
        .values_list("plan_id", "dato")
    ):
        evalueringer[plan_id].append(dato)

    ettervern: dict[int, list[records.Ettervern]] = defaultdict(list)
    for e in Ettervernvedtak.objects.filter(
        vedtak__sak_id__in=pks,
        vedtak__status__in=[Vedtak.Status.GODKJENT, Vedtak.Status.EKSPEDERT],
    ).select_related("vedtak"):
        # The offer is sent with the decision's letter (else: the day it was approved).
        sendt = timezone.localdate(e.vedtak.ekspedert or e.vedtak.godkjent)
        kode = koder.ETTERVERN_KONKLUSJON.get(e.utfall, "")
        ettervern[e.vedtak.sak_id].append(
            records.Ettervern(
                uuid_for("ettervern", e.pk), e.vedtak_id, sendt, sendt if kode else None, kode
            )
        )

    for s in saker:
        rec, funn, stop = _sak(
            s,
            on,
            lukket.get(s.pk),
            vedtak_by_sak[s.pk],
            tiltak_by_vedtak,
            planer.get(s.pk),
            evalueringer,
            bad_types,
        )
        rec.ettervern = ettervern.get(s.pk, [])
        out.funn.extend(funn)
        if stop:
            out.stoppet.add(s.pk)
        else:
            out.saker.append(rec)
    return out


def _approved(prefix: str) -> Q:
    return Q(**{f"{prefix}status": Planversjon.Status.GODKJENT})


def _sak(s, on, lukket, vedtak, tiltak_by_vedtak, plan, evalueringer, bad_types):
    funn: list[Funn] = []
    stop = False
    barn = s.barn
    und = s.undersokelse
    start = timezone.localdate(s.opprettet)
    if und is not None:
        start = min(start, und.melding_mottatt)
    rec = records.Sak(
        id=uuid_for("sak", s.pk),
        pk=s.pk,
        journalnummer=s.saksnummer,
        start=start,
        slutt=lukket if s.status == Sak.Status.AVSLUTTET else None,
        personalia_id=uuid_for("personalia", barn.pk),
        fodselsnummer=barn.fodselsnummer,
        fodselsdato=barn.fodselsdato,
        kjonn=kjonn(barn.fodselsnummer),
    )
    if s.status == Sak.Status.AVSLUTTET and rec.slutt is None:
        rec.slutt = timezone.localdate(s.opprettet)
    if und is not None:
        melding = records.Melding(uuid_for("melding", und.pk), und.pk, und.melding_mottatt)
        u = records.Undersokelse(uuid_for("undersokelse", und.pk), und.pk, und.melding_mottatt)
        if und.avsluttet and und.konklusjon in koder.UNDERSOKELSE_KONKLUSJON:
            u.slutt, u.kode = und.avsluttet, koder.UNDERSOKELSE_KONKLUSJON[und.konklusjon]
        rec.meldinger.append(melding)
        rec.undersokelser.append(u)
        rec.relasjoner.append(relasjon(melding.id, "Melding", u.id, "Undersokelse"))
    for v in vedtak:
        vstart = timezone.localdate(v.godkjent)
        hjemmel = lovhjemmel(v.hjemmel)
        if hjemmel is None:
            funn.append(
                Funn(
                    PRODUKT_3,
                    FATAL,
                    _(
                        "The decision's legal basis «%(text)s» names no chapter and section "
                        "(e.g. «barnevernsloven § 3-1»), so it cannot be reported (RAPP-02)."
                    )
                    % {"text": v.hjemmel},
                    "vedtak",
                    v.pk,
                    s.pk,
                )
            )
            continue
        vrec = records.Vedtak(uuid_for("vedtak", v.pk), v.pk, vstart, hjemmel)
        vrec.status.append(
            (uuid_for("vedtak-status-1", v.pk), koder.VEDTAK_STATUS_GODKJENT, vstart)
        )
        tiltak = tiltak_by_vedtak.get(v.pk, [])
        ends = [t.til_dato or t.bortfalt_dato for t in tiltak]
        if tiltak and all(ends):
            vrec.slutt = max(ends)
            vrec.status.append(
                (uuid_for("vedtak-status-4", v.pk), koder.VEDTAK_STATUS_AVSLUTTET, vrec.slutt)
            )
        rec.vedtak.append(vrec)
        for t in tiltak:
            if t.fra_dato is None:
                continue  # decided, not started (or lapsed): no Tiltak yet
            if t.type_id in bad_types:
                stop = True  # the type's own finding names it (type_funn)
                continue
            trec = records.Tiltak(
                id=uuid_for("tiltak", t.pk),
                pk=t.pk,
                start=t.fra_dato,
                slutt=t.til_dato,
                kategori=t.type.register_kategori,
                presisering=t.type.register_presisering,
                lovhjemmel=hjemmel,
                vedtak_id=vrec.id,
                type_pk=t.type_id,
            )
            rec.tiltak.append(trec)
            rec.relasjoner.append(relasjon(vrec.id, "Vedtak", trec.id, "Tiltak"))
    if rec.undersokelser and rec.vedtak and rec.undersokelser[0].kode == "1":
        u = rec.undersokelser[0]
        after = [v for v in rec.vedtak if v.start >= u.start] or rec.vedtak
        rec.relasjoner.append(relasjon(u.id, "Undersokelse", after[0].id, "Vedtak"))
    # The register's start of the case is the day the child became a client: the earliest of
    # the case's registration and what it holds (a case registered after its first decision,
    # as when it was moved from an earlier system, starts with that decision).
    rec.start = min([rec.start, *(v.start for v in rec.vedtak), *(t.start for t in rec.tiltak)])
    if plan is not None and (plan.fra or plan.godkjent_fra):
        pstart = plan.fra or timezone.localdate(plan.godkjent_fra)
        rec.planer.append(
            records.Plan(
                uuid_for("plan", plan.pk),
                plan.pk,
                pstart,
                koder.PLANTYPE_TILTAKSPLAN,
                evalueringer.get(plan.pk, []),
                rec.slutt,
            )
        )
    return rec, funn, stop or any(f.grad == FATAL for f in funn)


def chunks(tjeneste_id: int, size: int = CHUNK) -> Iterator[list[int]]:
    """The service's cases, by id, ``size`` at a time (keyset: no offset scans)."""
    last = 0
    while True:
        pks = list(
            Sak.objects.filter(tjeneste_id=tjeneste_id, pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        if not pks:
            return
        yield pks
        last = pks[-1]
