"""Settings from the environment: one machine with no configuration, PostgreSQL and Redis
when configured, and a production mode that refuses unsafe settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD_KEY = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
PRODUCTION_DATABASE_URL = "postgres://hjelpetiltak_app:pw@db.example:5432/hjelpetiltak"


def settings_of(module: str, env: dict[str, str], expr: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    if module.endswith(".production"):
        # Production refuses SQLite (issue 19): a PostgreSQL URL, never connected to here.
        clean["DATABASE_URL"] = PRODUCTION_DATABASE_URL
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = module
    code = f"import django; django.setup(); from django.conf import settings as s; print({expr})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_configuration_means_sqlite_eager_celery_console_mail():
    out = settings_of(
        "hjelpetiltak.settings.local",
        {"CELERY_BROKER_URL": ""},
        "s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND",
    )
    assert out.returncode == 0, out.stderr
    assert "sqlite3" in out.stdout
    assert "True" in out.stdout
    assert "console" in out.stdout


def test_database_and_broker_urls_switch_to_postgresql_and_redis():
    out = settings_of(
        "hjelpetiltak.settings.local",
        {
            "DATABASE_URL": "postgres://u:p@db.example:5432/ht",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        },
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'],"
        " s.CELERY_TASK_ALWAYS_EAGER",
    )
    assert out.returncode == 0, out.stderr
    assert "django.db.backends.postgresql" in out.stdout
    assert "db.example" in out.stdout
    assert "False" in out.stdout


@pytest.mark.parametrize(
    ("env", "options"),
    [
        ({}, None),
        ({"DATABASE_RANDOM_PAGE_COST": "1.1"}, "-c random_page_cost=1.1"),
        # The URL's own options come last, so they win.
        (
            {
                "DATABASE_RANDOM_PAGE_COST": "1.1",
                "DATABASE_URL": "postgres://u:p@db.example:5432/ht?options=-c%20work_mem%3D8MB",
            },
            "-c random_page_cost=1.1 -c work_mem=8MB",
        ),
    ],
)
def test_postgresql_planner_cost_of_random_reads_is_a_setting(env, options):
    out = settings_of(
        "hjelpetiltak.settings.local",
        {"DATABASE_URL": "postgres://u:p@db.example:5432/ht", **env},
        "s.DATABASES['default'].get('OPTIONS', {}).get('options')",
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(options)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY, "DEBUG": "true"}, "DEBUG"),
        ({"SECRET_KEY": GOOD_KEY, "DEMO_MODE": "true"}, "DEMO_MODE"),
    ],
)
def test_production_refuses_unsafe_settings(env, message):
    out = settings_of("hjelpetiltak.settings.production", env, "'started'")
    assert out.returncode != 0
    assert message in out.stderr
    assert "ImproperlyConfigured" in out.stderr


def test_SAK_01_production_refuses_synthetic_numbers_and_is_hardened():
    out = settings_of(
        "hjelpetiltak.settings.production",
        {"SECRET_KEY": GOOD_KEY},
        "s.ALLOW_SYNTHETIC_IDS, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0",
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False True True"


def test_check_deploy_is_clean_under_production_settings():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hjelpetiltak.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="hjelpetiltak.example",
        DATABASE_URL=PRODUCTION_DATABASE_URL,
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
