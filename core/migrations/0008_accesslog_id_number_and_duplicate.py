"""ROLE-03, issue 19: two more kinds of access-log row: the full fødselsnummer viewed on its own
page (finding 10), and a case opened for a child who already had a case here, by someone outside
that case's need-to-know (finding 1, SAK-01).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_accesslog_no_truncate"),
    ]

    operations = [
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
                    ("fodselsnummer", "Viewed the national identity number"),
                    ("duplikat", "Registered the child again"),
                ],
                max_length=16,
                verbose_name="action",
            ),
        ),
    ]
