"""JOUR-01: the GIN index of the notes' full-text search vector (``sok``), on PostgreSQL only.

SQLite (the embedded default) has no GIN index nor ``tsvector``: there the journal's search
reads the text itself (:func:`journal.selectors.search`), and this migration does nothing.
"""

from django.db import migrations

INDEX = "journalnotat_sok_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "journal_journalnotat" USING gin ("sok")'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_journalnotat")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
