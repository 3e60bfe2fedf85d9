"""Settings for MindLAB CMS, read from the environment.

With no environment at all (and ``DEBUG=1``, which ``make run`` sets) the site runs
on an SQLite file in the project folder with a local-memory cache, console email
and media on disk. Production sets ``DATABASE_URL``, ``SECRET_KEY``,
``ALLOWED_HOSTS`` and, as needed, ``REDIS_URL``, ``SMTP_URL`` and ``MEDIA_S3_BUCKET``.
See README.md for the full list.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from mindlab.middleware import static_file_headers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    normalised = value.strip().lower()
    if normalised in {"1", "true", "yes", "on"}:
        return True
    if normalised in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value.strip() else default
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from error


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment "
            "(or DEBUG=1 for local development, which uses a throwaway key)."
        )
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Absolute address of the public site, used where a request is not at hand
# (emails, calendar invitations, feeds built by commands).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "markdownx",
    # Before django_tasks_db: mindlab's db_worker (which recovers interrupted tasks) wins.
    "mindlab",
    "django_tasks_db",
    "articles",
    "references",
    "revisions",
    "leads",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A NUL in the address is a 400 before anything looks it up.
    "mindlab.middleware.RefuseUnusableRequestsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 304s for pages whose ETag or Last-Modified the browser already has (cached ones too).
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous pages from the cache, stored with the headers added below; see mindlab/pagecache.py.
    "mindlab.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "mindlab.middleware.PermissionsPolicyMiddleware",
    # Turns a sign-in refused by the login throttle into a 429 page; must stay last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mindlab.urls"
WSGI_APPLICATION = "mindlab.wsgi.application"
ASGI_APPLICATION = "mindlab.asgi.application"

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
                "django.template.context_processors.csp",
                "mindlab.context_processors.site",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so two concurrent
    # writers queue instead of failing half-way; WAL lets readers go on meanwhile.
    # Connections persist (CONN_MAX_AGE) as on PostgreSQL: opening one runs the pragmas below.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # ``optimize`` with 0x10002 on open keeps the planner's statistics current (SQLite's advice).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA optimize=0x10002;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------

# ``default`` holds rate-limit counters and the page cache's content generation (Redis with
# REDIS_URL: shared by every app server). ``pages`` holds what readers are served, in each
# process's memory: a hit then costs one network round trip (the generation), not three.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    DEFAULT_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mindlab"),
    }
else:
    DEFAULT_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "mindlab"}
CACHES = {
    "default": DEFAULT_CACHE,
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "mindlab-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGECACHE_ENTRIES", 1000)},
    },
}

# Page cache (mindlab/pagecache.py). Off under DEBUG so template edits show at once.
PAGECACHE_ENABLED = env_bool("PAGECACHE_ENABLED", default=not DEBUG)
PAGECACHE_CONTENT_APPS = ("articles", "references")
# Apps whose managers say when something scheduled goes live (``next_scheduled(now)``):
# the cache generation expires then. Writes to them do not retire the cache themselves.
PAGECACHE_SCHEDULE_APPS = ("revisions",)
PAGECACHE_TIMEOUT = env_int("PAGECACHE_TIMEOUT", 600)  # seconds an entry is kept, at most
PAGECACHE_MAX_AGE = env_int("PAGECACHE_MAX_AGE", 30)  # what browsers may keep without asking
PAGECACHE_S_MAXAGE = env_int("PAGECACHE_S_MAXAGE", 60)  # what a CDN may keep without asking
PAGECACHE_RELEASE = os.environ.get("RELEASE", "")  # e.g. the deployed commit
# How long a process trusts its last reading of the shared generation (0: every request).
PAGECACHE_GENERATION_SECONDS = env_int("PAGECACHE_GENERATION_SECONDS", 1)

# --- Auth -------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Brute-force throttle on sign-in (django-axes, see mindlab/security.py): failures
# are counted per client address in the database, shared by every app server.
AUTHENTICATION_BACKENDS = [
    "mindlab.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "mindlab.client_address.axes_client_address"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False  # lockouts are still logged as warnings

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static files and media -------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files carry the pages' security headers and no CORS header: nothing on another
# origin needs to read them.
WHITENOISE_ALLOW_ALL_ORIGINS = False
WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

_media_bucket = os.environ.get("MEDIA_S3_BUCKET", "")
if _media_bucket:
    # S3-compatible object storage (needs the "s3" extra: django-storages[s3]).
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _media_bucket,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads above this size are refused before Pillow opens them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env_int("IMAGE_UPLOAD_MAX_PIXELS", 40_000_000)
# Pixels decoded at once (about 4 bytes each): PNG/WebP above it are refused, JPEG is
# decoded at a reduced scale to fit (articles/images.py).
IMAGE_DECODE_MAX_PIXELS = env_int("IMAGE_DECODE_MAX_PIXELS", 16_000_000)

# --- Discovery: search, feeds, sitemaps, medical review -------------------------
# An article's medical review older than this many days is listed as overdue in the admin.
MEDICAL_REVIEW_MAX_AGE_DAYS = env_int("MEDICAL_REVIEW_MAX_AGE_DAYS", 365)
# Articles per feed, and addresses per sitemap file (50,000 is the protocol's maximum).
FEED_ITEMS = env_int("FEED_ITEMS", 20)
SITEMAP_MAX_URLS = env_int("SITEMAP_MAX_URLS", 50_000)

# --- Email (Django 6.1 MAILERS) ---------------------------------------------


def _mailer_from_url(url: str) -> dict:
    """Turn ``smtp://user:password@host:587?tls=1&timeout=10`` into a MAILERS entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured("SMTP_URL must start with smtp:// or smtps://.")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    options = {
        "host": parts.hostname or "localhost",
        "port": parts.port or (465 if parts.scheme == "smtps" else 25),
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_ssl": parts.scheme == "smtps",
        "use_tls": query.get("tls", "0") in {"1", "true", "yes"},
        "timeout": int(query.get("timeout", "10")),
    }
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}


SMTP_URL = os.environ.get("SMTP_URL", "")
if SMTP_URL:
    MAILERS = {"default": _mailer_from_url(SMTP_URL)}
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {"default": _mailer_from_url("smtp://localhost:25")}

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "MindLAB Neuroscience <hello@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Where the practice is told about new strategy-call requests.
PRACTICE_NOTIFICATION_EMAILS = env_list("PRACTICE_NOTIFICATION_EMAILS", "intake@localhost")

# --- Security ---------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY", default=False):
        # Only trust X-Forwarded-Proto when a proxy we control sets it.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Proxies whose X-Forwarded-For is believed (addresses or networks, mindlab/client_address.py).
# Behind the documented TLS proxy on the same host the default is loopback; with no proxy,
# nobody is trusted and the connection's own address is the client.
TRUSTED_PROXIES = env_list(
    "TRUSTED_PROXIES", "127.0.0.1,::1" if not DEBUG and env_bool("BEHIND_TLS_PROXY", default=False) else ""
)
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an address or network ({error})"
        ) from None

# Public pages carry no inline script or style, so they need no nonce and can be
# cached; the nonce stays available for the admin and the editor.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "https:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Markdown editor (django-markdownx) ---------------------------------------
# The endpoints are registered by mindlab.urls (staff only), not markdownx.urls.

MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.markdown.markdownify_for_preview"
MARKDOWNX_URLS_PATH = "/admin/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/admin/markdownx/upload/"
MARKDOWNX_MEDIA_PATH = "uploads/"
MARKDOWNX_UPLOAD_MAX_SIZE = IMAGE_UPLOAD_MAX_BYTES
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp"]
MARKDOWNX_SERVER_CALL_LATENCY = 600

# Largest Markdown source the renderer accepts (characters). Rendering cost grows
# faster than linearly on some pathological inputs, so every path is bounded.
MARKDOWN_MAX_CHARS = env_int("MARKDOWN_MAX_CHARS", 100_000)

# --- References ---------------------------------------------------------------

# Crossref's public REST API, used by the admin's and the command line's DOI lookup.
CROSSREF_API_URL = os.environ.get("CROSSREF_API_URL", "https://api.crossref.org").rstrip("/")
CROSSREF_TIMEOUT = env_int("CROSSREF_TIMEOUT", 8)
# Crossref asks polite clients for a contact address (sent in the User-Agent).
CROSSREF_MAILTO = os.environ.get("CROSSREF_MAILTO", "")

# --- Background tasks and strategy-call leads --------------------------------------

# Emails about strategy-call requests are sent by `manage.py db_worker` (django-tasks-db):
# the task row is written in the same transaction as the request, so none is lost.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Version of the consent text shown on the booking form (leads/consent.py holds the texts).
LEADS_CONSENT_VERSION = os.environ.get("LEADS_CONSENT_VERSION", "2026-11")
# Requests older than this are anonymised by `manage.py purge_leads` unless they became clients.
LEADS_RETENTION_DAYS = env_int("LEADS_RETENTION_DAYS", 365)
# Booking-form submissions allowed per client IP per window (seconds), counted in the cache.
LEADS_RATE_LIMIT = env_int("LEADS_RATE_LIMIT", 5)
LEADS_RATE_LIMIT_WINDOW = env_int("LEADS_RATE_LIMIT_WINDOW", 3600)
# Faster than this (seconds from page load to submit) is treated as a script.
LEADS_MIN_SUBMIT_SECONDS = env_int("LEADS_MIN_SUBMIT_SECONDS", 3)
# How long cancel/reschedule links in confirmation emails stay valid (days).
LEADS_LINK_MAX_AGE_DAYS = env_int("LEADS_LINK_MAX_AGE_DAYS", 60)
# Email delivery retries: attempts before giving up (still visible and resendable in the admin).
LEADS_EMAIL_MAX_ATTEMPTS = env_int("LEADS_EMAIL_MAX_ATTEMPTS", 12)
# A send still "sending" after this many seconds was interrupted and may be tried again.
LEADS_EMAIL_STALL_SECONDS = env_int("LEADS_EMAIL_STALL_SECONDS", 120)
# A task left "running" this long by a worker that is gone is run again (mindlab db_worker).
TASKS_STALE_RUNNING_SECONDS = env_int("TASKS_STALE_RUNNING_SECONDS", 120)

# --- Logging ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
