#!/bin/sh
# The application's database role (issue 19, finding 4; README «Security»).
#
# docker-compose.yml mounts this file into the postgres container's /docker-entrypoint-initdb.d,
# so it runs once, when the container creates an empty database. It creates (or updates) the
# role the application connects as: it can log in, owns nothing and has no special powers.
# The tables belong to POSTGRES_USER, the owner, as whom only the `migrate` job connects; that
# job then gives the role its rights with `manage.py grant_app_role` (SELECT and INSERT only on
# the access log and the history tables).
#
# An existing database (created before this file existed), or a new password: run it by hand,
#   docker compose exec postgres sh /docker-entrypoint-initdb.d/10-app-role.sh
# then `docker compose up -d` (the migrate job grants the rights).
#
# No `set -u`: when the file is not executable the entrypoint sources it instead of running it.
: "${POSTGRES_APP_USER:?set POSTGRES_APP_USER}"
: "${POSTGRES_APP_PASSWORD:?set POSTGRES_APP_PASSWORD}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v app_user="$POSTGRES_APP_USER" -v app_password="$POSTGRES_APP_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I', :'app_user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
ALTER ROLE :"app_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION
    NOBYPASSRLS PASSWORD :'app_password';
-- Before PostgreSQL 15 every role could create (and so own) tables in public.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
