"""Settings shared by every environment.

Anything secret or deployment-specific is read from the environment; the
environment modules (dev, test, production) only change what differs.
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "home",
    "blog",
    "contact",
    "starting_site",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_recaptcha",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# Order matters. The header and compression middleware wrap the rest, so
# every response gets them. CacheControlMiddleware sits above sessions, CSRF
# and authentication, so it sees the cookies and tokens they add when it
# decides whether the HTTP cache in front may share a response
# (bodyzest/cache_headers.py). TRACE and forms not in UTF-8 are refused before
# the CSRF check reads them (home/middleware.py). Axes comes last, as its
# documentation requires.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bodyzest.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "bodyzest.middleware.PreviewFramingMiddleware",
    "bodyzest.middleware.PublicGZipMiddleware",
    "bodyzest.cache_headers.CacheControlMiddleware",
    "home.middleware.RefuseUnreadableRequestsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "bodyzest.middleware.DatabaseUnavailableMiddleware",
    "bodyzest.content_cache.RememberedLookupsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bodyzest.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "bodyzest.wsgi.application"

# SQLite by default so a newcomer needs nothing installed; DATABASE_URL
# (postgres://user@host:port/name) switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# PostgreSQL's waits, bounded so no request reaches gunicorn's worker timeout
# (docs/deployment.md, "Deadlines"): connect_timeout covers the whole set-up,
# a server that accepts and never answers included; statement_timeout (server
# side) a slow query or lock wait; keepalives and tcp_user_timeout a host or
# network that vanishes under an open connection.
POSTGRESQL_OPTIONS = {
    "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")),
    "options": f"-c statement_timeout={int(os.environ.get('DATABASE_STATEMENT_TIMEOUT', '5')) * 1000}",
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 5000,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {**POSTGRESQL_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Current guidance (NCSC; NIST SP 800-63B): length and a block-list of common
# and breached passwords, no composition rules. Django's NumericPasswordValidator
# is a composition rule (it forbids all-digit passwords however long), so it is
# not used; a common all-digit password is still caught by the common list.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# django-axes first: it refuses sign-ins while a username+address is locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The page editor of a long post easily passes Django's default of 1,000 fields.
# More fields, or a body over DATA_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MB), get
# the branded 400 page (home.errors.bad_request, bodyzest/urls.py's handler400).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# A form whose CSRF check fails (cookies blocked, a page open for hours) gets a
# page that says so and how to reach the clinic; the enquiry form comes back
# filled in with what the person wrote (home/errors.py).
CSRF_FAILURE_VIEW = "home.errors.csrf_failure"

# Django's SMTP backend with a total deadline per send (bodyzest/mail.py): EMAIL_TIMEOUT bounds each read only.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "bodyzest.mail.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_SEND_DEADLINE = float(os.environ.get("EMAIL_SEND_DEADLINE", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Body Zest <hello@bodyzest.example>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # Tracebacks without the exceptions' text, which may quote a person (home/log_filters.py).
        "plain": {
            "()": "home.log_filters.WithoutExceptionText",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    # A request refused with a 4xx is one line, without its traceback (home/log_filters.py).
    "filters": {"one_line_for_client_errors": {"()": "home.log_filters.OneLineForClientErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["one_line_for_client_errors"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "bodyzest": {"level": os.environ.get("BODYZEST_LOG_LEVEL", "INFO")},
        "blog": {"level": os.environ.get("BODYZEST_LOG_LEVEL", "INFO")},
        "contact": {"level": os.environ.get("BODYZEST_LOG_LEVEL", "INFO")},
        "home": {"level": os.environ.get("BODYZEST_LOG_LEVEL", "INFO")},
    },
}

# --- Wagtail -----------------------------------------------------------------

WAGTAIL_SITE_NAME = "Body Zest"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The database backend picks the database's own full-text search: SQLite's
# FTS5 here, PostgreSQL's full-text search in production (see
# modelsearch.backends.database.SearchBackend), so one setting serves both.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp"}
# Staff pick dates in the UK's day/month/year order.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"

# --- The blog ----------------------------------------------------------------

BLOG_POSTS_PER_PAGE = 10
BLOG_WORDS_PER_MINUTE = 200
HOME_LATEST_POSTS = 3
BLOG_FEED_LENGTH = 20
BLOG_RELATED_POSTS = 3

# --- Being found: search engines, social sites, site search -------------------

# Search engines show about this many characters of a page's description.
SEO_DESCRIPTION_LENGTH = 155
# The picture social sites show when a page is shared (and feeds enclose):
# 1200×630 is what Facebook, LinkedIn and X recommend; JPEG all of them read.
SOCIAL_IMAGE_FILTER = "fill-1200x630|format-jpeg"
SEARCH_RESULTS_PER_PAGE = 10
# Longer searches are cut to this many characters (and the reader told).
SEARCH_QUERY_MAX_LENGTH = 200

# --- reCAPTCHA (django-recaptcha) ---------------------------------------------
# Read from environment variables named as the settings are, in every
# environment. Without keys, Google's public test keys are used; they always
# pass and are only acceptable in development (the system check that flags
# them is silenced in dev and test settings only).
GOOGLE_TEST_PUBLIC_KEY = "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI"
GOOGLE_TEST_PRIVATE_KEY = "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe"
RECAPTCHA_PUBLIC_KEY = os.environ.get("RECAPTCHA_PUBLIC_KEY", GOOGLE_TEST_PUBLIC_KEY)
RECAPTCHA_PRIVATE_KEY = os.environ.get("RECAPTCHA_PRIVATE_KEY", GOOGLE_TEST_PRIVATE_KEY)
# "www.recaptcha.net" where google.com is blocked; may carry a port for a local fake.
RECAPTCHA_DOMAIN = os.environ.get("RECAPTCHA_DOMAIN", "www.google.com")
# django-recaptcha needs an int here (a float or string breaks its urlopen call).
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = int(os.environ.get("RECAPTCHA_VERIFY_REQUEST_TIMEOUT", "5"))
# "v2-checkbox" (default), "v2-invisible" or "v3".
RECAPTCHA_VERSION = os.environ.get("RECAPTCHA_VERSION", "v2-checkbox")
RECAPTCHA_REQUIRED_SCORE = os.environ.get("RECAPTCHA_REQUIRED_SCORE", "0.5")
# A mistyped option stops start-up with one line, rather than a 500 on the enquiry page.
if RECAPTCHA_VERSION not in ("v2-checkbox", "v2-invisible", "v3"):
    raise SystemExit(f"RECAPTCHA_VERSION is {RECAPTCHA_VERSION!r}: use 'v2-checkbox', 'v2-invisible' or 'v3'.")
try:
    RECAPTCHA_REQUIRED_SCORE = float(RECAPTCHA_REQUIRED_SCORE)
    if not 0 <= RECAPTCHA_REQUIRED_SCORE <= 1:
        raise ValueError
except ValueError:
    raise SystemExit(
        f"RECAPTCHA_REQUIRED_SCORE is {RECAPTCHA_REQUIRED_SCORE!r}: use a number from 0.0 to 1.0, e.g. 0.5."
    ) from None
RECAPTCHA_ACTION = os.environ.get("RECAPTCHA_ACTION", "enquiry")

# --- Enquiries (contact app) --------------------------------------------------
# The discovery-visit enquiry form's defences, e-mails and retention. Every
# value can be tuned from an environment variable of the same name.

# The cache holds the per-visitor rate-limit counters. Several server processes
# must share it, so production sets REDIS_URL (redis://127.0.0.1:6379/0);
# without it each process keeps its own counters in memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Redis answers a loopback request in well under a millisecond: give up on a hung
# one quickly rather than hold a reader (bodyzest/cache.py then rests it a while).
REDIS_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that carries on (uncached, logging ERROR) while Redis is down.
            "BACKEND": "bodyzest.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_OPTIONS,
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "nothing": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }

# At most this many enquiries from one client address in the window (seconds).
ENQUIRY_RATE_LIMIT = int(os.environ.get("ENQUIRY_RATE_LIMIT", "5"))
ENQUIRY_RATE_LIMIT_WINDOW = int(os.environ.get("ENQUIRY_RATE_LIMIT_WINDOW", str(60 * 60)))

# The visitor's address (bodyzest/client_ip.py), for the rate limit, reCAPTCHA
# and sign-in throttling: TRUSTED_PROXY_COUNT is how many proxies you run in
# front of Django that append to X-Forwarded-For (2 for TLS terminator ->
# Varnish; 0, no proxy: REMOTE_ADDR). Or CLIENT_IP_HEADER: the request.META key
# of a CDN's own client-address header, e.g. HTTP_CF_CONNECTING_IP. Behind
# proxies without either, every visitor shares the proxy's address.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
TRUSTED_PROXY_COUNT = os.environ.get("TRUSTED_PROXY_COUNT", "0")
# A mistake here would share one limit among all visitors, or let them pick their address.
if not TRUSTED_PROXY_COUNT.isdecimal():
    raise SystemExit(
        f"TRUSTED_PROXY_COUNT is {TRUSTED_PROXY_COUNT!r}: use how many proxies you run in front of Django,"
        " e.g. 2 (TLS terminator, Varnish), or 0."
    )
TRUSTED_PROXY_COUNT = int(TRUSTED_PROXY_COUNT)
if CLIENT_IP_HEADER and not re.fullmatch(r"HTTP_(?!X_FORWARDED_FOR$)[A-Z0-9_]+", CLIENT_IP_HEADER):
    raise SystemExit(
        f"CLIENT_IP_HEADER is {CLIENT_IP_HEADER!r}: use the request.META key of the header your CDN sets,"
        " e.g. HTTP_CF_CONNECTING_IP (for X-Forwarded-For, set TRUSTED_PROXY_COUNT)."
    )
if CLIENT_IP_HEADER and TRUSTED_PROXY_COUNT:
    raise SystemExit("CLIENT_IP_HEADER and TRUSTED_PROXY_COUNT are both set: use the CDN's header or the proxy count.")

# The time trap: a form sent sooner than this after it was shown is a robot's;
# one older than the maximum age must be sent again.
ENQUIRY_FORM_MIN_SECONDS = int(os.environ.get("ENQUIRY_FORM_MIN_SECONDS", "3"))
ENQUIRY_FORM_MAX_AGE_SECONDS = int(os.environ.get("ENQUIRY_FORM_MAX_AGE_SECONDS", str(4 * 60 * 60)))

# django-tasks (which Wagtail 8 uses for its own work, on "default"). Enquiry
# emails have a backend of their own: production.py queues them in the
# database for `manage.py db_worker --backend enquiry_emails`; here (dev, tests)
# they run at once.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "enquiry_emails": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

# `manage.py retry_enquiry_notifications` gives up on an enquiry's e-mails
# after this many attempts (staff still see it marked "failed").
ENQUIRY_EMAIL_MAX_ATTEMPTS = int(os.environ.get("ENQUIRY_EMAIL_MAX_ATTEMPTS", "10"))

# `manage.py purge_enquiries` deletes enquiries received longer ago than this.
ENQUIRY_RETENTION_MONTHS = int(os.environ.get("ENQUIRY_RETENTION_MONTHS", "12"))

# --- Production: security headers, sign-in throttling, caching, outages -------
# Used in every environment so the tests prove them; production.py adds what
# only makes sense behind HTTPS (HSTS, secure cookies, the SSL redirect).

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # Wagtail's admin takes its token from the page, not the cookie
CSRF_COOKIE_SAMESITE = "Lax"
# Browser features the site never uses (bodyzest.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
]

# Content-Security-Policy (django-csp 4). Public pages carry no inline script or
# style, so the policy is a plain allow-list with no nonces (a nonce would be
# frozen into cached pages). JSON-LD <script type="application/ld+json"> blocks
# are data, never run, and CSP does not apply to them. The enquiry page alone
# adds Google's reCAPTCHA hosts (contact.views.RECAPTCHA_CSP).
# The Wagtail admin is excluded: its editor sets inline style attributes and
# its page previews are framed by the admin itself; only signed-in staff reach
# it, and it is never cached. Previews themselves keep the policy, except that
# the admin may frame them (bodyzest.middleware.PreviewFramingMiddleware).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# Admin sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failures for
# one username from one address, that pair waits AXES_COOLOFF_TIME. Keyed on
# both, so an attacker elsewhere cannot lock a member of staff out; further
# failures during the pause do not extend it. Attempts are kept in the
# database, which every app server shares.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# The same visitor's address as the enquiry rate limit (TRUSTED_PROXY_COUNT, CLIENT_IP_HEADER).
AXES_CLIENT_IP_CALLABLE = "bodyzest.client_ip.client_ip"

# Cache-Control of public pages (bodyzest/cache_headers.py); the HTTP cache in
# front (Varnish, a CDN) is the only page cache. Browsers cannot be told of a
# change, so they keep no page; the shared cache keeps one a day, is banned on
# every change (bodyzest/frontend_cache.py) and serves its copy for a day more
# while the site cannot answer (stale-if-error).
CACHE_CONTROL_MAX_AGE = int(os.environ.get("CACHE_CONTROL_MAX_AGE", "0"))
CACHE_CONTROL_S_MAXAGE = int(os.environ.get("CACHE_CONTROL_S_MAXAGE", str(60 * 60 * 24)))
CACHE_CONTROL_STALE_WHILE_REVALIDATE = int(os.environ.get("CACHE_CONTROL_STALE_WHILE_REVALIDATE", "60"))
CACHE_CONTROL_STALE_IF_ERROR = int(os.environ.get("CACHE_CONTROL_STALE_IF_ERROR", str(60 * 60 * 24)))
CACHE_CONTROL_PRIVATE_PREFIXES = ("/admin/", "/documents/")

# Where the site, route, menu, privacy, clinic-details and breadcrumb lookups
# are remembered until content changes (bodyzest/content_cache.py): the Redis
# every process shares. Without one (`make run`) a process would keep its own
# copy and miss changes another makes (publish_scheduled, a shell): nothing is
# remembered.
CONTENT_CACHE_ALIAS = "default" if REDIS_URL else "nothing"

# Any change the public can see bans the whole site from the cache in front
# (bodyzest/frontend_cache.py): pages published, unpublished, moved or deleted,
# and saving or deleting one of these.
FRONTEND_CACHE_BAN_MODELS = [
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
    "wagtailredirects.Redirect",
    "wagtailimages.Image",
    "taggit.Tag",
    "home.ClinicDetails",
    "blog.Author",
    "blog.BlogCategory",
]
# Where bans go: Varnish (deploy/varnish/bodyzest.vcl) at FRONTEND_CACHE_PURGE_URL.
WAGTAILFRONTENDCACHE = {}
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": FRONTEND_CACHE_PURGE_URL,
    }

# When the database is unreachable the 503 page cannot read the clinic's
# details: it shows this number instead.
CLINIC_PHONE_FALLBACK = os.environ.get("CLINIC_PHONE_FALLBACK", "")
SERVICE_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("SERVICE_UNAVAILABLE_RETRY_AFTER", "120"))
