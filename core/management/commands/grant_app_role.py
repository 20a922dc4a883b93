"""``manage.py grant_app_role <role>``: the rights of the application's database role
(issue 19, finding 4; README «Security»).

Two roles. The *owner* creates and owns every table: the ``migrate`` job connects as it and runs
``migrate``, then this command. The *application* (web, worker, beat) connects as a role that
owns nothing, with

- SELECT and INSERT only on the access log (ROLE-03) and on every history table (LOG-01): it
  cannot change, delete or TRUNCATE a row, nor disable a trigger (that needs the owner);
- SELECT only on ``django_migrations``;
- SELECT, INSERT, UPDATE and DELETE on every other table, and the sequences it inserts with;
- no CREATE on the schema, no TRUNCATE, REFERENCES or TRIGGER anywhere.

Idempotent: it revokes everything first and grants again, in one transaction, so run it after
every ``migrate``. Tables a later migration creates get SELECT and INSERT only until it runs
again (``ALTER DEFAULT PRIVILEGES``): a forgotten run fails closed. PostgreSQL only.
"""

from __future__ import annotations

import re

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from simple_history.models import HistoricalChanges

from core.models import AccessLogEntry

#: A plain role name: quoted as an identifier without escaping anything.
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
#: Attributes the application's role must not have.
POWERS = ("rolsuper", "rolcreaterole", "rolcreatedb", "rolreplication", "rolbypassrls")


def append_only_tables() -> list[str]:
    """The access log and the history tables of every model (LOG-01), m2m histories included."""
    history = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if issubclass(model, HistoricalChanges)
    }
    return [AccessLogEntry._meta.db_table, *sorted(history)]


class Command(BaseCommand):
    help = (
        "Give the application's database role its rights: SELECT and INSERT only on the access "
        "log and the history tables, the usual rights elsewhere. Run as the owner after migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="The application's role (it must exist, owning nothing).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role: str, database: str, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("grant_app_role works on PostgreSQL only.")
        if not ROLE_NAME.fullmatch(role):
            raise CommandError("The role name must be lower-case letters, digits and _.")
        with transaction.atomic(using=database), connection.cursor() as cursor:
            counts = self._grant(cursor, connection.ops.quote_name, role)
        self.stdout.write(
            f"Role {role}: read and write on {counts[0]} tables, read and append only on "
            f"{counts[1]} (the access log and the history), read only on django_migrations."
        )

    def _grant(self, cursor, q, role: str) -> tuple[int, int]:
        cursor.execute(
            f"SELECT {', '.join(POWERS)} FROM pg_roles WHERE rolname = %s",  # noqa: S608
            [role],
        )
        row = cursor.fetchone()
        if row is None:
            raise CommandError(
                f"The role {role} does not exist: create it first (deploy/postgres/"
                "10-app-role.sh, README «Security»)."
            )
        if any(row):
            powers = [name for name, value in zip(POWERS, row, strict=True) if value]
            raise CommandError(f"The role {role} must be an ordinary role: it has {powers}.")
        cursor.execute(
            "SELECT current_user, current_database(), current_schema(),"
            " pg_has_role(%s, current_user, 'MEMBER')",
            [role],
        )
        owner, database, schema, member_of_owner = cursor.fetchone()
        if role == owner or member_of_owner:
            raise CommandError(
                f"The role {role} is the owner ({owner}) or one of its members: the application "
                "must connect as a role of its own."
            )
        # Owns nothing: no object of this database, and no database or other shared object.
        cursor.execute(
            "SELECT count(*) FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid"
            " WHERE r.rolname = %s AND d.deptype = 'o'"
            " AND d.dbid IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))",
            [role],
        )
        if owned := cursor.fetchone()[0]:
            raise CommandError(f"The role {role} owns {owned} objects: it must own nothing.")

        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = {name for (name,) in cursor.fetchall()}
        append_only = [t for t in append_only_tables() if t in tables]
        read_only = [t for t in ("django_migrations",) if t in tables]
        read_write = sorted(tables - set(append_only) - set(read_only))

        r, s = q(role), q(schema)
        statements = [
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}",
            f"REVOKE ALL ON SCHEMA {s} FROM {r}",
            # Before PostgreSQL 15 every role could create tables in public (and own them).
            f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC",
            f"GRANT CONNECT ON DATABASE {q(database)} TO {r}",
            f"GRANT USAGE ON SCHEMA {s} TO {r}",
            *(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {q(t)} TO {r}" for t in read_write),
            *(f"GRANT SELECT, INSERT ON {q(t)} TO {r}" for t in append_only),
            *(f"GRANT SELECT ON {q(t)} TO {r}" for t in read_only),
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
            # What the owner creates later: read and append until this command runs again.
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} REVOKE ALL ON TABLES FROM {r}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT, INSERT ON TABLES TO {r}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
        ]
        for statement in statements:
            cursor.execute(statement)

        cursor.execute("SELECT has_schema_privilege(%s, current_schema(), 'CREATE')", [role])
        if cursor.fetchone()[0]:
            raise CommandError(f"The role {role} may still create tables in {schema}.")
        return len(read_write), len(append_only)
