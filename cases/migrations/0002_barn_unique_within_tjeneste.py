"""SAK-01 within a service (issue 19, finding 1): a child's number is unique in its service,
not across the database, so another municipality learns nothing from it and a child may have
cases in two municipalities.

The child gets its service, filled from its case (or, for a child without one, from its
investigation's team); then the number's global uniqueness gives way to a unique constraint on
(service, number) that leaves out a possible duplicate (``duplikat_av``, see 0003).
"""

import cases.rules
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_tjeneste(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated (Django's advice)
    barn = apps.get_model("cases", "Barn").objects.using(db)
    saker = apps.get_model("cases", "Sak").objects.using(db)
    undersokelser = apps.get_model("cases", "Undersokelse").objects.using(db)
    barn.filter(tjeneste__isnull=True).update(
        tjeneste_id=Subquery(saker.filter(barn_id=OuterRef("pk")).values("tjeneste_id")[:1])
    )
    barn.filter(tjeneste__isnull=True).update(
        tjeneste_id=Subquery(
            undersokelser.filter(barn_id=OuterRef("pk"))
            .order_by("pk")
            .values("team__tjeneste_id")[:1]
        )
    )
    if orphans := barn.filter(tjeneste__isnull=True).count():
        raise RuntimeError(
            f"{orphans} children have neither a case nor an investigation: give each a service "
            "(cases_barn.tjeneste_id) before this migration runs."
        )
    if schema_editor.connection.vendor == "postgresql":
        # The foreign keys' deferred checks now, so the ALTER TABLE below finds no pending
        # trigger events on the table.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="barn",
            name="tjeneste",
            field=models.ForeignKey(
                editable=False,
                help_text="The service that registered the child; the number is unique within it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="barn",
                to="accounts.tjeneste",
                verbose_name="service",
            ),
        ),
        migrations.AddField(
            model_name="historicalbarn",
            name="tjeneste",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="The service that registered the child; the number is unique within it.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="accounts.tjeneste",
                verbose_name="service",
            ),
        ),
        migrations.RunPython(fill_tjeneste, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="barn",
            name="tjeneste",
            field=models.ForeignKey(
                editable=False,
                help_text="The service that registered the child; the number is unique within it.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="barn",
                to="accounts.tjeneste",
                verbose_name="service",
            ),
        ),
        migrations.AddField(
            model_name="barn",
            name="duplikat_av",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.barn",
                verbose_name="possible duplicate of",
            ),
        ),
        migrations.AddField(
            model_name="historicalbarn",
            name="duplikat_av",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.barn",
                verbose_name="possible duplicate of",
            ),
        ),
        migrations.AlterField(
            model_name="barn",
            name="fodselsnummer",
            field=models.CharField(
                db_index=True,
                help_text="11 digits. The birth date is read from the number.",
                max_length=11,
                validators=[cases.rules.validate_id_number],
                verbose_name="national identity number or D-number",
            ),
        ),
        migrations.AddConstraint(
            model_name="barn",
            constraint=models.UniqueConstraint(
                condition=models.Q(("duplikat_av__isnull", True)),
                fields=("tjeneste", "fodselsnummer"),
                name="barn_unique_fodselsnummer_in_tjeneste",
            ),
        ),
    ]
