"""ROLE-03, issue 19 finding 7: a list that shows cases (children's names) writes one row with
the ids of the cases it showed (``saker``) and their teams (``teams``); such a row has no
``sak``. On PostgreSQL a GIN index on ``saker`` lets a case's log find the lists that showed
it; SQLite has no GIN and reads the list rows of the service instead.

Only columns are added and the case made optional: the append-only triggers of 0002 and 0007
and the application role's grants (SELECT and INSERT on the table) cover the new columns.
"""

import django.db.models.deletion
from django.db import migrations, models

import core.models

GIN = (
    "CREATE INDEX IF NOT EXISTS accesslog_saker ON core_accesslogentry "
    "USING gin (saker jsonb_path_ops) WHERE saker IS NOT NULL"
)


def create_gin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GIN)


def drop_gin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS accesslog_saker")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("core", "0008_accesslog_id_number_and_duplicate"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslogentry",
            name="liste",
            field=models.CharField(
                blank=True,
                choices=[
                    ("start", "Start page"),
                    ("saker", "Case list"),
                    ("ko", "Guidance and approval queue"),
                    ("signering", "Decisions to sign"),
                    ("frister", "My deadlines"),
                ],
                max_length=16,
                verbose_name="list",
            ),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="saker",
            field=core.models.IdListField(blank=True, null=True, verbose_name="cases shown"),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="teams",
            field=core.models.IdListField(blank=True, null=True, verbose_name="their teams"),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Viewed the case"),
                    ("history", "Viewed the history"),
                    ("pdf", "Downloaded a document"),
                    ("export", "Exported"),
                    ("adresse", "Viewed a shielded address"),
                    ("liste", "Viewed a list of cases"),
                    ("fodselsnummer", "Viewed the national identity number"),
                    ("duplikat", "Registered the child again"),
                ],
                max_length=16,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="sak",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.sak",
                verbose_name="case",
            ),
        ),
        migrations.AddConstraint(
            model_name="accesslogentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("sak__isnull", False), ("saker__isnull", True)),
                    models.Q(("action", "liste"), ("sak__isnull", True), ("saker__isnull", False)),
                    _connector="OR",
                ),
                name="accesslog_case_or_list",
            ),
        ),
        migrations.RunPython(create_gin, drop_gin),
    ]
