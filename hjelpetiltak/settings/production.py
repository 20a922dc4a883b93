"""Production: refuses to start with a weak or published ``SECRET_KEY``, with ``DEBUG`` on, in
demo mode, or on SQLite."""

from django.core.exceptions import ImproperlyConfigured

from ._secret_key import MIN_DISTINCT, MIN_LENGTH, secret_key_problem
from .base import *  # noqa: F403
from .base import DATABASES, DEBUG, DEMO_MODE, SECRET_KEY, env

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
if DEMO_MODE:
    raise ImproperlyConfigured("DEMO_MODE must be off in production.")
# Issue 19, finding 5: the key signs password-reset links, signed cookies and messages.
if (_problem := secret_key_problem(SECRET_KEY)) is not None:
    raise ImproperlyConfigured(
        f"SECRET_KEY is refused in production: {_problem}. Set a random value of at least "
        f"{MIN_LENGTH} characters with at least {MIN_DISTINCT} distinct ones, e.g. "
        '`python -c "import secrets; print(secrets.token_urlsafe(64))"`.'
    )
# Issue 19, finding 4: the access log and the history are protected by the database (an app
# role with INSERT and SELECT only, a trigger against TRUNCATE); SQLite has neither.
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Production runs on PostgreSQL only: set DATABASE_URL to postgres://… (SQLite cannot "
        "keep the access log append-only against the application's own connection)."
    )

# SAK-01: a production system never accepts synthetic identity numbers.
ALLOW_SYNTHETIC_IDS = False

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
