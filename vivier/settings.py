"""Vivier's settings: one file, every value read from the environment (see README, "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from vivier.conf import (
    ConfigError,
    email_settings,
    env_bind,
    env_bool,
    env_int,
    env_int_list,
    env_str,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

DEBUG = env_bool("VIVIER_DEBUG", False)
DATA_DIR = Path(env_str("VIVIER_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()
SECRET_KEY = secret_key(DATA_DIR, debug=DEBUG)
BASE_URL = env_str("VIVIER_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
BIND_HOST, BIND_PORT = env_bind("VIVIER_BIND", "127.0.0.1:8000")

ALLOWED_HOSTS = [h.strip() for h in env_str("VIVIER_ALLOWED_HOSTS", "*").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [BASE_URL] if BASE_URL.startswith("https://") else []
HTTPS = BASE_URL.startswith("https://")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "vivier.accounts",
    "vivier.talent",
    "vivier.matching",
    "vivier.outreach",
    "vivier.front",
    "vivier.insights",
    "vivier.imports",
    "vivier.privacy",
    "vivier.pools",
    "vivier.alerts",
    "vivier.surveys",
    "vivier.api",
    "vivier.bench",
    "ninja",  # its static files serve the API docs (Swagger UI) locally instead of from a CDN
    "vivier.ops",
    "vivier.exports",
    "vivier.webhooks",
    "vivier.demo",  # last: the demo data uses every app above
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "vivier.middleware.SecurityHeadersMiddleware",
    "vivier.middleware.ApiLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "vivier.accounts.middleware.LoginRequiredMiddleware",
    "vivier.accounts.middleware.SessionTrackingMiddleware",
    "vivier.accounts.middleware.TwoFactorRequiredMiddleware",
]

# The worker's jobs besides the outbox (vivier.outreach.worker), as dotted paths of functions without arguments.
# BACKGROUND: run in order when no message is due; each does one piece of work and returns True if it did any.
# DAILY: run once a local day when the worker is idle; may return a dict of counts for the log.
VIVIER_WORKER_BACKGROUND = [
    "vivier.imports.services.import_run_next",
    "vivier.matching.services.job_matches_refresh_next",
    "vivier.pools.services.campaign_expand_next",
    "vivier.webhooks.services.webhook_deliver_next",
    "vivier.insights.facts.facts_refresh",
]
VIVIER_WORKER_DAILY = [
    "vivier.privacy.services.retention_sweep",
    # After the sweep, which erases people without it: the database files purged of them (privacy/services/purge.py).
    "vivier.privacy.services.purge.storage_purge_after_erasures",
    "vivier.alerts.services.alerts_build",
    "vivier.webhooks.services.webhook_log_prune",
    "vivier.imports.retention.imports_sweep",
]

ROOT_URLCONF = "vivier.urls"
WSGI_APPLICATION = "vivier.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
_default_db = f"sqlite:///{DATA_DIR / 'vivier.sqlite3'}"
_db_url = env_str("DATABASE_URL", _default_db)
try:
    _db = dj_database_url.parse(_db_url, conn_max_age=env_int("VIVIER_DB_CONN_MAX_AGE", 60, minimum=0))
except ValueError as exc:
    raise ConfigError(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (the web) and the writer (the worker) work at once; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock between two writers; busy_timeout waits instead of failing.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # Seconds a connection waits for another's write lock before "database is locked". An import runs in
        # one transaction: a large one holds the lock longer than this, and the other writers fail meanwhile.
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            # Deleted rows and freed pages are zeroed, not left readable in the file (privacy/services/purge.py).
            " PRAGMA secure_delete=ON;"
            # 16 MB of page cache per connection (one per thread), and no mmap: each connection's mapping counts
            # in the process's memory again, which took 8 threads past 5 GB on the 1M-candidate benchmark.
            " PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;"
        ),
    }
    _db["CONN_MAX_AGE"] = 0 if _db["NAME"] == ":memory:" else _db["CONN_MAX_AGE"]
    # Tests use a file, not Django's shared in-memory database: that one fails ("database table is locked") as
    # soon as two threads write, as the web and the worker do. One file per test process, in memory if possible.
    _test_dir = Path("/dev/shm") if Path("/dev/shm").is_dir() else DATA_DIR  # noqa: S108
    _db["TEST"] = {"NAME": str(_test_dir / f"vivier-test-{os.getpid()}.sqlite3")}
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True) if _db["NAME"] != ":memory:" else None
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "front:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins allowed per username and per address in the window before the login form refuses.
LOGIN_MAX_FAILURES = env_int("VIVIER_LOGIN_MAX_FAILURES", 10, minimum=1)
LOGIN_FAILURE_WINDOW = env_int("VIVIER_LOGIN_FAILURE_WINDOW", 15 * 60, minimum=1)

# With true, every user must set up two-factor authentication before anything else (see docs/security.md).
REQUIRE_2FA = env_bool("VIVIER_REQUIRE_2FA", False)
# A password reset link works for one hour (Django's default is three days).
PASSWORD_RESET_TIMEOUT = env_int("VIVIER_PASSWORD_RESET_TIMEOUT", 3600, minimum=60)

SESSION_COOKIE_AGE = env_int("VIVIER_SESSION_AGE", 12 * 3600, minimum=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("VIVIER_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_SSL_REDIRECT = env_bool("VIVIER_SSL_REDIRECT", True)
    # Both are the operator's call: a Vivier on vivier.agence.fr cannot promise that every other subdomain of
    # agence.fr serves HTTPS, and preloading is a commitment that takes months to undo. Opt in with the variables;
    # until then `check --deploy` is told not to warn about them (security.W005, security.W021).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("VIVIER_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("VIVIER_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = [
        *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),
        *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
    ]

# Shared by every web process on one machine (the login throttle counts across them).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    }
}

# --- Languages ------------------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("VIVIER_TIME_ZONE", "Europe/Paris")
USE_TZ = True
# English dates day first with a 24-hour clock, as in French (vivier/formats/en/formats.py).
FORMAT_MODULE_PATH = ["vivier.formats"]

# --- Static and uploaded files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Front-end packages come from the npm registry at set-up (make), never copied into the repository.
_NODE = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/bootstrap", _NODE / "bootstrap" / "dist"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
]
# Of each package, the files the pages load (and the source maps these name, which collectstatic checks).
FRONTEND_FILES = {
    "vendor/bootstrap": [
        "css/bootstrap.min.css",
        "css/bootstrap.min.css.map",
        "js/bootstrap.bundle.min.js",
        "js/bootstrap.bundle.min.js.map",
    ],
    "vendor/htmx": ["htmx.min.js"],
}
STATICFILES_FINDERS = [
    "vivier.assets.PackageFilesFinder",  # STATICFILES_DIRS, FRONTEND_FILES only
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# collectstatic compresses every file twice (gzip, brotli at its slowest setting): 52 s for the 37 MB of the
# front-end packages, the API docs and their source maps, most of a fresh install's set-up. Pages only ever ask
# for the hashed names ({% static %}), so the unhashed copies go (half the work), and source maps, fetched by a
# browser's developer tools alone, are served uncompressed.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
MEDIA_ROOT = DATA_DIR / "files"
# Uploaded CVs: the largest file accepted, in megabytes.
UPLOAD_MAX_MB = env_int("VIVIER_UPLOAD_MAX_MB", 10, minimum=1)
# Request size limits (README, "API"), past which the API answers 413 or 414 in its JSON error shape.
# The largest body read (JSON, form fields; uploaded files count apart): Django's default, stated here because
# the API documents it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The longest query string the API reads: above the longest valid one (a 500-character search in 4-byte characters
# is 6,000 bytes percent-encoded). gunicorn lets request lines up to 1 MB through (gunicorn_conf.py), so the
# API's JSON 414 answers every longer one.
API_MAX_QUERY_STRING = 8000

# --- E-mail ---------------------------------------------------------------------------------------------
globals().update(email_settings(env_str("EMAIL_URL", "") or None))
DEFAULT_FROM_EMAIL = env_str("VIVIER_FROM_EMAIL", "Vivier <vivier@localhost>")
MAILBOX_DIR = DATA_DIR / "mailbox"

# --- Outreach (vivier.outreach.cadence, vivier.outreach.worker) ------------------------------------------
# Check-ins after a decline, in months; the hour (in the candidate's time zone) at which cadence messages go.
OUTREACH_CHECKIN_MONTHS = env_int_list("VIVIER_CHECKIN_MONTHS", "3,6,12", minimum=1)
OUTREACH_SEND_HOUR = env_int("VIVIER_SEND_HOUR", 9, minimum=0)
# The status assumed for the competing job's trial period (cadre, agent_de_maitrise, technicien, employe, ouvrier).
OUTREACH_TRIAL_STATUS = env_str("VIVIER_TRIAL_STATUS", "cadre")
# Dashboard reminder for LinkedIn connection requests still pending after this many days.
LINKEDIN_PENDING_DAYS = env_int("VIVIER_LINKEDIN_PENDING_DAYS", 14, minimum=1)
# Sending limits of the worker (0: no limit). A message over a limit waits; it is never failed for it.
OUTREACH_LIMIT_PER_DOMAIN_PER_MINUTE = env_int("VIVIER_LIMIT_PER_DOMAIN_PER_MINUTE", 0, minimum=0)
OUTREACH_LIMIT_PER_RECRUITER_PER_HOUR = env_int("VIVIER_LIMIT_PER_RECRUITER_PER_HOUR", 0, minimum=0)

# --- Privacy (vivier.privacy): CNIL durations, configurable by the admin through the environment -------------
# Talent-pool consent lasts this long after the candidate's last own contact (CNIL: at most 2 years).
PRIVACY_POOL_CONSENT_MONTHS = env_int("VIVIER_POOL_CONSENT_MONTHS", 24, minimum=1)
# A refused candidate's data is kept this long after the end of their process (CNIL: 3 months).
PRIVACY_REFUSAL_KEEP_MONTHS = env_int("VIVIER_REFUSAL_KEEP_MONTHS", 3, minimum=0)
# The consent-renewal message goes this many days before the talent-pool consent expires.
PRIVACY_RENEWAL_NOTICE_DAYS = env_int("VIVIER_RENEWAL_NOTICE_DAYS", 30, minimum=1)
# Public candidate pages: requests allowed per client address per minute before they answer 429.
PRIVACY_PUBLIC_RATE_PER_MINUTE = env_int("VIVIER_PUBLIC_RATE_PER_MINUTE", 30, minimum=1)
# Largest CV a candidate may upload on their own page.
PRIVACY_CV_MAX_BYTES = env_int("VIVIER_CV_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)

# --- Candidate-experience survey (vivier.surveys) ------------------------------------------------------------
# The survey goes this many days after a decline (on a working morning), and at most once per person in
# this many months (checked when planned and again by the worker when it sends).
SURVEY_DELAY_DAYS = env_int("VIVIER_SURVEY_DELAY_DAYS", 14, minimum=0)
SURVEY_MIN_MONTHS = env_int("VIVIER_SURVEY_MIN_MONTHS", 6, minimum=1)

# --- Job alerts (vivier.alerts) ------------------------------------------------------------------------------
# Agencies often keep the client's name until a first call: the digests show it only when this is set.
ALERTS_SHOW_CLIENT = env_bool("VIVIER_ALERTS_SHOW_CLIENT", False)
# At most this many jobs in one digest, the best first.
ALERTS_MAX_JOBS = env_int("VIVIER_ALERTS_MAX_JOBS", 10, minimum=1)

# --- Logging: one JSON object a line on stderr, ready for journald or a log shipper --------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "vivier.logging.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": env_str("VIVIER_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50
