"""Production: everything from the environment; DEBUG is always off.

A missing required variable stops start-up with one line naming it.
`.env.example` lists every variable with a comment.
"""

import os

from .base import *  # noqa: F401,F403


def required_env(name):
    """Return an environment variable, or stop start-up with one line naming it (no traceback)."""
    value = os.environ.get(name)
    if not value:
        raise SystemExit(f"Set the {name} environment variable.")
    return value


# Never from the environment: a stack trace or the settings must never reach a reader.
DEBUG = False
SECRET_KEY = required_env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")  # noqa: F405
if not ALLOWED_HOSTS:
    required_env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405
WAGTAILADMIN_BASE_URL = required_env("WAGTAILADMIN_BASE_URL")

# PostgreSQL (psycopg 3), kept open between requests.
DATABASE_URL = required_env("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(  # noqa: F405
        DATABASE_URL, conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")), conn_health_checks=True
    )
}
DATABASES["default"]["OPTIONS"] = {**POSTGRESQL_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}  # noqa: F405

# --- HTTPS, behind the site's own proxy ---------------------------------------
# The proxy (Varnish/nginx/CDN) terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = max(int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))), 60 * 60 * 24 * 183)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# includeSubDomains already requires every subdomain on HTTPS; preload only adds permanence.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# --- Static and media files ---------------------------------------------------
# whitenoise answers for /static/ before any other middleware runs.
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)
# whitenoise serves `collectstatic`'s output: hashed names, gzip copies (Brotli only with `brotli` installed),
# and a far-future Cache-Control on hashed files.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60  # unhashed names (favicon.ico...); hashed ones get a year
# Media on local disk by default (one server). Several app servers need shared
# storage: MEDIA_STORAGE=s3 stores uploads in an S3-compatible bucket.
if os.environ.get("MEDIA_STORAGE", "local") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": required_env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# --- E-mail (SMTP; base.py reads EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER...) --
EMAIL_HOST = required_env("EMAIL_HOST")
# Enquiry emails leave the visitor's request: queued in PostgreSQL, sent by
# `manage.py db_worker --backend enquiry_emails` (docs/deployment.md).
TASKS = {**TASKS, "enquiry_emails": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # noqa: F405

# --- reCAPTCHA ----------------------------------------------------------------
RECAPTCHA_PUBLIC_KEY = required_env("RECAPTCHA_PUBLIC_KEY")
RECAPTCHA_PRIVATE_KEY = required_env("RECAPTCHA_PRIVATE_KEY")

# --- Redis: rate limits, sessions and Wagtail's lookups, shared by every app server
REDIS_URL = required_env("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "bodyzest.cache.FailOpenRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": REDIS_OPTIONS,  # noqa: F405
    }
}
# Sessions read from Redis and written through to PostgreSQL, so a Redis restart signs no one out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Purge target (Varnish) ---------------------------------------------------
FRONTEND_CACHE_PURGE_URL = required_env("FRONTEND_CACHE_PURGE_URL")
WAGTAILFRONTENDCACHE = {
    "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": FRONTEND_CACHE_PURGE_URL},
}
