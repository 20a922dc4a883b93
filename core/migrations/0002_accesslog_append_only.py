"""ROLE-03: the access log is append-only in the database too (PostgreSQL)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only (ROLE-03)';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_accesslog_no_change ON core_accesslogentry;
CREATE TRIGGER core_accesslog_no_change
    BEFORE UPDATE OR DELETE ON core_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION core_accesslog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_accesslog_no_change ON core_accesslogentry;
DROP FUNCTION IF EXISTS core_accesslog_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
