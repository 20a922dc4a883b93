"""SAK-01 within a service: the possible duplicates the owning team's leaders decide."""

import cases.rules
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_barn_unique_within_tjeneste"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalMuligDuplikat",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("apen", "Awaiting the team leader"),
                            ("koblet", "Linked to the existing case"),
                            ("overfort", "Existing case transferred"),
                            ("ikke_duplikat", "Not a duplicate"),
                        ],
                        default="apen",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                (
                    "registrert",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="registered"
                    ),
                ),
                ("avgjort", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical possible duplicate",
                "verbose_name_plural": "historical possible duplicates",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MuligDuplikat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("apen", "Awaiting the team leader"),
                            ("koblet", "Linked to the existing case"),
                            ("overfort", "Existing case transferred"),
                            ("ikke_duplikat", "Not a duplicate"),
                        ],
                        default="apen",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                (
                    "registrert",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="registered"
                    ),
                ),
                ("avgjort", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
            ],
            options={
                "verbose_name": "possible duplicate",
                "verbose_name_plural": "possible duplicates",
                "ordering": ["registrert", "pk"],
            },
        ),
        migrations.AddField(
            model_name="historicalmuligduplikat",
            name="avgjort_av",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="decided by",
            ),
        ),
        migrations.AddField(
            model_name="historicalmuligduplikat",
            name="eksisterende",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.sak",
                verbose_name="existing case",
            ),
        ),
        migrations.AddField(
            model_name="historicalmuligduplikat",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalmuligduplikat",
            name="registrert_av",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="registered by",
            ),
        ),
        migrations.AddField(
            model_name="historicalmuligduplikat",
            name="sak",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.sak",
                verbose_name="new case",
            ),
        ),
        migrations.AddField(
            model_name="muligduplikat",
            name="avgjort_av",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="decided by",
            ),
        ),
        migrations.AddField(
            model_name="muligduplikat",
            name="eksisterende",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.sak",
                verbose_name="existing case",
            ),
        ),
        migrations.AddField(
            model_name="muligduplikat",
            name="registrert_av",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="registered by",
            ),
        ),
        migrations.AddField(
            model_name="muligduplikat",
            name="sak",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="mulige_duplikater",
                to="cases.sak",
                verbose_name="new case",
            ),
        ),
        migrations.AddIndex(
            model_name="muligduplikat",
            index=models.Index(
                condition=models.Q(("status", "apen")),
                fields=["eksisterende"],
                name="mulig_duplikat_open",
            ),
        ),
        migrations.AddConstraint(
            model_name="muligduplikat",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "apen")),
                fields=("sak", "eksisterende"),
                name="mulig_duplikat_one_open",
            ),
        ),
    ]
