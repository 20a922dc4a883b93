"""LOG-01: the journal's history read case by case, newest first, from an index.

The case history reads each source's historical rows of one case, newest first, a page at a
time (``cases.history``). The journal is the largest of them (a case may hold thousands of
notes): with only the historical table's separate indexes on the case and on the date,
PostgreSQL may walk the whole table's dates backwards, filtering out every other case's notes
(bench P2.history: 17 000 rows read for a page of 51 at 100 000 children). This index gives it
the case's own rows in the page's order. The historical model is django-simple-history's, so
the index is SQL of its own (both databases), not a field of a model's ``Meta``.
"""

from django.db import migrations

INDEX = "journal_hist_sak_date"


class Migration(migrations.Migration):
    dependencies = [("journal", "0002_search_index")]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "journal_historicaljournalnotat" '
            '("sak_id", "history_date" DESC, "history_id" DESC)',
            f'DROP INDEX IF EXISTS "{INDEX}"',
            elidable=False,
        )
    ]
