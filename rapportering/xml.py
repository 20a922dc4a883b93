"""Write one ``<Barnevern>`` document (one case, as the schema has it) with
``lxml.etree.xmlfile`` (RAPP-02): element by element into the stream, never a tree.

Only what the schema defines is written, and only what the product holds (RAPP-04).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import IO

from lxml import etree

from .records import Avgiver, Lovhjemmel, Sak


def _d(value: date) -> str:
    return value.isoformat()


def _attrs(**values) -> dict[str, str]:
    return {k: v for k, v in values.items() if v not in (None, "")}


def _lovhjemmel(xf, tag: str, h: Lovhjemmel) -> None:
    with xf.element(tag):
        for name, value in (("Lov", h.lov), ("Kapittel", h.kapittel), ("Paragraf", h.paragraf)):
            with xf.element(name):
                xf.write(value)
        for ledd in h.ledd:
            with xf.element("Ledd"):
                xf.write(ledd)


def write_document(
    out: IO[bytes],
    *,
    doc_id: str,
    dato_uttrekk: datetime,
    fagsystem: dict[str, str],
    avgiver: Avgiver,
    sak: Sak,
) -> None:
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(
            "Barnevern", Id=doc_id, DatoUttrekk=dato_uttrekk.isoformat(timespec="seconds")
        ):
            xf.write(etree.Element("Fagsystem", **fagsystem))
            xf.write(
                etree.Element(
                    "Avgiver",
                    **_attrs(
                        Organisasjonsnummer=avgiver.organisasjonsnummer,
                        Kommunenummer=avgiver.kommunenummer,
                        Kommunenavn=avgiver.kommunenavn,
                        Bydelsnummer=avgiver.bydelsnummer,
                        Bydelsnavn=avgiver.bydelsnavn,
                    ),
                )
            )
            _write_sak(xf, sak)


def _write_sak(xf, sak: Sak) -> None:
    attrs = _attrs(
        Id=sak.id,
        StartDato=_d(sak.start),
        SluttDato=_d(sak.slutt) if sak.slutt else None,
        Journalnummer=sak.journalnummer,
        Avsluttet="true" if sak.avsluttet else "false",
    )
    with xf.element("Sak", **attrs):
        if sak.fodselsnummer:
            xf.write(
                etree.Element(
                    "Personalia",
                    Id=sak.personalia_id,
                    StartDato=_d(sak.start),
                    Fodselsnummer=sak.fodselsnummer,
                    Fodseldato=_d(sak.fodselsdato),
                    Kjonn=sak.kjonn,
                )
            )
        for m in sak.meldinger:
            xf.write(etree.Element("Melding", Id=m.id, StartDato=_d(m.start)))
        for u in sak.undersokelser:
            with xf.element("Undersokelse", Id=u.id, StartDato=_d(u.start)):
                if u.slutt and u.kode:
                    xf.write(etree.Element("Konklusjon", SluttDato=_d(u.slutt), Kode=u.kode))
        for p in sak.planer:
            with xf.element("Plan", Id=p.id, StartDato=_d(p.start), Plantype=p.plantype):
                for utfort in p.evalueringer:
                    xf.write(etree.Element("Evaluering", UtfortDato=_d(utfort)))
                if p.slutt:
                    xf.write(etree.Element("Konklusjon", SluttDato=_d(p.slutt)))
        for t in sak.tiltak:
            with xf.element("Tiltak", Id=t.id, StartDato=_d(t.start)):
                _lovhjemmel(xf, "Lovhjemmel", t.lovhjemmel)
                xf.write(
                    etree.Element("Kategori", **_attrs(Kode=t.kategori, Presisering=t.presisering))
                )
                if t.slutt:
                    xf.write(etree.Element("Konklusjon", SluttDato=_d(t.slutt)))
        for v in sak.vedtak:
            with xf.element("Vedtak", Id=v.id, StartDato=_d(v.start)):
                _lovhjemmel(xf, "Lovhjemmel", v.lovhjemmel)
                for status_id, kode, endret in v.status:
                    xf.write(
                        etree.Element("Status", Id=status_id, EndretDato=_d(endret), Kode=kode)
                    )
                if v.slutt:
                    xf.write(etree.Element("Konklusjon", SluttDato=_d(v.slutt)))
        for e in sak.ettervern:
            with xf.element("Ettervern", Id=e.id, TilbudSendtDato=_d(e.tilbud_sendt)):
                if e.slutt and e.kode:
                    xf.write(etree.Element("Konklusjon", SluttDato=_d(e.slutt), Kode=e.kode))
        for r in sak.relasjoner:
            xf.write(
                etree.Element(
                    "Relasjon",
                    Id=r.id,
                    FraId=r.fra_id,
                    FraType=r.fra_type,
                    TilId=r.til_id,
                    TilType=r.til_type,
                )
            )
