"""Yichuang settings: one module, every value read from the environment.

Each variable is documented in ``.env.example``. A bad value raises
:class:`yichuang.core.env.EnvError` naming the variable; ``manage.py`` and the
WSGI/ASGI entry points turn it into a one-line message and a non-zero exit.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
from dotenv import load_dotenv

from yichuang.core.env import (
    EnvError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
)

# Lets generic Django classes be subscripted at run time (Form[Model] …) for the type checker.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

# A local ``.env`` file, when present, fills in variables the environment lacks.
load_dotenv(BASE_DIR / ".env", override=False)

ENVIRONMENT = env_choice("YICHUANG_ENV", "development", choices=("development", "production"))
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("YICHUANG_DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise EnvError("YICHUANG_DEBUG must be False when YICHUANG_ENV is production")

_DEVELOPMENT_SECRET = "development-only-secret-key-never-use-in-production-0123456789"  # noqa: S105
if PRODUCTION:
    SECRET_KEY = env_str("YICHUANG_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise EnvError("YICHUANG_SECRET_KEY must be at least 50 characters in production")
else:
    SECRET_KEY = env_str("YICHUANG_SECRET_KEY", _DEVELOPMENT_SECRET)

ALLOWED_HOSTS = env_list(
    "YICHUANG_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise EnvError("YICHUANG_ALLOWED_HOSTS is required when YICHUANG_ENV is production")
CSRF_TRUSTED_ORIGINS = env_list("YICHUANG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "yichuang.core",
    "yichuang.ledger",
    "yichuang.accounts",
    "yichuang.audit",
    "yichuang.registry",
    "yichuang.frontdesk",
    "yichuang.cases",
    "yichuang.portal",
    "yichuang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yichuang.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "yichuang.urls"
WSGI_APPLICATION = "yichuang.wsgi.application"
ASGI_APPLICATION = "yichuang.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "yichuang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------
# SQLite (WAL, IMMEDIATE transactions so writers serialise) unless DATABASE_URL
# names PostgreSQL.
VAR_DIR = Path(env_str("YICHUANG_VAR_DIR", str(BASE_DIR / "var")))
_default_sqlite = f"sqlite:///{VAR_DIR / 'yichuang.sqlite3'}"
_database_url = env_str("DATABASE_URL", _default_sqlite)
if not _database_url.startswith(("sqlite://", "postgres://", "postgresql://")):
    raise EnvError("DATABASE_URL must start with sqlite:// or postgresql://")
try:
    # A connection is kept between requests (a new one to PostgreSQL costs a few
    # milliseconds) and checked before it is reused after an error.
    _database = dj_database_url.parse(
        _database_url,
        conn_max_age=env_int("YICHUANG_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
except ValueError as error:
    raise EnvError(f"DATABASE_URL cannot be read: {error}") from None
if _database["ENGINE"] == "django.db.backends.sqlite3":
    Path(str(_database["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    # A file, not memory: concurrency tests need real SQLite locking across threads.
    _database["TEST"] = {"NAME": str(VAR_DIR / "test-yichuang.sqlite3")}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env_int("YICHUANG_SESSION_SECONDS", 8 * 3600, minimum=300)
LOGIN_ATTEMPTS_PER_MINUTE = env_int("YICHUANG_LOGIN_ATTEMPTS_PER_MINUTE", 10, minimum=1)

# --- Cache -----------------------------------------------------------------
# Rate limits count in the cache, so several server processes need Redis.
_redis_url = env_str("YICHUANG_REDIS_URL", "")
if _redis_url and not _redis_url.startswith(("redis://", "rediss://")):
    raise EnvError("YICHUANG_REDIS_URL must start with redis:// or rediss://")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
SILENCED_SYSTEM_CHECKS: list[str] = []

# --- Language and time -------------------------------------------------------
LANGUAGE_CODE = env_choice("YICHUANG_LANGUAGE", "zh-hans", choices=("zh-hans", "en"))
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "yichuang" / "locale"]
TIME_ZONE = env_str("YICHUANG_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("YICHUANG_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [
    BASE_DIR / "yichuang" / "static",
    # The vendored fonts serve both PDFs and pages: a browser without a CJK font uses them.
    ("fonts", BASE_DIR / "yichuang" / "core" / "fonts"),
]
# Outside production, static files are served from the source folders directly.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security ----------------------------------------------------------------
_https = env_bool("YICHUANG_HTTPS", PRODUCTION)
SECURE_SSL_REDIRECT = _https
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = env_int("YICHUANG_HSTS_SECONDS", 31536000 if _https else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = env_bool("YICHUANG_HSTS_PRELOAD", _https)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if env_bool("YICHUANG_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not _https:
    SILENCED_SYSTEM_CHECKS += ["security.W008", "security.W004"]

# --- Logging -----------------------------------------------------------------
# Every record passes the personal-data mask before it is written.
LOG_LEVEL = env_choice("YICHUANG_LOG_LEVEL", "INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_personal_data": {"()": "yichuang.core.masking.PersonalDataLogFilter"},
        "request_id": {"()": "yichuang.core.middleware.RequestIdLogFilter"},
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "mask_personal_data"],
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
}

# The address the public reaches the platform at: printed in QR codes on documents.
PUBLIC_BASE_URL = env_str("YICHUANG_PUBLIC_URL", "http://127.0.0.1:8000")
if not PUBLIC_BASE_URL.startswith(("https://", "http://")):
    raise EnvError("YICHUANG_PUBLIC_URL must start with https:// or http://")

# --- Ledger ----------------------------------------------------------------
LEDGER_ORIGIN_PREFIX = env_str("YICHUANG_LEDGER_ORIGIN_PREFIX", "yichuang.local")
LEDGER_KEY_DIR = Path(env_str("YICHUANG_LEDGER_KEY_DIR", str(VAR_DIR / "ledger-keys")))
LEDGER_SIGNER_KEYS = env_list("YICHUANG_LEDGER_SIGNER_KEYS", [])
LEDGER_GENERATE_KEYS = env_bool("YICHUANG_LEDGER_GENERATE_KEYS", not PRODUCTION)
LEDGER_CHECKPOINT_MAX_AGE = env_int("YICHUANG_LEDGER_CHECKPOINT_SECONDS", 60, minimum=1)
LEDGER_CHECKPOINT_MAX_LEAVES = env_int("YICHUANG_LEDGER_CHECKPOINT_LEAVES", 1000, minimum=1)

# --- API ---------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
API_ANONYMOUS_RATE = env_str("YICHUANG_API_ANONYMOUS_RATE", "60/min")
API_USER_RATE = env_str("YICHUANG_API_USER_RATE", "600/min")
# How many tickets one registered kiosk may print a minute.
KIOSK_RATE = env_str("YICHUANG_KIOSK_RATE", "120/m")

# Periodic jobs `manage.py periodic` runs (the development run command starts it in the
# background; production runs the same commands from cron or systemd timers): command
# name and interval in seconds. Every one of them is idempotent.
PERIODIC_JOBS: tuple[tuple[str, int], ...] = (
    ("appointments_slots", 3600),
    ("appointments_lapse", 300),
    ("inquiries_escalate", 900),
    ("tickets_close_day", 3600),
    ("cases_deem_accept", 300),
    ("cases_escalate", 3600),
)
