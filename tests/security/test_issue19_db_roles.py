"""Issue 19, finding 4: the access log and the history are safe against the application's own
database role.

Before, the application connected as the owner of the tables (docker-compose: the database
superuser), and the access log was append-only only against its own UPDATE and DELETE: the owner
could ``TRUNCATE`` it, or ``ALTER TABLE … DISABLE TRIGGER`` and then rewrite it. Now

- the application connects as a role that owns nothing; ``manage.py grant_app_role`` (run by
  the ``migrate`` job as the owner) gives it SELECT and INSERT only on the access log and on the
  history tables (LOG-01), the usual rights elsewhere;
- a statement-level trigger refuses TRUNCATE of the access log whoever asks (core 0007);
- production refuses SQLite.

The tests create the application's role in the test database's cluster (inside the test's
transaction, so it is gone afterwards), grant as the command does, and act as it with
``SET ROLE``: the checks below prove it is then neither the owner nor a member of the owner.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from core.management.commands.grant_app_role import append_only_tables
from core.models import AccessLogEntry

from ..factories import make_sak
from ..test_settings import GOOD_KEY, ROOT, settings_of

pytestmark = pytest.mark.django_db

LOG = AccessLogEntry._meta.db_table
PERMISSION_DENIED = "permission denied for table"
NOT_OWNER = "must be owner of"


def _role_name(suffix: str) -> str:
    """A role of this test database only (each xdist worker has its own database)."""
    base = re.sub(r"[^a-z0-9_]", "_", connection.settings_dict["NAME"].lower())
    return f"{base}_{suffix}"[:63]


def sql(statement: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def refused(statement: str, params=()) -> str:
    """Run ``statement`` in a savepoint; it must fail. The database's message."""
    with pytest.raises(DatabaseError) as failure, transaction.atomic():
        sql(statement, params)
    return str(failure.value)


@contextmanager
def as_role(role: str):
    """Act as ``role`` until the block ends (what the application's connection would be)."""
    sql(f'SET ROLE "{role}"')
    try:
        yield
    finally:
        sql("RESET ROLE")


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("database roles and triggers: PostgreSQL only")


@pytest.fixture
def app_role(postgresql) -> str:
    """The application's role: created if absent (owning nothing), then granted by the
    command, as the migrate job does."""
    role = _role_name("app")
    if not sql("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]):
        sql(f'CREATE ROLE "{role}" NOLOGIN NOINHERIT')
    call_command("grant_app_role", role, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return role


@pytest.fixture
def log_row(world):
    return AccessLogEntry.objects.create(
        user=world.saksbehandler,
        sak=world.sak_a,
        tjeneste=world.sak_a.tjeneste,
        action=AccessLogEntry.Action.VIEW,
        path="/saker/1/",
    )


def test_finding4_app_role_owns_nothing_and_is_not_the_owner(app_role):
    (owner,) = sql("SELECT tableowner FROM pg_tables WHERE tablename = %s", [LOG])[0]
    with as_role(app_role):
        (who, superuser, member_of_owner), *_ = sql(
            "SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),"
            " pg_has_role(current_user, %s, 'MEMBER')",
            [owner],
        )
        assert who == app_role != owner
        assert superuser is False
        assert member_of_owner is False
        owned = sql(
            "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles"
            " WHERE rolname = current_user)"
        )
        assert owned == [(0,)]


def test_finding4_app_role_cannot_update_access_log(app_role, log_row):
    with as_role(app_role):
        message = refused(f"UPDATE {LOG} SET path = '/forged/' WHERE id = %s", [log_row.pk])
    assert PERMISSION_DENIED in message  # the rights, not only the row trigger
    log_row.refresh_from_db()
    assert log_row.path == "/saker/1/"


def test_finding4_app_role_cannot_delete_access_log(app_role, log_row):
    with as_role(app_role):
        assert PERMISSION_DENIED in refused(f"DELETE FROM {LOG} WHERE id = %s", [log_row.pk])
    assert AccessLogEntry.objects.filter(pk=log_row.pk).exists()


def test_finding4_app_role_cannot_truncate_access_log(app_role, log_row):
    with as_role(app_role):
        assert PERMISSION_DENIED in refused(f"TRUNCATE {LOG}")
        assert PERMISSION_DENIED in refused(f"TRUNCATE {LOG} CASCADE")
    assert AccessLogEntry.objects.filter(pk=log_row.pk).exists()


def test_finding4_app_role_cannot_alter_access_log_or_its_triggers(app_role, log_row):
    with as_role(app_role):
        for statement in (
            f"ALTER TABLE {LOG} DISABLE TRIGGER ALL",
            f"ALTER TABLE {LOG} DISABLE TRIGGER core_accesslog_no_change",
            f"ALTER TABLE {LOG} DISABLE TRIGGER core_accesslog_no_truncate",
            f"DROP TRIGGER core_accesslog_no_change ON {LOG}",
            f"ALTER TABLE {LOG} OWNER TO CURRENT_USER",
            f"ALTER TABLE {LOG} ADD COLUMN forged text",
            f"DROP TABLE {LOG}",
        ):
            assert NOT_OWNER in refused(statement), statement
        # Nor create an object of its own to own (and so a trigger or a function).
        assert "permission denied for schema" in refused("CREATE TABLE mine (id int)")
    (tgenabled,) = sql(
        "SELECT string_agg(tgenabled::text, '' ORDER BY tgname) FROM pg_trigger"
        " WHERE tgrelid = %s::regclass AND tgname LIKE 'core_accesslog_%%'",
        [LOG],
    )[0]
    assert tgenabled == "AA"  # both enabled, ALWAYS (also in replication mode)


def test_finding4_app_role_can_insert_and_select_access_log(app_role, client, world, log_row):
    """The application works as the role: a case page appends its log row, a new case writes
    its rows and their history, the log viewer reads."""
    client.force_login(world.saksbehandler)
    with as_role(app_role):
        before = AccessLogEntry.objects.count()
        page = client.get(reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk}))
        assert page.status_code == 200
        assert AccessLogEntry.objects.count() == before + 1
        assert sql(f"SELECT path FROM {LOG} WHERE id = %s", [log_row.pk]) == [("/saker/1/",)]
        sak = make_sak(world.saksbehandler, world.team_a, parter=1)
        assert sak.history.count() == 1
        sak.save()  # UPDATE of an ordinary table, a history row appended
        assert sak.history.count() == 2
        assert client.get(reverse("cases:list")).status_code == 200


def test_finding4_app_role_only_appends_to_the_history_tables(app_role, world):
    tables = append_only_tables()
    assert "cases_historicalsak" in tables
    assert "accounts_historicaluser" in tables
    assert any(t.endswith("_soskensaker") for t in tables)  # m2m histories too
    rights = sql(
        "SELECT t, has_table_privilege(%s, t, 'SELECT'), has_table_privilege(%s, t, 'INSERT'),"
        " has_table_privilege(%s, t, 'UPDATE'), has_table_privilege(%s, t, 'DELETE'),"
        " has_table_privilege(%s, t, 'TRUNCATE') FROM unnest(%s::text[]) AS t",
        [app_role] * 5 + [tables],
    )
    assert {r[0]: r[1:] for r in rights} == dict.fromkeys(tables, (True, True, False, False, False))
    history = world.sak_a.history.model._meta.db_table
    with as_role(app_role):
        assert PERMISSION_DENIED in refused(f"UPDATE {history} SET history_change_reason = 'x'")
        assert PERMISSION_DENIED in refused(f"DELETE FROM {history}")
        assert PERMISSION_DENIED in refused(f"TRUNCATE {history}")
        assert PERMISSION_DENIED in refused("DELETE FROM django_migrations")
        # The ordinary tables: the usual rights, TRUNCATE excepted.
        sql("UPDATE cases_sak SET id = id WHERE id = %s", [world.sak_a.pk])
        assert PERMISSION_DENIED in refused("TRUNCATE cases_sak CASCADE")


def test_finding4_truncate_trigger_refuses_the_owner_too(app_role, log_row):
    """Even the owner (who has TRUNCATE) is refused by the statement trigger. The test suite's
    own escape for Django's flush (``hjelpetiltak.test_flush``, core 0007) opens it for a
    superuser only."""
    sql("SET CONSTRAINTS ALL IMMEDIATE")  # the row's deferred key checks would refuse first
    assert "append-only" in refused(f"SET LOCAL hjelpetiltak.test_flush = 'off'; TRUNCATE {LOG}")
    owner = _role_name("owner")
    with transaction.atomic():
        sql(f'CREATE ROLE "{owner}" NOLOGIN')
        sql(f'ALTER TABLE {LOG} OWNER TO "{owner}"')
        with as_role(owner):
            sql("SET LOCAL hjelpetiltak.test_flush = 'on'")
            assert "append-only" in refused(f"TRUNCATE {LOG}")
        transaction.set_rollback(True)
    assert AccessLogEntry.objects.filter(pk=log_row.pk).exists()


def test_finding4_new_tables_are_read_and_append_only_until_granted(app_role):
    """A table a later migration creates: SELECT and INSERT only for the application until the
    migrate job has run the command again (fails closed)."""
    sql("CREATE TABLE issue19_later (id int)")
    rights = "SELECT has_table_privilege(%s, 'issue19_later', %s)"
    assert sql(rights, [app_role, "INSERT"]) == [(True,)]
    assert sql(rights, [app_role, "UPDATE"]) == [(False,)]
    call_command("grant_app_role", app_role, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert sql(rights, [app_role, "UPDATE"]) == [(True,)]
    assert sql(rights, [app_role, "TRUNCATE"]) == [(False,)]


def test_finding4_grant_app_role_is_idempotent(app_role):
    def privileges():
        return sql(
            "SELECT table_name, privilege_type FROM information_schema.role_table_grants"
            " WHERE grantee = %s ORDER BY 1, 2",
            [app_role],
        )

    first = privileges()
    assert (LOG, "INSERT") in first
    assert (LOG, "SELECT") in first
    assert not [p for p in first if p[0] == LOG and p[1] not in ("INSERT", "SELECT")]
    assert not [p for p in first if p[1] in ("TRUNCATE", "TRIGGER", "REFERENCES")]
    # An extra right given by hand is taken back by the next run.
    sql(f'GRANT UPDATE, DELETE, TRUNCATE ON {LOG} TO "{app_role}"')
    call_command("grant_app_role", app_role, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert privileges() == first


def test_finding4_grant_app_role_refuses_a_role_with_power(postgresql):
    (owner,) = sql("SELECT current_user")[0]
    with pytest.raises(CommandError, match=r"ordinary role|owner"):
        call_command("grant_app_role", owner)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("grant_app_role", _role_name("nobody"))
    with pytest.raises(CommandError, match="lower-case"):
        call_command("grant_app_role", 'x"; DROP TABLE core_accesslogentry; --')
    for attributes, why in (
        ("SUPERUSER", "rolsuper"),
        ("CREATEROLE", "rolcreaterole"),
        ("BYPASSRLS", "rolbypassrls"),
    ):
        role = _role_name("powerful")
        with transaction.atomic():
            sql(f'CREATE ROLE "{role}" NOLOGIN {attributes}')
            with pytest.raises(CommandError, match=why):
                call_command("grant_app_role", role)
            transaction.set_rollback(True)
    member = _role_name("member")
    owning = _role_name("owning")
    with transaction.atomic():
        sql(f'CREATE ROLE "{member}" NOLOGIN IN ROLE "{owner}"')
        with pytest.raises(CommandError, match="owner"):
            call_command("grant_app_role", member)
        sql(f'CREATE ROLE "{owning}" NOLOGIN')
        sql(f'CREATE TABLE issue19_owned (id int); ALTER TABLE issue19_owned OWNER TO "{owning}"')
        with pytest.raises(CommandError, match="owns 1 objects"):
            call_command("grant_app_role", owning)
        transaction.set_rollback(True)


def test_finding4_deploy_script_creates_a_login_role_without_power(postgresql):
    """deploy/postgres/10-app-role.sh, as the postgres container runs it on its first start
    (here against the test database, by its own psql connection); idempotent."""
    if not shutil.which("psql"):
        pytest.skip("psql is not installed")
    db = connection.settings_dict
    role = _role_name("initdb")
    env = {
        **os.environ,
        "PGHOST": db["HOST"] or "127.0.0.1",
        "PGPORT": str(db["PORT"] or 5432),
        "PGPASSWORD": db["PASSWORD"] or "",
        "POSTGRES_USER": db["USER"],
        "POSTGRES_DB": db["NAME"],
        "POSTGRES_APP_USER": role,
        "POSTGRES_APP_PASSWORD": "s3cret-'quoted\"-pw",
    }
    script = Path(ROOT) / "deploy" / "postgres" / "10-app-role.sh"
    try:
        for _ in range(2):
            out = subprocess.run(
                ["sh", str(script)], env=env, capture_output=True, text=True, timeout=60
            )
            assert out.returncode == 0, out.stderr
        # Committed by the script's own connection: visible here.
        attrs = sql(
            "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolinherit,"
            " rolreplication, rolbypassrls FROM pg_roles WHERE rolname = %s",
            [role],
        )
        assert attrs == [(True, False, False, False, False, False, False)]
        assert sql("SELECT has_schema_privilege(%s, 'public', 'CREATE')", [role]) == [(False,)]
    finally:
        subprocess.run(
            ["psql", "-v", "ON_ERROR_STOP=1", "-d", db["NAME"], "-U", db["USER"], "-c",
             f'DROP ROLE IF EXISTS "{role}"'],
            env=env, capture_output=True, timeout=60,
        )  # fmt: skip


def test_finding4_production_refuses_sqlite():
    for url in ("sqlite:////tmp/hjelpetiltak.sqlite3", "sqlite://:memory:"):
        out = settings_of(
            "hjelpetiltak.settings.production",
            {"SECRET_KEY": GOOD_KEY, "DATABASE_URL": url},
            "'started'",
        )
        assert out.returncode != 0, out.stdout
        assert "ImproperlyConfigured" in out.stderr
        assert "PostgreSQL" in out.stderr
    ok = settings_of(
        "hjelpetiltak.settings.production",
        {"SECRET_KEY": GOOD_KEY, "DATABASE_URL": "postgres://app:pw@db.example:5432/ht"},
        "s.DATABASES['default']['ENGINE']",
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "django.db.backends.postgresql"
