"""Admin sign-in is throttled per username and address (django-axes), through Wagtail's own login view."""

import datetime

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-pass-phrase"
ATTACKER = "198.51.100.7"
STAFF_DESK = "203.0.113.20"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def sign_in(client, password, ip):
    return client.post("/admin/login/", {"username": "editor", "password": password}, REMOTE_ADDR=ip)


def test_repeated_failures_lock_that_username_at_that_address_with_a_visible_message(client, editor):
    for _ in range(2):
        assert sign_in(client, "wrong", ATTACKER).status_code == 200  # the form again, with its error
    response = sign_in(client, "wrong", ATTACKER)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    # Even the right password is refused there during the pause.
    assert sign_in(client, PASSWORD, ATTACKER).status_code == 429


def test_an_attacker_cannot_lock_staff_out_from_their_own_address(client, editor):
    for _ in range(5):
        sign_in(client, "wrong", ATTACKER)
    response = sign_in(client, PASSWORD, STAFF_DESK)
    assert response.status_code == 302 and response.url == "/admin/"


def test_the_pause_ends_after_the_cool_off(client, editor):
    for _ in range(3):
        sign_in(client, "wrong", ATTACKER)
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    assert sign_in(client, PASSWORD, ATTACKER).status_code == 302
