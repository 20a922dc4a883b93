"""RUT-01/02: every existing service gets source 002's checklists and routine table as
editable defaults (a new service gets them when it is made, rutiner.services)."""

from django.db import migrations

from rutiner import defaults


def seed(apps, schema_editor):
    Tjeneste = apps.get_model("accounts", "Tjeneste")
    Sjekkliste = apps.get_model("rutiner", "Sjekkliste")
    Rutine = apps.get_model("rutiner", "Rutine")
    for tjeneste_id in Tjeneste.objects.values_list("pk", flat=True):
        have = set(
            Sjekkliste.objects.filter(tjeneste_id=tjeneste_id).values_list("kode", flat=True)
        )
        Sjekkliste.objects.bulk_create(
            [
                Sjekkliste(tjeneste_id=tjeneste_id, **c)
                for c in defaults.CHECKLISTS
                if c["kode"] not in have
            ]
        )
        if not Rutine.objects.filter(tjeneste_id=tjeneste_id).exists():
            Rutine.objects.bulk_create(
                [
                    Rutine(tjeneste_id=tjeneste_id, rekkefolge=i, **r)
                    for i, r in enumerate(defaults.ROUTINES, start=1)
                ]
            )


class Migration(migrations.Migration):
    dependencies = [
        ("rutiner", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
