"""The cheap defences, each before any request to Google: honeypot, time trap, rate limit."""

import socket
import time
import uuid

import pytest
from django.core import signing
from django.core.cache import cache

from contact.models import Enquiry
from contact.spam import FORM_START_SALT, check_form_start, sign_form_start

from .helpers import enquiry_data, error_summary_items, post_enquiry, soup

pytestmark = pytest.mark.django_db

PLEASE_SEND_AGAIN = "This form has expired. Please check your answers and send it again."
TOO_QUICK = "The form was sent too quickly. Please check your answers and send it again."


def test_a_filled_honeypot_looks_like_success_but_nothing_is_kept(client, enquiry_page, siteverify, mailoutbox):
    response = post_enquiry(client, enquiry_page, enquiry_data(website="https://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == "/book-a-discovery-visit/thank-you/"
    assert not Enquiry.objects.exists()
    assert mailoutbox == []
    assert siteverify.requests == []


def test_a_form_sent_within_three_seconds_is_refused(client, enquiry_page, siteverify):
    response = post_enquiry(client, enquiry_page, enquiry_data(seconds_on_form=1))
    assert error_summary_items(response) == [TOO_QUICK]
    assert soup(response).select_one("#id_full_name")["value"] == "Jane Runner"
    assert not Enquiry.objects.exists()
    assert siteverify.requests == []


def test_a_form_three_seconds_old_is_accepted(client, enquiry_page, siteverify):
    assert post_enquiry(client, enquiry_page, enquiry_data(seconds_on_form=3)).status_code == 302


@pytest.mark.parametrize(
    "started",
    [
        "",
        "1700000000",  # unsigned
        "1700000000:forged-signature",
        signing.Signer(salt="another-form").sign(str(int(time.time()) - 60)),
        signing.Signer(salt=FORM_START_SALT).sign("not-a-time"),
    ],
    # Named, not shown: a signed value differs from one test process to the next (pytest -n).
    ids=["missing", "unsigned", "forged", "signed-for-another-form", "not-a-time"],
)
def test_a_missing_or_forged_timestamp_is_refused(client, enquiry_page, siteverify, started):
    response = post_enquiry(client, enquiry_page, enquiry_data(started=started))
    assert error_summary_items(response) == [PLEASE_SEND_AGAIN]
    assert not Enquiry.objects.exists()
    assert siteverify.requests == []


def test_a_form_left_open_for_hours_is_refused_and_what_was_written_is_kept(client, enquiry_page, siteverify):
    data = enquiry_data(seconds_on_form=4 * 60 * 60 + 1)
    response = post_enquiry(client, enquiry_page, data)
    assert error_summary_items(response) == [PLEASE_SEND_AGAIN]
    assert not Enquiry.objects.exists()
    assert soup(response).select_one("#id_message").get_text().strip() == data["message"].strip()
    assert soup(response).select_one("#id_full_name")["value"] == data["full_name"]


def test_the_time_trap_counts_fractions_of_a_second():
    """ENQUIRY_FORM_MIN_SECONDS is 3: a form sent 2.5 s after it was shown is a robot's, even across a whole second."""
    shown_at = 1_800_000_000.9
    started = sign_form_start(at=shown_at)
    assert check_form_start(started, now=shown_at + 2.5) == "too-fast"
    assert check_form_start(started, now=shown_at + 3.1) is None


def test_after_a_refused_timestamp_the_form_can_be_sent_again(client, enquiry_page, siteverify):
    response = post_enquiry(client, enquiry_page, enquiry_data(started="forged"))
    fresh = soup(response).select_one('input[name="started"]')["value"]
    assert check_form_start(fresh, now=time.time() + 10) is None  # valid once a person has read the form


def test_the_form_shown_to_a_person_carries_a_valid_timestamp(client, enquiry_page):
    started = soup(client.get(enquiry_page.url)).select_one('input[name="started"]')["value"]
    assert check_form_start(started, now=time.time() + 5) is None
    assert check_form_start(started, now=time.time()) == "too-fast"


def test_the_sixth_enquiry_in_an_hour_from_one_address_is_refused(client, enquiry_page, siteverify):
    for _ in range(5):
        assert post_enquiry(client, enquiry_page, ip="198.51.100.7").status_code == 302
    verify_calls = len(siteverify.requests)

    sixth = post_enquiry(client, enquiry_page, ip="198.51.100.7")
    assert error_summary_items(sixth) == [
        "You have sent several enquiries in the last hour. Please try again later, or call us on 01632 960 123."
    ]
    assert soup(sixth).select_one("#id_message").get_text().strip().startswith("My knee hurts")
    assert Enquiry.objects.count() == 5
    assert len(siteverify.requests) == verify_calls

    assert post_enquiry(client, enquiry_page, ip="198.51.100.8").status_code == 302
    assert Enquiry.objects.count() == 6


def test_a_spoofed_forwarded_for_header_changes_nothing(client, enquiry_page, siteverify):
    for n in range(5):
        response = post_enquiry(client, enquiry_page, ip="198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert response.status_code == 302
    assert {request["remoteip"] for request in siteverify.requests} == {"198.51.100.7"}

    sixth = post_enquiry(client, enquiry_page, ip="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert sixth.status_code == 200
    assert Enquiry.objects.count() == 5


def test_a_trusted_proxy_header_names_the_visitor(client, enquiry_page, siteverify, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    varnish, terminator = "10.0.0.2", "10.0.0.1"
    for n in range(5):
        # The visitor wrote the first entry; the terminator appended the visitor's address, Varnish the terminator's.
        forwarded = f"192.0.2.{n}, 198.51.100.7, {terminator}"
        assert post_enquiry(client, enquiry_page, ip=varnish, HTTP_X_FORWARDED_FOR=forwarded).status_code == 302
    assert {request["remoteip"] for request in siteverify.requests} == {"198.51.100.7"}
    sixth = f"198.51.100.7, {terminator}"
    assert post_enquiry(client, enquiry_page, ip=varnish, HTTP_X_FORWARDED_FOR=sixth).status_code == 200
    other = f"198.51.100.8, {terminator}"
    assert post_enquiry(client, enquiry_page, ip=varnish, HTTP_X_FORWARDED_FOR=other).status_code == 302


def test_an_unusable_proxy_header_falls_back_to_the_connection_address(client, enquiry_page, siteverify, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    post_enquiry(client, enquiry_page, ip="198.51.100.7", HTTP_X_REAL_IP="not-an-address")
    post_enquiry(client, enquiry_page, ip="198.51.100.9")
    assert [request["remoteip"] for request in siteverify.requests] == ["198.51.100.7", "198.51.100.9"]


def test_the_limit_and_its_window_come_from_settings(client, enquiry_page, siteverify, settings):
    settings.ENQUIRY_RATE_LIMIT = 1
    settings.ENQUIRY_RATE_LIMIT_WINDOW = 1
    assert post_enquiry(client, enquiry_page).status_code == 302
    assert post_enquiry(client, enquiry_page).status_code == 200
    time.sleep(1.1)
    assert post_enquiry(client, enquiry_page).status_code == 302


def redis_is_running():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis on 127.0.0.1:6379")
@pytest.mark.xdist_group("redis")  # Redis's db 15 is shared with tests/deploy/test_redis.py
def test_the_rate_limit_works_through_redis(client, enquiry_page, siteverify, settings):
    """Production keeps the counters in Redis, shared by every server process."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"bodyzest-test-{uuid.uuid4().hex}",
        }
    }
    try:
        for _ in range(5):
            assert post_enquiry(client, enquiry_page).status_code == 302
        assert post_enquiry(client, enquiry_page).status_code == 200
        assert post_enquiry(client, enquiry_page, ip="198.51.100.8").status_code == 302
    finally:
        cache.clear()


def test_ipv6_addresses_are_counted_by_their_64_bit_network(client, enquiry_page, siteverify, settings):
    """One connection gets a whole /64: otherwise each address would have its own limit."""
    settings.ENQUIRY_RATE_LIMIT = 2
    assert post_enquiry(client, enquiry_page, ip="2001:db8:1:2::10").status_code == 302
    assert post_enquiry(client, enquiry_page, ip="2001:db8:1:2::11").status_code == 302
    assert post_enquiry(client, enquiry_page, ip="2001:db8:1:2:ffff::1").status_code == 200
    assert post_enquiry(client, enquiry_page, ip="2001:db8:1:3::10").status_code == 302
