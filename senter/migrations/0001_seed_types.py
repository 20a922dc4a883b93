"""The centre course's measure types in the tiltaksbank (SENTER-04: the residential one)."""

from django.db import migrations


def seed(apps, schema_editor):
    from senter.catalogue import seed_senter_types

    seed_senter_types(apps.get_model("vedtak", "Tiltakstype"))


class Migration(migrations.Migration):
    dependencies = [("vedtak", "0005_senter_dogn_planned_end")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
