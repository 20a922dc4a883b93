"""Settings shared by every environment, read from the environment (12-factor).

With no configuration at all the app runs on one machine: a SQLite file under ``var/``,
Celery tasks run eagerly in-process, e-mail printed to the console. ``DATABASE_URL`` switches
to PostgreSQL (psycopg 3) and ``CELERY_BROKER_URL`` to a real broker (Redis).
"""

from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A .env file is read only when asked for: docker-compose passes it as the environment, and a
# production .env lying in a development checkout must never leak into `make run` or the tests.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))

# --- Core --------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
# ...and then only from these peers (addresses or networks, comma separated): the reverse
# proxy in front. From any other peer X-Forwarded-For is ignored (core.http.client_ip).
# docker-compose.yml sets the proxy's fixed address.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
for _proxy in TRUSTED_PROXIES:
    try:
        ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network."
        ) from None

# Demo mode: demo users with known passwords, synthetic data. Never in production.
DEMO_MODE = env.bool("DEMO_MODE", default=False)
# SAK-01: synthetic identity numbers (month + 80) are only accepted outside production.
ALLOW_SYNTHETIC_IDS = env.bool("ALLOW_SYNTHETIC_IDS", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "core",
    "accounts",
    "cases",
    "rutiner",
    "programbank",
    "vedtak",
    "plans",
    "evaluations",
    "journal",
    "moter",
    "innkommende",
    "klage",
    "innsyn",
    "henvisning",
    "senter",
    "ettervern",
    "contractors",
    "documents",
    "reminders",
    "audit",
    "avslutning",
    "kvalitet",
    "rapportering",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Second factor on request.user.is_verified(); idle and absolute session expiry.
    "accounts.middleware.OTPMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    # ROLE-04: the break-the-glass grants this session uses, for the need-to-know filter.
    "audit.grants.NodtilgangMiddleware",
    # Every page needs a login unless the view says otherwise (default deny).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # ...and a verified one-time code too: until then only the 2FA pages and logout.
    "accounts.middleware.OTPRequiredMiddleware",
    # Issue 26: the user's written form (their choice, else their service's), after login.
    "accounts.middleware.MalformMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.NoStoreMiddleware",
    # The view edge: a domain NotFound (ROLE-02) that leaves a view answers 404.
    "core.edge.DomainErrorMiddleware",
    # AVS-02: a POST to a closed case's URLs is refused before its view (avslutning).
    "avslutning.middleware.ClosedCaseMiddleware",
    # Last, as django-axes asks: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hjelpetiltak.urls"
WSGI_APPLICATION = "hjelpetiltak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.app",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hjelpetiltak.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The planner's cost of reading a page out of order, set when each connection starts (no
    # query of its own), when DATABASE_RANDOM_PAGE_COST is given; options in DATABASE_URL win
    # over it. PostgreSQL's default, 4, is meant for spinning disks; 1.1 is the usual value
    # for SSDs and a database that fits in memory. Measured (bench, README «National scale»):
    # with 1.1 the case list stops hashing the whole user table to name a page's caseworkers,
    # and the nightly planning runs 12 % faster, but its finders' bare SQL 23 % faster still,
    # so P5a goes from 2.7 to 3.0 (target 3): not the default until that margin is won back.
    if (_random_page_cost := env.float("DATABASE_RANDOM_PAGE_COST", default=None)) is not None:
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _own = f"-c random_page_cost={_random_page_cost}"
        _options["options"] = f"{_own} {_options['options']}" if "options" in _options else _own
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default holds several users at once (one service trying the product, small
    # use): the journal is a write-ahead log, so readers never wait for a writer; every
    # transaction takes the write lock when it begins (IMMEDIATE), so two writers queue at
    # BEGIN instead of one failing with «database is locked» when it turns its read into a
    # write; and a writer waits up to DATABASE_BUSY_TIMEOUT seconds for the lock. Single
    # statements outside a transaction wait on the same timeout. synchronous=NORMAL is safe in
    # WAL mode (a crash of the machine can lose the last commits, never corrupt the file).
    # Options given in DATABASE_URL win over these.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("DATABASE_BUSY_TIMEOUT", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
# The hot paths' statements compiled once per process (core.batch.Statement) are prepared on
# PostgreSQL's connection, so it plans them once (only they: Django's other queries bind their
# values in the client and are never prepared). A connection pooler in transaction mode that
# cannot keep prepared statements (PgBouncer before 1.21) needs this off.
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
# The test suite checks every call of such a statement against its querysets built anew.
BATCH_STATEMENT_CHECK = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=10 * 60 * 60)  # 10 hours at most
# A login ends after this many idle minutes (a warning comes 2 minutes before), and in any case
# SESSION_COOKIE_AGE seconds after the login (accounts.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=15)
SESSION_WARNING_SECONDS = 120
if not 5 <= SESSION_IDLE_MINUTES <= 30:
    raise ImproperlyConfigured("SESSION_IDLE_MINUTES must be between 5 and 30.")
if not 0 < SESSION_COOKIE_AGE <= 10 * 60 * 60:
    raise ImproperlyConfigured("SESSION_COOKIE_AGE must be at most 36000 seconds (10 hours).")
# Sessions carry their user id, so that deactivating a user ends every session at once.
SESSION_ENGINE = "accounts.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A refused form gets the project's Norwegian page, not Django's English one.
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user name + address before the password check.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user's active roles with the user (one query).
    "accounts.backends.ModelBackend",
]
# Two-factor login: a TOTP app (accounts.views.otp_verify / otp_setup).
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Hjelpetiltak")
# Lockout after AXES_FAILURE_LIMIT failed passwords or codes for one user name from one
# address, for AXES_COOLOFF_MINUTES. The pair, not the address alone: a whole municipality
# often shares one public address. Failures are reset only after the second factor.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_CLIENT_STR_CALLABLE = "accounts.security.axes_client_str"
# The user name in axes' attempts and log lines is a keyed hash of what was typed, never the
# text itself: a password typed in the user-name field is stored nowhere (issue 19).
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token", "registreringskode"]
AXES_VERBOSE = False
# A failed attempt keeps its address only until the cool-off ends; successful logins are not
# stored with address and browser (the application log names the user id).
AXES_DISABLE_ACCESS_LOG = True

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "nb"
# Issue 26: the two written forms (core.malform). A logged-in user sees their own choice, else
# their service's official form (accounts.middleware.MalformMiddleware); before login the
# browser's preference between the two, else bokmål.
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("nn", _("Norwegian Nynorsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# DOK-01: the generated PDFs, in private storage (never under MEDIA_ROOT or a URL; served only
# by the download view). A setting of its own: the local and test settings replace STORAGES.
DOCUMENTS_ROOT = env.path("DOCUMENTS_ROOT", default=str(VAR_DIR / "dokumenter"))
DOCUMENTS_STORAGE = {
    "BACKEND": "documents.storage.PrivateFileSystemStorage",
    "OPTIONS": {"location": str(DOCUMENTS_ROOT)},
}
# INN-01: the largest incoming document received (PDF, PNG or JPEG), in bytes.
INCOMING_MAX_BYTES = env.int("INCOMING_MAX_BYTES", default=20 * 1024 * 1024)

# --- Security headers (also in development, so that what we test is what we ship) -----------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="hjelpetiltak@localhost")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))

# --- Celery -------------------------------------------------------------------------------------
_BROKER = env("CELERY_BROKER_URL", default="")
# Without a broker every task runs in-process. Celery still takes a producer from the broker
# pool for an eager task: the in-memory transport (nothing leaves the process) keeps kombu
# from warning "No hostname was supplied" at every nightly run and document.
CELERY_BROKER_URL = _BROKER or "memory://localhost/"
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = not _BROKER
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# A long PDF (a plan with many goals, fonts loading on a cold worker) gets more time.
CELERY_TASK_ANNOTATIONS = {"documents.render": {"time_limit": 600, "soft_time_limit": 540}}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# FRIST-01: the nightly deadline reminders run at FRIST_KJORING_TIME:FRIST_KJORING_MINUTT
# (service time zone). The DatabaseScheduler copies this entry into the admin's periodic tasks.
FRIST_KJORING_TIME = env.int("FRIST_KJORING_TIME", default=6)
FRIST_KJORING_MINUTT = env.int("FRIST_KJORING_MINUTT", default=0)
# DOK-01: letters always finish or say why. The first attempt at a letter runs when its order
# commits; the sweep below starts the next one for a letter whose attempt failed (after a
# back-off of DOCUMENTS_RENDER_BACKOFF seconds, doubled at every attempt) or that nothing has
# made within DOCUMENTS_RENDER_STALLED_AFTER seconds (a worker killed, a task lost, a broker
# down). After DOCUMENTS_RENDER_MAX_ATTEMPTS attempts the letter is "feilet" and the caseworker
# may try it again (documents/README.md).
DOCUMENTS_RENDER_MAX_ATTEMPTS = env.int("DOCUMENTS_RENDER_MAX_ATTEMPTS", default=5)
DOCUMENTS_RENDER_BACKOFF = env.int("DOCUMENTS_RENDER_BACKOFF", default=60)
DOCUMENTS_RENDER_STALLED_AFTER = env.int("DOCUMENTS_RENDER_STALLED_AFTER", default=180)
# With no broker there is no beat either: the web process runs the sweep itself after a
# response, at most once every DOCUMENTS_SWEEP_INTERVAL seconds.
DOCUMENTS_SWEEP_AFTER_REQUESTS = env.bool("DOCUMENTS_SWEEP_AFTER_REQUESTS", default=not _BROKER)
DOCUMENTS_SWEEP_INTERVAL = env.int("DOCUMENTS_SWEEP_INTERVAL", default=60)
CELERY_BEAT_SCHEDULE: dict = {
    "reminders-nightly": {
        "task": "reminders.run_nightly",
        "schedule": crontab(hour=FRIST_KJORING_TIME, minute=FRIST_KJORING_MINUTT),
        "options": {"expires": 6 * 60 * 60},
    },
    # DOK-01: letters not made in time are tried again; every minute (crontab() = * * * * *),
    # a run that waited longer than its interval is dropped (the next one does the same).
    "documents-retry-stalled": {
        "task": "documents.retry_stalled",
        "schedule": crontab(),
        "options": {"expires": 50},
    },
    # RAPP-02: each service's extract to Barnevernsregisteret, every night at 02:30.
    "rapportering-daily": {
        "task": "rapportering.build_daily",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 6 * 60 * 60},
    },
    # KVAL-01: the quality indicators' summary, computed every night at 03:00 (the page says
    # when); a task of its own, so that it never holds up the reminders.
    "kvalitet-nightly": {
        "task": "kvalitet.compute",
        "schedule": crontab(hour=3, minute=0),
        "options": {"expires": 6 * 60 * 60},
    },
}
# RAPP-04: the transport of a released extract to the register (a class's dotted path with
# ``name`` and ``send(uttrekk, fil)``); empty: the head of service downloads the file.
RAPPORTERING_TRANSPORT = env("RAPPORTERING_TRANSPORT", default="")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Logging: event names and ids only, never personal data ------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
#: The packages whose loggers are the project's own (``logging.getLogger(__name__)``).
PROJECT_APPS = (
    "hjelpetiltak",
    "core",
    "accounts",
    "cases",
    "documents",
    "vedtak",
    "plans",
    "evaluations",
    "journal",
    "moter",
    "innkommende",
    "klage",
    "innsyn",
    "contractors",
    "audit",
    "reminders",
    "demo",
    "bench",
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # Libraries speak only of warnings and errors (fontTools alone writes lines for every letter
    # at INFO); the project's own events are logged at LOG_LEVEL (below).
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        **{app: {"level": LOG_LEVEL} for app in PROJECT_APPS},
        "fontTools": {"level": "WARNING"},
        # Request bodies and URLs are never logged in full: 404s of case URLs stay out of logs.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # The development server logs every URL with its query string, and a search term can
        # be a child's name: only its warnings and errors are kept.
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint logs every rendering step at INFO: only its warnings (a missing font …).
        "weasyprint": {"level": "WARNING"},
        # At DEBUG the template engine logs a missing variable with the template's context,
        # which holds children's names: never below INFO, whatever LOG_LEVEL says.
        "django.template": {"level": "INFO"},
    },
}

# --- Domain settings -----------------------------------------------------------------------------
# SAK-03: investigation deadline in months, and the longest extension.
UNDERSOKELSE_FRIST_MANEDER = 3
UNDERSOKELSE_FRIST_FORLENGET_MANEDER = 6
# Warn this many days before a deadline (start page, later the nightly digest).
FRIST_VARSEL_DAGER = env.int("FRIST_VARSEL_DAGER", default=14)
# FRIST-01: a warning window per kind of deadline, in days, overriding FRIST_VARSEL_DAGER
# (kinds: evaluering, forhandsvarsel, godkjenningsfrist, undersokelse, politiattest), e.g.
# FRIST_VINDU_DAGER=forhandsvarsel=3,godkjenningsfrist=7. Youths turning 18: months ahead.
FRIST_VINDU_DAGER = env.dict("FRIST_VINDU_DAGER", cast={"value": int}, default={})
FRIST_ETTERVERN_MANEDER = env.int("FRIST_ETTERVERN_MANEDER", default=6)
# The address the reminder e-mails link to («Mine frister»), with scheme, without a slash.
APP_BASE_URL = env("APP_BASE_URL", default="http://127.0.0.1:8000")
# OPP-02: a contractor's police certificate older than this many months is flagged for renewal.
POLITIATTEST_MAKS_ALDER_MANEDER = env.int("POLITIATTEST_MAKS_ALDER_MANEDER", default=36)
# EVAL-01: the longest interval between evaluations of a plan, in calendar months.
EVALUERING_INTERVALL_MANEDER = env.int("EVALUERING_INTERVALL_MANEDER", default=3)
CASE_LIST_PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 50

# ROLE-04 break-the-glass: how long a grant to a case outside one's teams lasts, in hours.
NODTILGANG_TIMER = env.int("NODTILGANG_TIMER", default=4)
if not 1 <= NODTILGANG_TIMER <= 24:
    raise ImproperlyConfigured("NODTILGANG_TIMER must be between 1 and 24.")
FORM_RENDERER = "core.forms.FormRenderer"
