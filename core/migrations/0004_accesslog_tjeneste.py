"""The case's service on every access-log row (ROLE-03 at national scale).

The viewer reads a service's log newest first; with the service on the row that is one index
walk instead of a join to the cases per row. The rows written so far get their case's service
(the append-only trigger is set aside for that one statement, inside this migration's
transaction).
"""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
UPDATE core_accesslogentry AS l SET tjeneste_id = s.tjeneste_id
FROM cases_sak AS s WHERE s.id = l.sak_id AND l.tjeneste_id IS NULL
"""


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The new foreign key is checked at once, so that no trigger event is pending when
        # the table is altered again.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(
            "ALTER TABLE core_accesslogentry DISABLE TRIGGER core_accesslog_no_change"
        )
        schema_editor.execute(BACKFILL)
        schema_editor.execute(
            "ALTER TABLE core_accesslogentry ENABLE TRIGGER core_accesslog_no_change"
        )
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    AccessLogEntry = apps.get_model("core", "AccessLogEntry")
    Sak = apps.get_model("cases", "Sak")
    for tjeneste_id in Sak.objects.values_list("tjeneste_id", flat=True).distinct():
        AccessLogEntry.objects.filter(sak__tjeneste_id=tjeneste_id).update(
            tjeneste_id=tjeneste_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_historicaluser_adresseklarering_and_more"),
        ("cases", "0001_initial"),
        ("core", "0003_accesslogentry_nodtilgang_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslogentry",
            name="tjeneste",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.tjeneste",
                verbose_name="service",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="accesslogentry",
            name="tjeneste",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.tjeneste",
                verbose_name="service",
            ),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["tjeneste", "-id"], name="accesslog_tjeneste_id"),
        ),
    ]
