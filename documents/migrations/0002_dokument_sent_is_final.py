"""DOK-01/DOK-02 in the database too (PostgreSQL): a sent document is never updated, and no
document or dispatch is ever deleted; a registered dispatch is never changed."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION documents_dokument_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Documents are never deleted (DOK-01)';
    END IF;
    IF OLD.status = 'sendt' THEN
        RAISE EXCEPTION 'A sent document is never changed (DOK-01)';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS documents_dokument_no_change ON documents_dokument;
CREATE TRIGGER documents_dokument_no_change
    BEFORE UPDATE OR DELETE ON documents_dokument
    FOR EACH ROW EXECUTE FUNCTION documents_dokument_guard();

CREATE OR REPLACE FUNCTION documents_utsending_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A registered dispatch is never changed or deleted (DOK-02)';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS documents_utsending_no_change ON documents_utsending;
CREATE TRIGGER documents_utsending_no_change
    BEFORE UPDATE OR DELETE ON documents_utsending
    FOR EACH ROW EXECUTE FUNCTION documents_utsending_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS documents_dokument_no_change ON documents_dokument;
DROP FUNCTION IF EXISTS documents_dokument_guard();
DROP TRIGGER IF EXISTS documents_utsending_no_change ON documents_utsending;
DROP FUNCTION IF EXISTS documents_utsending_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
