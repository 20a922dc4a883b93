"""ROLE-04, issue 19 finding 9: more than three grants in 24 hours wait for a leader's approval."""

import django.db.models.deletion
import django_fsm
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalnodtilgang",
            name="avgjort",
            field=models.DateTimeField(blank=True, null=True, verbose_name="decided"),
        ),
        migrations.AddField(
            model_name="historicalnodtilgang",
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
            model_name="historicalnodtilgang",
            name="grense_varslet",
            field=models.DateField(blank=True, null=True, verbose_name="leaders told of the limit"),
        ),
        migrations.AddField(
            model_name="historicalnodtilgang",
            name="krever_godkjenning",
            field=models.BooleanField(default=False, verbose_name="needed a leader's approval"),
        ),
        migrations.AddField(
            model_name="historicalnodtilgang",
            name="status",
            field=django_fsm.FSMField(
                choices=[
                    ("innvilget", "Granted"),
                    ("venter", "Awaiting approval"),
                    ("avslatt", "Refused"),
                ],
                default="innvilget",
                max_length=12,
                protected=True,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="nodtilgang",
            name="avgjort",
            field=models.DateTimeField(blank=True, null=True, verbose_name="decided"),
        ),
        migrations.AddField(
            model_name="nodtilgang",
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
            model_name="nodtilgang",
            name="grense_varslet",
            field=models.DateField(blank=True, null=True, verbose_name="leaders told of the limit"),
        ),
        migrations.AddField(
            model_name="nodtilgang",
            name="krever_godkjenning",
            field=models.BooleanField(default=False, verbose_name="needed a leader's approval"),
        ),
        migrations.AddField(
            model_name="nodtilgang",
            name="status",
            field=django_fsm.FSMField(
                choices=[
                    ("innvilget", "Granted"),
                    ("venter", "Awaiting approval"),
                    ("avslatt", "Refused"),
                ],
                default="innvilget",
                max_length=12,
                protected=True,
                verbose_name="status",
            ),
        ),
        migrations.AddIndex(
            model_name="nodtilgang",
            index=models.Index(
                condition=models.Q(("krever_godkjenning", True)),
                fields=["opprettet"],
                name="nodtilgang_over_limit",
            ),
        ),
    ]
