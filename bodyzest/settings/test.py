"""The test suite: fast hashing, mail kept in memory, no real network."""

import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", "/tmp/bodyzest-test-media"))  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# The suite is one process: its lookups are remembered as a production server's are.
CONTENT_CACHE_ALIAS = "default"

# Google's test keys are expected outside production.
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]

# Django's test client signs in without a request, which django-axes refuses;
# the throttling tests (tests/deploy/test_admin_login_throttling.py) turn it on.
AXES_ENABLED = False
