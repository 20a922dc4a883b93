"""The common measure types (tiltaksbank); a municipality edits the list in the admin."""

from django.db import migrations

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


def seed(apps, schema_editor):
    Tiltakstype = apps.get_model("vedtak", "Tiltakstype")
    for i, (kode, navn, barnet, veiledning) in enumerate(TYPER):
        Tiltakstype.objects.get_or_create(
            kode=kode,
            defaults={
                "navn": navn,
                "rettet_mot_barnet": barnet,
                "veiledning": veiledning,
                "rekkefolge": (i + 1) * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("vedtak", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
