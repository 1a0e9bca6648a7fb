"""Settings for Revisit, read from the environment.

Without DATABASE_URL the database is SQLite in WAL mode at
$REVISIT_DATA_DIR/revisit.sqlite3 (default ./data/); with it, usually
PostgreSQL through psycopg 3.
"""

import contextlib
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from revisit.config.env import env_bool, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent

# --- Core -----------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("REVISIT_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY is required in production.")
    # Only for demo and development runs; production sets SECRET_KEY.
    SECRET_KEY = "revisit-insecure-development-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "revisit.core",
    "revisit.accounts",
    "revisit.book",
    "revisit.imports",
    "revisit.outreach",
    "revisit.development",
    "revisit.demo",
    "revisit.planning",
    "revisit.coaching",
    "revisit.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "revisit.core.middleware.DatabaseBusyPageMiddleware",
    # Innermost, so the page it renders passes through every middleware above.
    "revisit.core.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "revisit.config.urls"
WSGI_APPLICATION = "revisit.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
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

# --- Database -------------------------------------------------------------

DATA_DIR = Path(env_str("REVISIT_DATA_DIR", str(Path.cwd() / "data"))).resolve()
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    # SQLite creates the database file but not its folder, so a first
    # `revisit migrate` would fail with "unable to open database file". A
    # folder that cannot be created is left to that error, so that commands
    # which need no database (and the tests, whose database is in memory)
    # still run.
    with contextlib.suppress(OSError):
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "revisit.sqlite3",
            "OPTIONS": {
                # WAL lets readers work while an import writes; IMMEDIATE
                # takes the write lock at BEGIN so concurrent writers wait
                # for busy_timeout instead of failing on lock upgrade.
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
# Money is grouped by thousands in both languages with floatformat:"-2g".
# USE_THOUSAND_SEPARATOR stays False: it would print primary keys and
# years in templates as 1,234 and 2,026 on English pages.
FORMAT_MODULE_PATH = ["revisit.config.formats"]
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

# --- Static files -----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
MEDIA_ROOT = DATA_DIR / "media"

# --- Imports ------------------------------------------------------------------

# How an import uploaded on screen runs. "thread" starts a background thread
# in the web process, so the request returns at once. "sync" runs it inside
# the request, for tests. Progress is kept in the default cache, so a
# deployment with more than one server process needs a shared cache.
REVISIT_IMPORT_RUNNER = env_str("REVISIT_IMPORT_RUNNER", "thread")
# Files with at least this many rows are read and normalised in a second
# process while the importing process writes. Starting that process costs
# about a second. 0 turns the second process off.
REVISIT_IMPORT_WORKER_MIN_ROWS = int(env_str("REVISIT_IMPORT_WORKER_MIN_ROWS", "50000"))
# Largest extract accepted on screen; the command line has no limit.
REVISIT_IMPORT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024

# --- Security -----------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Logging --------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "loggers": {
        "revisit": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        # ERROR keeps 5xx and drops the 4xx warnings, because every 403
        # logged a full traceback and expected 404s and 405s flooded the log.
        "django.request": {"handlers": ["console"], "level": "ERROR"},
        "django.security": {"handlers": ["console"], "level": "WARNING"},
    },
}
