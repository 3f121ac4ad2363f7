"""Faults against the real services: PostgreSQL or Redis unreachable (a closed port on this machine)."""

import logging
import socket
import time

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.utils import load_backend

from bodyzest import cache as fail_open
from contact.models import Enquiry
from tests.contact.helpers import enquiry_data, post_enquiry
from tests.factories import make_blog, make_post
from tests.faults import FaultyProxy

# The real Redis is shared by every test process: its tests run in one (make test runs -n auto --dist loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("redis")]


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DatabaseSwitch:
    """Turns the default connection into a real PostgreSQL client aimed at a closed port, and back."""

    def __init__(self):
        self.working = None

    def __call__(self, port=None):
        """Aim at `port` (e.g. a FaultyProxy's) with the project's PostgreSQL options, or at a closed port."""
        self.working = connections["default"]
        settings_dict = {
            **self.working.settings_dict,
            "ENGINE": "django.db.backends.postgresql",
            "HOST": "127.0.0.1",
            "PORT": port or closed_port(),
            "NAME": "bodyzest",
            "USER": "postgres",
            "PASSWORD": "",
            "OPTIONS": settings.POSTGRESQL_OPTIONS if port else {"connect_timeout": 2},
        }
        connections["default"] = load_backend("django.db.backends.postgresql").DatabaseWrapper(settings_dict, "default")

    def restore(self):
        if self.working is not None:
            connections["default"], self.working = self.working, None


@pytest.fixture
def database_down():
    switch = DatabaseSwitch()
    yield switch
    switch.restore()


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "bodyzest.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": settings.REDIS_OPTIONS,
        }
    }
    fail_open._resting_until.clear()


def test_readers_get_the_branded_503_page_when_postgresql_is_unreachable(client, database_down, settings, caplog):
    settings.CLINIC_PHONE_FALLBACK = "01737 000 000"
    make_post(make_blog(), "Knee pain")
    database_down()
    with caplog.at_level(logging.ERROR):
        response = client.get("/blog/knee-pain/")
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Sorry, this page is not available just now" in html
    assert "01737 000 000" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert "Database unavailable (OperationalError)" in caplog.text


def test_an_enquiry_sent_while_postgresql_is_unreachable_asks_to_try_again_or_call(
    client, clinic_site, database_down, settings, siteverify
):
    from contact.models import EnquiryPage

    settings.CLINIC_PHONE_FALLBACK = "01737 000 000"
    url = EnquiryPage.objects.get().url
    database_down()
    response = client.post(url, enquiry_data(), REMOTE_ADDR="203.0.113.10")
    database_down.restore()
    html = response.content.decode()
    assert response.status_code == 503
    assert "Sorry, your message was not sent" in html
    assert "nothing you sent has been saved" in html
    assert "try again" in html and "01737 000 000" in html
    assert Enquiry.objects.count() == 0


@pytest.fixture
def hung_postgresql():
    """A proxy to the real PostgreSQL that accepts connections and never answers."""
    with FaultyProxy(("127.0.0.1", 5432), mode="hang") as proxy:
        yield proxy


def test_a_postgresql_that_accepts_and_never_answers_costs_readers_the_connect_timeout_only(
    client, hung_postgresql, database_down, settings
):
    make_post(make_blog(), "Knee pain")
    database_down(port=hung_postgresql.port)
    started = time.monotonic()
    response = client.get("/blog/knee-pain/", HTTP_CACHE_CONTROL="no-cache")
    seconds = time.monotonic() - started
    assert response.status_code == 503
    assert hung_postgresql.connections >= 1
    # connect_timeout (3 s) per attempt; a layer that catches the error and asks again costs another.
    assert seconds < 10


def test_an_enquiry_sent_while_postgresql_hangs_is_answered_within_10_seconds_and_not_saved(
    client, clinic_site, hung_postgresql, database_down, siteverify
):
    from contact.models import EnquiryPage

    url = EnquiryPage.objects.get().url
    database_down(port=hung_postgresql.port)
    started = time.monotonic()
    response = client.post(url, enquiry_data(), REMOTE_ADDR="203.0.113.10")
    seconds = time.monotonic() - started
    database_down.restore()
    assert response.status_code == 503
    assert "nothing you sent has been saved" in response.content.decode()
    assert seconds < 10
    assert Enquiry.objects.count() == 0


def test_postgresql_statements_have_a_time_limit():
    if connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL (DATABASE_URL=postgres://...)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5s"


def test_the_enquiry_rate_limit_fails_open_with_an_error_when_redis_is_unreachable(
    client, clinic_site, redis_down, settings, siteverify, caplog
):
    from contact.models import EnquiryPage

    settings.ENQUIRY_RATE_LIMIT = 1
    page = EnquiryPage.objects.get()
    with caplog.at_level(logging.ERROR):
        responses = [post_enquiry(client, page) for _ in range(3)]
    assert [response.status_code for response in responses] == [302, 302, 302]
    assert Enquiry.objects.count() == 3
    assert "Cache failed during" in caplog.text and "(ConnectionError)" in caplog.text
    assert "203.0.113" not in caplog.text  # no personal data in the log
    assert "jane@example.com" not in caplog.text
