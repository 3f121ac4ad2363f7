"""The enquiry settings are read from environment variables named as the settings are."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

NAMES = [
    "ENQUIRY_RATE_LIMIT",
    "ENQUIRY_RATE_LIMIT_WINDOW",
    "TRUSTED_PROXY_COUNT",
    "CLIENT_IP_HEADER",
    "ENQUIRY_FORM_MIN_SECONDS",
    "ENQUIRY_FORM_MAX_AGE_SECONDS",
    "ENQUIRY_EMAIL_MAX_ATTEMPTS",
    "ENQUIRY_RETENTION_MONTHS",
    "RECAPTCHA_DOMAIN",
    "RECAPTCHA_VERSION",
    "RECAPTCHA_VERIFY_REQUEST_TIMEOUT",
]


def settings_under(module, **environ):
    """The settings a fresh process sees with this environment."""
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {NAMES + ['CACHES']!r}}}))"
    )
    env = {key: value for key, value in os.environ.items() if key not in NAMES and key != "REDIS_URL"}
    env.update(DJANGO_SETTINGS_MODULE=module, **environ)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_defaults():
    values = settings_under("bodyzest.settings.dev")
    assert values["ENQUIRY_RATE_LIMIT"] == 5
    assert values["ENQUIRY_RATE_LIMIT_WINDOW"] == 3600
    assert values["TRUSTED_PROXY_COUNT"] == 0 and values["CLIENT_IP_HEADER"] == ""
    assert values["ENQUIRY_FORM_MIN_SECONDS"] == 3
    assert values["ENQUIRY_RETENTION_MONTHS"] == 12
    assert values["RECAPTCHA_VERSION"] == "v2-checkbox"
    assert values["RECAPTCHA_VERIFY_REQUEST_TIMEOUT"] == 5
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_every_value_can_be_set_from_the_environment():
    values = settings_under(
        "bodyzest.settings.dev",
        ENQUIRY_RATE_LIMIT="7",
        ENQUIRY_RATE_LIMIT_WINDOW="600",
        TRUSTED_PROXY_COUNT="2",
        ENQUIRY_FORM_MIN_SECONDS="5",
        ENQUIRY_FORM_MAX_AGE_SECONDS="7200",
        ENQUIRY_EMAIL_MAX_ATTEMPTS="4",
        ENQUIRY_RETENTION_MONTHS="24",
        RECAPTCHA_DOMAIN="www.recaptcha.net",
        RECAPTCHA_VERSION="v3",
        RECAPTCHA_VERIFY_REQUEST_TIMEOUT="2",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert {name: values[name] for name in NAMES} == {
        "ENQUIRY_RATE_LIMIT": 7,
        "ENQUIRY_RATE_LIMIT_WINDOW": 600,
        "TRUSTED_PROXY_COUNT": 2,
        "CLIENT_IP_HEADER": "",
        "ENQUIRY_FORM_MIN_SECONDS": 5,
        "ENQUIRY_FORM_MAX_AGE_SECONDS": 7200,
        "ENQUIRY_EMAIL_MAX_ATTEMPTS": 4,
        "ENQUIRY_RETENTION_MONTHS": 24,
        "RECAPTCHA_DOMAIN": "www.recaptcha.net",
        "RECAPTCHA_VERSION": "v3",
        "RECAPTCHA_VERIFY_REQUEST_TIMEOUT": 2,
    }
    assert values["CACHES"]["default"]["BACKEND"] == "bodyzest.cache.FailOpenRedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/1"


PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "www.bodyzest.example",
    "RECAPTCHA_PUBLIC_KEY": "site-key",
    "RECAPTCHA_PRIVATE_KEY": "secret-key",
    "WAGTAILADMIN_BASE_URL": "https://www.bodyzest.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/bodyzest",
    "EMAIL_HOST": "smtp.bodyzest.example",
    "FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081",
}


def test_production_keeps_rate_limits_in_redis():
    values = settings_under("bodyzest.settings.production", REDIS_URL="redis://127.0.0.1:6379/2", **PRODUCTION_ENV)
    assert values["CACHES"]["default"]["BACKEND"] == "bodyzest.cache.FailOpenRedisCache"


def test_production_will_not_start_without_redis():
    with pytest.raises(subprocess.CalledProcessError) as error:
        settings_under("bodyzest.settings.production", **PRODUCTION_ENV)
    assert "Set the REDIS_URL environment variable." in error.value.stderr


def example_environment():
    """The variables .env.example sets, read as systemd's EnvironmentFile= reads them."""
    lines = (settings.BASE_DIR / ".env.example").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {name.strip(): value.strip() for name, value in pairs}


def test_a_copy_of_the_example_environment_finds_the_visitor_behind_the_terminator_and_varnish():
    environ = {**example_environment(), **PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/2"}
    values = settings_under(environ.pop("DJANGO_SETTINGS_MODULE"), **environ)
    # The documented topology: with fewer, every visitor shares one limit; with more, visitors pick their address.
    assert values["TRUSTED_PROXY_COUNT"] == 2
    assert values["CLIENT_IP_HEADER"] == ""
