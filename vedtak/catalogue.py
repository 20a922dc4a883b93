"""The common measure types (tiltaksbank) a new installation starts with; a municipality
edits the list in the admin. Used by the data migration, and by the demo and the tests after
a database flush."""

from .models import Tiltakstype

TYPER = [
    # kode, navn, rettet mot barnet, veiledning
    ("rad-og-veiledning", "Råd og veiledning", False, True),
    ("foreldreveiledning", "Foreldreveiledning", False, True),
    ("miljoterapeut", "Miljøterapeut i hjemmet", False, True),
    ("stottekontakt", "Støttekontakt", True, False),
    ("besokshjem", "Besøkshjem", True, False),
    ("stottefamilie", "Støttefamilie", True, False),
    ("barnehage", "Barnehage/dagtilbud", True, False),
    ("fritidstiltak", "Fritidstiltak", True, False),
    ("okonomisk-stonad", "Økonomisk stønad", False, False),
    ("leksehjelp", "Leksehjelp", True, False),
    ("ansvarsgruppe", "Ansvarsgruppe", False, False),
    ("frivillig-plassering", "Frivillig plassering (bvl § 3-2)", True, False),
    ("tilsynsforer", "Tilsynsfører i hjemmet", False, False),
]


def seed_tiltakstyper(model=None) -> None:
    """Create the types that are missing (``model`` is the historical model in a migration)."""
    model = model or Tiltakstype
    for i, (kode, navn, barnet, veiledning) in enumerate(TYPER):
        model.objects.get_or_create(
            kode=kode,
            defaults={
                "navn": navn,
                "rettet_mot_barnet": barnet,
                "veiledning": veiledning,
                "rekkefolge": (i + 1) * 10,
            },
        )
