"""RAPP-01: the seeded measure types and programmes get their register category."""

from django.db import migrations


def seed(apps, schema_editor):
    from rapportering.catalogue import seed_kategorier

    seed_kategorier(apps.get_model("vedtak", "Tiltakstype"), apps.get_model("programbank", "Program"))


class Migration(migrations.Migration):
    dependencies = [
        ("rapportering", "0001_initial"),
        ("vedtak", "0006_tiltakstype_register_kategori"),
        ("programbank", "0003_program_register_kategori"),
        ("senter", "0001_seed_types"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
