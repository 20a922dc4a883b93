"""The reporting's writes (RAPP-02 … RAPP-04): build a service's extract, release it, send it.

A build writes a new :class:`Uttrekk` and a new file; it never touches an earlier extract, so a
failed build leaves the previous released one as it was.
"""

from __future__ import annotations

import hashlib
import io
import logging
import tempfile
import zipfile
from datetime import date

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Tjeneste
from core.exceptions import NotFound

from . import controls, extract, permissions, records, schema, transport
from .actions import MACHINE
from .controls import Funn
from .models import Avgiver, Kontrollfunn, Uttrekk
from .xml import write_document

log = logging.getLogger(__name__)

PRODUKT_4 = extract.PRODUKT_4


def fagsystem() -> dict[str, str]:
    return {
        "Leverandor": getattr(settings, "RAPPORTERING_LEVERANDOR", "Hjelpetiltak"),
        "Navn": "Hjelpetiltak",
        "Versjon": getattr(settings, "RAPPORTERING_FAGSYSTEM_VERSJON", "0.1.0"),
    }


def _avgiver(tjeneste: Tjeneste) -> records.Avgiver | None:
    row = Avgiver.objects.filter(tjeneste=tjeneste).first()
    if row is None:
        return None
    return records.Avgiver(
        organisasjonsnummer=row.organisasjonsnummer,
        kommunenummer=tjeneste.kommunenummer,
        kommunenavn=tjeneste.kommune,
        bydelsnummer=row.bydelsnummer,
        bydelsnavn=row.bydelsnavn,
    )


def _no_avgiver(tjeneste: Tjeneste) -> Funn:
    return Funn(
        PRODUKT_4,
        controls.FATAL,
        _(
            "The service has no organisation number for the reporting (Avgiver): the system "
            "administrator registers it in the administration."
        ),
        "tjeneste",
        tjeneste.pk,
    )


def build_file(
    tjeneste: Tjeneste, dato: date, out, *, laget, uttrekk_key: str
) -> tuple[int, list[Funn]]:
    """Write the service's extract as a ZIP of one ``<Barnevern>`` document per case into
    ``out``, each validated against the vendored schema. Returns the number of cases written
    and every control's finding."""
    funn: list[Funn] = []
    avgiver = _avgiver(tjeneste)
    if avgiver is None:
        funn.append(_no_avgiver(tjeneste))
        avgiver = records.Avgiver("000000000", tjeneste.kommunenummer, tjeneste.kommune)
    else:
        funn.extend(controls.check_avgiver(avgiver, tjeneste.pk))
    type_funn, bad_types = extract.type_funn(dato, tjeneste.pk)
    funn.extend(type_funn)
    written = 0
    dato_uttrekk = timezone.localtime(laget).replace(microsecond=0)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for pks in extract.chunks(tjeneste.pk):
            chunk = extract.read_chunk(pks, dato, bad_types)
            funn.extend(chunk.funn)
            for sak in chunk.saker:
                funn.extend(controls.check_sak(sak, dato))
                buf = io.BytesIO()
                write_document(
                    buf,
                    doc_id=records.uuid_for("dokument", f"{uttrekk_key}:{sak.pk}"),
                    dato_uttrekk=dato_uttrekk,
                    fagsystem=fagsystem(),
                    avgiver=avgiver,
                    sak=sak,
                )
                document = buf.getvalue()
                if problems := schema.errors(document):
                    log.warning(
                        "rapportering.xsd_invalid", extra={"sak_id": sak.pk, "count": len(problems)}
                    )
                    funn.append(controls.FILBESKRIVELSE.funn("sak", sak.pk, sak.pk))
                    continue
                zf.writestr(f"{sak.id}.xml", document)
                written += 1
    return written, funn


def uttrekk_build(*, tjeneste_id: int, dato: date | None = None, force: bool = False) -> Uttrekk:
    """RAPP-02: the service's extract of ``dato`` (today). Idempotent: an extract already built
    for the day is returned as it is, unless ``force`` (after the records were fixed)."""
    dato = dato or timezone.localdate()
    tjeneste = Tjeneste.objects.get(pk=tjeneste_id)
    if not force:
        done = (
            Uttrekk.objects.filter(tjeneste=tjeneste, dato=dato)
            .exclude(status=Uttrekk.Status.FEILET)
            .first()
        )
        if done is not None:
            return done
    uttrekk = Uttrekk.objects.create(
        tjeneste=tjeneste, dato=dato, skjemaversjon=schema.SCHEMA_VERSION
    )
    try:
        with tempfile.TemporaryFile() as tmp:
            written, funn = build_file(
                tjeneste, dato, tmp, laget=uttrekk.laget, uttrekk_key=str(uttrekk.pk)
            )
            tmp.seek(0)
            digest = hashlib.sha256()
            for block in iter(lambda: tmp.read(1 << 20), b""):
                digest.update(block)
            size = tmp.tell()
            tmp.seek(0)
            _store(uttrekk, tmp, written, funn, digest.hexdigest(), size)
    except Exception as exc:
        # Ids and the kind of error only: a message may quote data (no personal data in logs).
        log.exception("rapportering.build_failed", extra={"uttrekk_id": uttrekk.pk})
        uttrekk.feil = type(exc).__name__
        uttrekk.save(update_fields=["feil"])
        return uttrekk
    return uttrekk


@transaction.atomic
def _store(uttrekk: Uttrekk, tmp, written: int, funn: list[Funn], checksum: str, size: int):
    counts = dict.fromkeys(controls.SEVERITIES, 0)
    rows = []
    for f in funn:
        counts[f.grad] += 1
        rows.append(
            Kontrollfunn(
                uttrekk=uttrekk,
                kontroll=f.kontroll,
                alvorlighetsgrad=f.grad,
                melding=f.melding,
                sak_id=f.sak_pk,
                objekt=f.objekt,
                objekt_id=f.objekt_id,
            )
        )
    Kontrollfunn.objects.bulk_create(rows, batch_size=1000)
    name = f"uttrekk-{uttrekk.tjeneste.kommunenummer}-{uttrekk.dato}-{uttrekk.pk}.zip"
    uttrekk.fil.save(name, File(tmp), save=False)
    uttrekk.sjekksum = checksum
    uttrekk.storrelse = size
    uttrekk.antall_saker = written
    uttrekk.antall_fatal = counts[controls.FATAL]
    uttrekk.antall_error = counts[controls.ERROR]
    uttrekk.antall_warning = counts[controls.WARNING]
    uttrekk.antall_info = counts[controls.INFO]
    if uttrekk.kan_frigis:
        uttrekk.mark_ready()
    else:
        uttrekk.mark_stopped()
    uttrekk.save()


def _locked(actor, uttrekk_id: int) -> Uttrekk:
    uttrekk = (
        Uttrekk.objects.select_for_update()
        .filter(pk=uttrekk_id, tjeneste_id__in=permissions.tjenester_for_page(actor))
        .first()
    )
    if uttrekk is None:
        raise NotFound
    return uttrekk


@transaction.atomic(durable=True)
def uttrekk_release(*, actor, uttrekk_id: int) -> Uttrekk:
    """RAPP-04: the head of service releases an extract the controls let through (RAPP-03)."""
    uttrekk = _locked(actor, uttrekk_id)
    MACHINE.perform("release", uttrekk, actor)
    uttrekk._change_reason = "RAPP-04: frigitt"
    uttrekk.save()
    log.info("rapportering.released", extra={"uttrekk_id": uttrekk.pk, "user_id": actor.pk})
    return uttrekk


@transaction.atomic(durable=True)
def uttrekk_send(*, actor, uttrekk_id: int) -> Uttrekk:
    """RAPP-04: send a released extract through the configured transport (a logged act)."""
    uttrekk = _locked(actor, uttrekk_id)
    MACHINE.perform("send", uttrekk, actor)
    adapter = transport.configured()
    with uttrekk.fil.open("rb") as fil:
        adapter.send(uttrekk, fil)
    uttrekk.send(by=actor, via=adapter.name)
    uttrekk._change_reason = "RAPP-04: sendt"
    uttrekk.save()
    log.info("rapportering.sent", extra={"uttrekk_id": uttrekk.pk, "user_id": actor.pk})
    return uttrekk


@transaction.atomic(durable=True)
def uttrekk_download(*, actor, uttrekk_id: int) -> Uttrekk:
    """RAPP-04: the head of service downloads a released extract; without a transport this is
    the sending, and every download is a logged act (the extract's history)."""
    uttrekk = _locked(actor, uttrekk_id)
    if not permissions.can_download(uttrekk, actor) or uttrekk.status not in (
        Uttrekk.Status.FRIGITT,
        Uttrekk.Status.SENDT,
    ):
        raise NotFound
    uttrekk.send(by=actor, via=transport.NEDLASTING)
    uttrekk._change_reason = "RAPP-04: lastet ned"
    uttrekk.save()
    log.info("rapportering.downloaded", extra={"uttrekk_id": uttrekk.pk, "user_id": actor.pk})
    return uttrekk


def build_all(*, dato: date | None = None) -> list[int]:
    """Every service's extract of the day (the beat task, the command)."""
    return [
        uttrekk_build(tjeneste_id=pk, dato=dato).pk
        for pk in Tjeneste.objects.order_by("pk").values_list("pk", flat=True)
    ]
