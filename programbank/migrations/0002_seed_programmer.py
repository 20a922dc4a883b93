"""BANK-01: the programmes of source 000, seeded for every service there is as editable
defaults (a service made later adds them from its programme bank's page)."""

from django.db import migrations


def seed(apps, schema_editor):
    from programbank.defaults import new_defaults

    Program = apps.get_model("programbank", "Program")
    Tjeneste = apps.get_model("accounts", "Tjeneste")
    for tjeneste_id in Tjeneste.objects.values_list("pk", flat=True):
        have = set(
            Program.objects.filter(tjeneste_id=tjeneste_id)
            .exclude(kode="")
            .values_list("kode", flat=True)
        )
        Program.objects.bulk_create(new_defaults(Program, tjeneste_id, have))


class Migration(migrations.Migration):
    dependencies = [("programbank", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
