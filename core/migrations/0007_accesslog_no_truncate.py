"""ROLE-03, issue 19 finding 4: TRUNCATE of the access log is refused, whoever asks (PostgreSQL).

The row trigger of 0002 refuses UPDATE and DELETE; TRUNCATE fires no row trigger, so the table's
owner could empty the log. A statement-level trigger now refuses it. The application's own role
has no TRUNCATE (nor UPDATE, DELETE, or ownership to disable a trigger): see
``manage.py grant_app_role`` and README «Security».

Both triggers fire ``ALWAYS``, in replication mode too (``session_replication_role``).

The one exception is the test suite: Django's ``flush`` (the teardown of a transactional test)
empties every table with one TRUNCATE. The test settings connect with
``hjelpetiltak.test_flush=on``, and only a superuser's TRUNCATE passes with it; a superuser could
drop the trigger anyway, and no other role can use the setting. On SQLite: nothing.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_accesslog_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('hjelpetiltak.test_flush', true) = 'on'
       AND (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'The access log is append-only (ROLE-03): TRUNCATE is refused'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_accesslog_no_truncate ON core_accesslogentry;
CREATE TRIGGER core_accesslog_no_truncate
    BEFORE TRUNCATE ON core_accesslogentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_accesslog_no_truncate();
ALTER TABLE core_accesslogentry ENABLE ALWAYS TRIGGER core_accesslog_no_truncate;
ALTER TABLE core_accesslogentry ENABLE ALWAYS TRIGGER core_accesslog_no_change;
"""

DROP = """
ALTER TABLE core_accesslogentry ENABLE TRIGGER core_accesslog_no_change;
DROP TRIGGER IF EXISTS core_accesslog_no_truncate ON core_accesslogentry;
DROP FUNCTION IF EXISTS core_accesslog_no_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_accesslog_indexes_in_viewer_order")]
    operations = [migrations.RunPython(forwards, backwards)]
