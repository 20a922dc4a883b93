"""RAPP-01: the register category of each seeded measure type and programme.

Keyed by the catalogue's own codes (``vedtak.catalogue``, ``senter.catalogue``,
``programbank.defaults``); a service's own types are given their category in the admin. The
data migration and the demo call :func:`seed_kategorier`; a type already given a category keeps
it.
"""

from __future__ import annotations

#: Tiltakstype.kode → (category, presisering). Presisering only where the code asks for it.
TILTAKSTYPER: dict[str, tuple[str, str]] = {
    "rad-og-veiledning": ("3.9", ""),  # Vedtak om råd og veiledning
    "foreldreveiledning": ("3.99", "Foreldreveiledning fra barneverntjenesten"),
    "miljoterapeut": ("3.10", ""),  # Hjemmekonsulent/miljøarbeider
    "stottekontakt": ("4.6", ""),  # Støttekontakt
    "besokshjem": ("4.5", ""),  # Besøkshjem/ avlastningstiltak
    "stottefamilie": ("4.5", ""),  # Besøkshjem/ avlastningstiltak
    "barnehage": ("4.1", ""),  # Barnehage
    "fritidstiltak": ("4.3", ""),  # Fritidsaktiviteter
    "okonomisk-stonad": ("4.4", ""),  # Økonomisk hjelp for øvrig
    "leksehjelp": ("4.8", ""),  # Utdanning og arbeid
    "ansvarsgruppe": ("6.4", ""),  # Deltakelse i ansvarsgruppe
    "frivillig-plassering": ("2.99", "Frivillig plassering utenfor hjemmet etter BVL2021 § 3-2"),
    "tilsynsforer": ("5.1", ""),  # Frivillig tilsyn i hjemmet
    "familierad": ("6.1", ""),  # Familieråd
    "senter-hjelpetiltak": ("3.8", ""),  # Sentre for foreldre og barn
    "senter-dogn": ("3.8", ""),  # Sentre for foreldre og barn
}

#: programbank.Program.kode → (category, presisering).
PROGRAMMER: dict[str, tuple[str, str]] = {
    "mst": ("3.1", ""),  # MST (Multisystemisk terapi)
    "pmto": ("3.2", ""),  # PMTO
    "pmto-radgivning": ("3.2", ""),
    "icdp": ("3.5", ""),  # ICDP
    "marte-meo": ("3.6", ""),
    "cos-p": ("3.99", "COS-P (Trygghetssirkelen)"),
    "samspill-film": ("3.99", "Samspillsveiledning med bruk av film"),
    "pyc": ("3.99", "PYC"),
    "tilknytningsdagbok": ("3.99", "Tilknytningsdagbok"),
    "tuning-into-kids": ("3.99", "Tuning into Kids"),
    "tuning-into-teens": ("3.99", "Tuning into Teens"),
    "ssr": ("3.99", "SSR-metoden"),
    "familierad": ("6.1", ""),  # Familieråd
    "veiledning-skole-barnehage": ("6.99", "Veiledning av skole og barnehage"),
}


def seed_kategorier(tiltakstype_model=None, program_model=None) -> int:
    """Give the seeded types (and programmes, when given) their category where it is empty
    (``*_model`` are the historical models in a migration). Returns how many were set."""
    if tiltakstype_model is None:
        from vedtak.models import Tiltakstype as tiltakstype_model
    count = 0
    for model, table in ((tiltakstype_model, TILTAKSTYPER), (program_model, PROGRAMMER)):
        if model is None:
            continue
        for row in model.objects.filter(kode__in=table, register_kategori=""):
            row.register_kategori, row.register_presisering = table[row.kode]
            row.save(update_fields=["register_kategori", "register_presisering"])
            count += 1
    return count
