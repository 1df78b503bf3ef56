"""careersite settings: one module, driven by environment variables with safe defaults.

Every variable is listed in README.md and .env.example.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF

from careersite.release import code_release


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def env_list(name: str, default: str) -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def read_local_secret(path: Path) -> str:
    """The secret key kept in the git-ignored data folder; created once, never printed."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        # O_EXCL: if two processes race, the loser reads the winner's key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DJANGO_DATA_DIR", BASE_DIR / "var"))

# "production" turns on HTTPS-only settings
DJANGO_ENV = os.environ.get("DJANGO_ENV", "local")
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or read_local_secret(
    DATA_DIR / "secret_key"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Coding Career Guide"
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin").strip("/") + "/"

INSTALLED_APPS = [
    # django.contrib.admin, with careersite.admin_site.StaffAdminSite as admin.site
    "careersite.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_prose_editor",
    "reversion",
    "reversion_compare",
    "import_export",
    "axes",
    "django_otp",
    # django-otp's device apps, named for the admin (careersite/two_factor/apps.py).
    "careersite.two_factor.apps.AuthenticatorAppsConfig",
    "careersite.two_factor.apps.RecoveryCodesConfig",
    "csp",
    "careersite",
    "careersite.linkcheck",
    "articles",
    "schools",
]

MIDDLEWARE = [
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "careersite.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "careersite.middleware.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 answers for cached and uncached pages alike.
    "django.middleware.http.ConditionalGetMiddleware",
    # Page cache: inside the header middleware (they decorate hits too), outside CSP/sessions/auth so a
    # stored page already carries its CSP and frame headers. See careersite/pagecache/.
    "careersite.pagecache.middleware.PageCacheMiddleware",
    # A client already refused by the render limit gets its 429 here, before any further work
    # (careersite/ratelimits.py).
    "careersite.ratelimits.RefusedClientsMiddleware",
    "csp.middleware.CSPMiddleware",
    "careersite.middleware.DatabaseUnavailableMiddleware",
    # Applies scheduled article changes once their time has come (inside the page cache: see the module).
    "articles.workflow.middleware.ScheduledChangesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "careersite.urls"
WSGI_APPLICATION = "careersite.wsgi.application"
SITE_ID = 1

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
                "csp.context_processors.nonce",
                "careersite.context_processors.site",
                "schools.context_processors.cahiim",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an editor writes; busy timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "careersite"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "careersite",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Per-process memory for what depends only on the code, never on content (the page cache's learned Vary headers).
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "careersite-local",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# django-ratelimit's counts (careersite/ratelimits.py): Redis when REDIS_URL is set, so every app server counts one
# client together. Their own alias, so a flood of new pages filling the local-memory page cache cannot evict counts.
CACHES["ratelimit"] = (
    {**CACHES["default"]}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "careersite-ratelimit",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
)
SESSION_ENGINE = os.environ.get(
    "DJANGO_SESSION_ENGINE", "django.contrib.sessions.backends.db"
)

# Anonymous page cache (careersite/pagecache/). The content version lives in the shared cache with Redis, and in
# a file with the per-process local-memory cache so every worker and management command sees one version.
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "3600"))
PAGE_CACHE_VERSION_FILE = "" if REDIS_URL else str(DATA_DIR / "content-version")
# With Redis: the alias of a per-process copy of shared pages, served while the content version (followed by
# publish/subscribe) is unchanged, so a hit costs no round trip. DJANGO_PAGE_CACHE_NEAR=0 asks Redis on every hit.
PAGE_CACHE_NEAR = (
    "near" if REDIS_URL and env_bool("DJANGO_PAGE_CACHE_NEAR", True) else ""
)
if PAGE_CACHE_NEAR:
    CACHES[PAGE_CACHE_NEAR] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "careersite-near",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
# The cache key prefix: processes and instances of one release share cached pages, a new release never serves an
# old one's. DJANGO_RELEASE (e.g. the git SHA) names it; unset, a hash of the code files (careersite/release.py).
PAGE_CACHE_RELEASE = os.environ.get("DJANGO_RELEASE") or code_release(BASE_DIR)
# Apps whose rows appear on public pages: saving or deleting any of their rows bumps the content version.
PAGE_CACHE_CONTENT_APPS = ["articles", "schools", "redirects", "sites"]
# Models of those apps that never appear on a public page (an editor's autosave is written every few seconds).
PAGE_CACHE_IGNORED_MODELS = ["articles.articleautosave"]
PAGE_CACHE_EXCLUDED_PREFIXES = ("/guides/preview/", "/healthz", "/readyz")
PAGE_CACHE_MAX_QUERY_LENGTH = 1000
# What a CDN in front may do with a public page (max-age and s-maxage never past the next publication).
PAGE_CACHE_MAX_AGE = 60
PAGE_CACHE_S_MAXAGE = 300
PAGE_CACHE_STALE_WHILE_REVALIDATE = 600
# The function (no arguments) that says when public pages next change on their own (a scheduled publication):
# cached pages expire then. The page cache names it here so that it imports no app.
PAGE_CACHE_NEXT_CHANGE = "articles.workflow.schedule.next_change_at"
# A CDN may serve a stale page for a day while this site answers with errors (RFC 5861).
PAGE_CACHE_STALE_IF_ERROR = 86400
# Every page served is also kept as a "last good copy" this long, served with a banner while the database is down.
PAGE_CACHE_LAST_GOOD_SECONDS = int(
    os.environ.get("DJANGO_PAGE_CACHE_LAST_GOOD_SECONDS", str(7 * 24 * 3600))
)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", DATA_DIR / "media"))

# `make backup` / `manage.py backup`: where backups go and how many stay there (0: all). See careersite/backup.py.
BACKUP_DIR = Path(os.environ.get("DJANGO_BACKUP_DIR", DATA_DIR / "backups"))
BACKUP_KEEP = int(os.environ.get("DJANGO_BACKUP_KEEP", "14"))

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    # Object storage for uploads (S3 or compatible); credentials come from the AWS_* variables.
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_QUERYSTRING_AUTH = False
    media_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": media_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 31536000

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers on every response; HTTPS-only settings in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if PRODUCTION else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", PRODUCTION)
# How many trusted proxies append to X-Forwarded-For (careersite/clients.py): the client is the Nth entry from the
# right.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "1"))
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}
# django-permissions-policy: features the site never uses, off for its pages and anything framed in them.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "browsing-topics": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# django-axes: lock an account/IP pair after 5 failed admin logins for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

# Two-factor sign-in for staff (careersite/two_factor/): an authenticator app (TOTP) plus recovery codes.
# Required in production: staff without a device may only open the setup page until they confirm one.
ADMIN_REQUIRE_2FA = env_bool("DJANGO_ADMIN_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = SITE_NAME
# django-otp's own throttle refuses even the right code for a second after one typo; it is off (0), and
# careersite.two_factor.services.two_factor_wait throttles instead, from the failure count django-otp keeps.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# careersite.middleware.RequestLimitsMiddleware: 414 past this query-string length, 413 past these bodies.
MAX_QUERY_STRING_LENGTH = 2048
MAX_ADMIN_REQUEST_BODY = 20 * 1024 * 1024
# seconds, sent with the 503 page while the database is unreachable
DATABASE_RETRY_AFTER = 30

# Renders per client on the pages that render from a reader's input (careersite/ratelimits.py), e.g. 60/m or
# 300/5m; 0 or off turns the limit off. 60/m: a person reading results asks for a new one every few seconds at
# most (well under 20 a minute), and a minute's allowance may be spent at once (a dozen programs opened in tabs,
# a few people behind one address); a client that ignores it costs at most one render a second (~35 ms of CPU
# for the largest finder results), and a refused person waits under a minute.
RATE_LIMIT = os.environ.get("DJANGO_RATE_LIMIT", "60/m")
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "careersite.clients.client_address"
# A cache outage serves pages unlimited rather than refusing every reader.
RATELIMIT_FAIL_OPEN = True
# django-ratelimit is used as a library, not an installed app: its system check calls the local-memory cache an error,
# where for one machine without Redis we accept that each process counts its own clients (an allowance per worker).

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # careersite.ratelimits logs a client once when it passes its allowance, not every refusal after that.
        "not_rate_limited": {
            "()": "django.utils.log.CallbackFilter",
            "callback": lambda record: getattr(record, "status_code", None) != 429,
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["not_rate_limited"]}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING"),
    },
}
