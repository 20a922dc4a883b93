"""The common measure types (tiltaksbank); a municipality edits the list in the admin."""

from django.db import migrations


def seed(apps, schema_editor):
    from vedtak.catalogue import seed_tiltakstyper

    seed_tiltakstyper(apps.get_model("vedtak", "Tiltakstype"))


class Migration(migrations.Migration):
    dependencies = [("vedtak", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
