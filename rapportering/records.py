"""One case as the register sees it (RAPP-02): plain records built from the product's data,
read by the controls (:mod:`rapportering.controls`) and written by :mod:`rapportering.xml`.

Ids are UUIDs derived from the record's kind and primary key (:func:`uuid_for`), so the same
record has the same id in every extract (the register follows a record from day to day).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

#: The namespace of the product's register ids (uuid5: version 5, as the schema's pattern allows).
NAMESPACE = uuid.UUID("5b0e5a0e-3f4c-4d1e-9a55-6b6a3d0c2f11")


def uuid_for(kind: str, key: object) -> str:
    return str(uuid.uuid5(NAMESPACE, f"hjelpetiltak:{kind}:{key}"))


@dataclass
class Lovhjemmel:
    lov: str
    kapittel: str
    paragraf: str
    ledd: tuple[str, ...] = ()


@dataclass
class Melding:
    id: str
    pk: int
    start: date


@dataclass
class Undersokelse:
    id: str
    pk: int
    start: date
    slutt: date | None = None
    kode: str = ""


@dataclass
class Plan:
    id: str
    pk: int
    start: date
    plantype: str
    evalueringer: list[date] = field(default_factory=list)
    slutt: date | None = None


@dataclass
class Vedtak:
    id: str
    pk: int
    start: date
    lovhjemmel: Lovhjemmel
    #: ``(id, kode, endret_dato)``
    status: list[tuple[str, str, date]] = field(default_factory=list)
    slutt: date | None = None


@dataclass
class Tiltak:
    id: str
    pk: int
    start: date
    kategori: str
    presisering: str
    lovhjemmel: Lovhjemmel
    vedtak_id: str
    type_pk: int
    slutt: date | None = None


@dataclass
class Ettervern:
    id: str
    pk: int
    tilbud_sendt: date
    slutt: date | None = None
    kode: str = ""


@dataclass
class Relasjon:
    id: str
    fra_id: str
    fra_type: str
    til_id: str
    til_type: str


def relasjon(fra_id: str, fra_type: str, til_id: str, til_type: str) -> Relasjon:
    return Relasjon(uuid_for("relasjon", f"{fra_id}:{til_id}"), fra_id, fra_type, til_id, til_type)


@dataclass
class Sak:
    id: str
    pk: int
    journalnummer: str
    start: date
    slutt: date | None
    personalia_id: str
    fodselsnummer: str
    fodselsdato: date
    kjonn: str
    meldinger: list[Melding] = field(default_factory=list)
    undersokelser: list[Undersokelse] = field(default_factory=list)
    planer: list[Plan] = field(default_factory=list)
    vedtak: list[Vedtak] = field(default_factory=list)
    tiltak: list[Tiltak] = field(default_factory=list)
    ettervern: list[Ettervern] = field(default_factory=list)
    relasjoner: list[Relasjon] = field(default_factory=list)

    @property
    def avsluttet(self) -> bool:
        return self.slutt is not None

    def apne_underelementer(self) -> bool:
        """Sub-elements without an end date (decisions excepted, as Sak Kontroll 7 and 8 say;
        a melding has no end date in the product's extract)."""
        return any(u.slutt is None for u in self.undersokelser) or any(
            x.slutt is None for x in (*self.planer, *self.tiltak)
        )


@dataclass
class Avgiver:
    organisasjonsnummer: str
    kommunenummer: str
    kommunenavn: str
    bydelsnummer: str = ""
    bydelsnavn: str = ""
