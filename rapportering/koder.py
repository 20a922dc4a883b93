"""SSB's code lists as the product uses them (RAPP-01), and the one table that maps the
product's own states to the codes the schema asks for (docs/rapportering.md).

The lists themselves are generated from the vendored ``xsd/Kodelister.md``
(:mod:`rapportering.kodelister`).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .kodelister import KODELISTER

KATEGORI = "/Barnevern/Sak/Tiltak/Kategori/@Kode"

#: Tiltak Kontroll 7: the categories that «krever presisering».
KREVER_PRESISERING = frozenset(
    {"1.99", "2.99", "3.7", "3.99", "4.99", "5.99", "6.99", "7.99", "8.99"}
)

#: Plasseringstiltak (Kravspesifikasjon, «Definisjoner»).
PLASSERINGSTILTAK = frozenset(
    {"1.1", "1.2", "1.99", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.99", "8.2"}
)


class Kode(NamedTuple):
    kode: str
    navn: str
    gyldig_fra: date
    gyldig_til: date | None
    krever_presisering: bool

    def gyldig(self, on: date) -> bool:
        return self.gyldig_fra <= on and (self.gyldig_til is None or on <= self.gyldig_til)


def kodeliste(path: str) -> list[Kode]:
    return [Kode(*row) for row in KODELISTER[path]]


def _kategorier() -> dict[str, Kode]:
    return {
        k.kode: k._replace(krever_presisering=k.kode in KREVER_PRESISERING)
        for k in kodeliste(KATEGORI)
    }


KATEGORIER: dict[str, Kode] = _kategorier()


def kategori(kode: str) -> Kode | None:
    return KATEGORIER.get(kode)


def kategori_choices() -> list[tuple[str, str]]:
    """Every category of the list, with its validity when it has an end (RAPP-01)."""
    out = []
    for k in KATEGORIER.values():
        label = f"{k.kode} {k.navn}"
        if k.gyldig_til is not None:
            label += f" (til {k.gyldig_til:%d.%m.%Y})"
        out.append((k.kode, label))
    return out


def kategori_problem(kode: str, presisering: str, on: date) -> str | None:
    """What keeps a category from being reported on ``on`` (RAPP-01), or ``None``."""
    k = kategori(kode)
    if k is None:
        return "mangler"
    if not k.gyldig(on):
        return "ugyldig"
    if k.krever_presisering and not presisering.strip():
        return "presisering"
    return None


# --- The product's states → the schema's codes (one table, docs/rapportering.md) ----------------

#: /Barnevern/Sak/Plan/@Plantype: the product's plan is the tiltaksplan for hjelpetiltak.
PLANTYPE_TILTAKSPLAN = "1"  # Tiltaksplan etter BVL2021 § 8-1

#: /Barnevern/Sak/Undersokelse/Konklusjon/@Kode by ``cases.Undersokelse.Konklusjon``.
UNDERSOKELSE_KONKLUSJON = {
    "tiltak": "1",  # Barneverntjenesten fatter vedtak om tiltak
    "henlagt": "3",  # Undersøkelsen henlagt etter barneverntjenestens vurdering
}

#: /Barnevern/Sak/Vedtak/Status/@Kode: an approved decision is «Godkjent»; when every measure
#: it decided has ended or lapsed, «Avslått / Avsluttet» with its end date.
VEDTAK_STATUS_GODKJENT = "1"
VEDTAK_STATUS_AVSLUTTET = "4"

#: /Barnevern/Sak/Ettervern/Konklusjon/@Kode by ``ettervern.Ettervernvedtak.utfall`` (ETT-02). The
#: service's ending of the measures has no code of its own: no conclusion is sent for it.
ETTERVERN_KONKLUSJON = {
    "fortsette": "1",  # Gitt tilbud om tiltak, akseptert
    "endre": "1",  # Gitt tilbud om tiltak, akseptert
    "takker_nei": "3",  # Ikke lenger tiltak etter BVL, etter brukers ønske
}
