# syntax=docker/dockerfile:1
#
# One image for every process of hjelpetiltak: gunicorn (web), the Celery worker, Celery beat
# and the one-shot `migrate` job. docker-compose.yml starts them; see deploy/env.example for
# the configuration they read from the environment.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- base: Python plus the shared libraries and fonts WeasyPrint needs at run time ------------
FROM ${PYTHON_IMAGE} AS base
# Debian package versions are not pinned: bookworm's security updates should come in on rebuild.
# hadolint global ignore=DL3008
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-inter fonts-liberation2 fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*

# --- build: dependencies, compiled translations, collected static files ----------------------
FROM base AS build
# gettext (msgfmt) is needed for compilemessages only, so it stays out of the final image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv

# Dependencies first, from pyproject.toml alone, so that a change to the code reuses this
# layer. The project declares no packages (it runs from its source directory), so
# `pip install .` only installs its dependencies.
COPY pyproject.toml /tmp/deps/pyproject.toml
RUN pip install /tmp/deps \
 && rm -rf /tmp/deps

WORKDIR /app
COPY . .

# Production settings need a SECRET_KEY and a PostgreSQL URL just to load. These values exist
# for this one build step only: the key is drawn at random and forgotten, the database is never
# connected to, and neither is in the image's environment (the real ones come from .env).
RUN export DJANGO_SETTINGS_MODULE=hjelpetiltak.settings.production \
        SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
        DATABASE_URL="postgres://build@127.0.0.1:1/build" \
 && python manage.py compilemessages -l nb -l nn \
 && python manage.py collectstatic --noinput -v 1

# --- runtime -----------------------------------------------------------------------------------
FROM base AS runtime
ARG APP_UID=10001
# A non-root user. The code under /app stays owned by root (read-only for the app); the only
# places it writes are MEDIA_ROOT and DOCUMENTS_ROOT (the PDF letters), volumes whose mount
# points are created here with the right owner so that a fresh named volume inherits it.
RUN groupadd --system --gid "${APP_UID}" app \
 && useradd --system --uid "${APP_UID}" --gid app --home-dir /home/app --create-home \
        --shell /usr/sbin/nologin app \
 && install -d -o app -g app -m 0750 /data/media /data/dokumenter

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app

# WEB_CONCURRENCY is gunicorn's own default for --workers; override it in .env.
ENV DJANGO_SETTINGS_MODULE=hjelpetiltak.settings.production \
    MEDIA_ROOT=/data/media \
    DOCUMENTS_ROOT=/data/dokumenter \
    WEB_CONCURRENCY=3

USER ${APP_UID}:${APP_UID}
EXPOSE 8000

# The web process. The access log format leaves out the query string (%(U)s is the path
# alone) and the referer, as both can carry personal data.
CMD ["gunicorn", "hjelpetiltak.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--no-control-socket", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--access-logformat", "%(h)s %(t)s \"%(m)s %(U)s\" %(s)s %(b)s %(L)s"]
