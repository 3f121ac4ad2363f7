"""reCAPTCHA verification over a real socket, against a local fake of Google's siteverify.

Whatever Google (or the network) does, the person sees the form again with a
clear message and their answers, nothing is stored, and there is never a 500.
"""

import logging
import time

import pytest

from contact.models import Enquiry

from .helpers import VISITOR_IP, enquiry_data, error_summary_items, post_enquiry, soup

pytestmark = pytest.mark.django_db

COULD_NOT_CHECK = "We could not check the form just now. Please try again, or call us on 01632 960 123."
NOT_CONFIRMED = "We could not confirm that you are not a robot. Please try again, or call us on 01632 960 123."


def assert_refused_with(response, message):
    assert response.status_code == 200
    assert error_summary_items(response) == [message]
    html = soup(response)
    assert html.select_one("#id_full_name")["value"] == "Jane Runner"
    assert html.select_one("#id_message").get_text().strip().startswith("My knee hurts")
    assert not Enquiry.objects.exists()


def assert_logged_without_personal_data(caplog, level, *expected):
    records = [record for record in caplog.records if record.name.startswith("contact")]
    assert [record.levelno for record in records] == [level]
    line = records[0].getMessage()
    for fragment in expected:
        assert fragment in line
    data = enquiry_data()
    for personal in ("Jane", "jane@example.com", "01632 960 456", "knee", VISITOR_IP, data["g-recaptcha-response"]):
        assert personal not in line


def test_a_verified_enquiry_is_stored(client, enquiry_page, siteverify, settings):
    assert post_enquiry(client, enquiry_page).status_code == 302
    assert Enquiry.objects.count() == 1
    [request] = siteverify.requests
    assert request == {
        "path": "/recaptcha/api/siteverify",
        "secret": settings.RECAPTCHA_PRIVATE_KEY,
        "response": "token-from-the-widget",
        "remoteip": VISITOR_IP,
    }


def test_a_rejected_token_is_refused(client, enquiry_page, siteverify, caplog):
    siteverify.reply_with({"success": False, "error-codes": ["timeout-or-duplicate"]})
    with caplog.at_level(logging.INFO):
        response = post_enquiry(client, enquiry_page)
    assert_refused_with(response, NOT_CONFIRMED)
    assert_logged_without_personal_data(caplog, logging.WARNING, "timeout-or-duplicate")


def test_google_answering_with_a_server_error(client, enquiry_page, siteverify, caplog):
    siteverify.reply_with({"error": "internal"}, status=500)
    response = post_enquiry(client, enquiry_page)
    assert_refused_with(response, COULD_NOT_CHECK)
    assert_logged_without_personal_data(caplog, logging.ERROR, "HTTPError", "500")


def test_google_answering_too_slowly(client, enquiry_page, siteverify, settings, caplog):
    settings.RECAPTCHA_VERIFY_REQUEST_TIMEOUT = 1
    siteverify.reply_with({"success": True}, delay=3)
    response = post_enquiry(client, enquiry_page)
    assert_refused_with(response, COULD_NOT_CHECK)
    assert_logged_without_personal_data(caplog, logging.ERROR, "reCAPTCHA verification failed")
    # The read timeout and the total deadline are both 1 s here: either may cut first.
    assert "TimeoutError" in caplog.text or "DeadlineExceeded" in caplog.text


def test_google_unreachable(client, enquiry_page, caplog):
    # No siteverify fixture: RECAPTCHA_DOMAIN points at a closed port.
    response = post_enquiry(client, enquiry_page)
    assert_refused_with(response, COULD_NOT_CHECK)
    assert_logged_without_personal_data(caplog, logging.ERROR, "URLError", "ConnectionRefusedError")


def test_google_name_not_found(client, enquiry_page, settings, caplog):
    settings.RECAPTCHA_DOMAIN = "siteverify.bodyzest.invalid"  # .invalid never resolves (RFC 2606)
    response = post_enquiry(client, enquiry_page)
    assert_refused_with(response, COULD_NOT_CHECK)
    assert_logged_without_personal_data(caplog, logging.ERROR, "URLError", "gaierror")


def test_google_certificate_not_trusted(client, enquiry_page, siteverify, monkeypatch, caplog):
    monkeypatch.delenv("SSL_CERT_FILE")
    response = post_enquiry(client, enquiry_page)
    assert_refused_with(response, COULD_NOT_CHECK)
    assert_logged_without_personal_data(caplog, logging.ERROR, "URLError", "SSLCertVerificationError")


@pytest.mark.parametrize("reply", [b"<html>Service unavailable</html>", b'{"score": 0.9}', b"[]", b"null"])
def test_google_answering_with_something_other_than_a_verdict(client, enquiry_page, siteverify, caplog, reply):
    siteverify.reply_with(reply)
    response = post_enquiry(client, enquiry_page)
    assert_refused_with(response, COULD_NOT_CHECK)
    assert_logged_without_personal_data(caplog, logging.ERROR, "reCAPTCHA")


def test_without_a_token_the_person_is_asked_to_tick_the_box(client, enquiry_page, siteverify):
    response = post_enquiry(client, enquiry_page, enquiry_data(**{"g-recaptcha-response": ""}))
    assert_refused_with(response, "Tick the “I’m not a robot” box")
    assert siteverify.requests == []


DID_NOT_LOAD = (
    "The security check did not load, so the form cannot be sent yet. A browser extension, a firewall or the "
    "connection may be blocking it. Choose “Try again” above the “Send enquiry” button, or call us on "
    "01632 960 123 or email hello@bodyzest.example."
)
BOX_MISSING = {"g-recaptcha-response": "", "captcha-script-unavailable": "yes"}  # as the page's script sends it


def test_when_googles_box_never_appeared_the_person_is_told_why_and_how_else_to_reach_us(
    client, enquiry_page, siteverify
):
    response = post_enquiry(client, enquiry_page, enquiry_data(**BOX_MISSING))
    assert_refused_with(response, DID_NOT_LOAD)
    assert siteverify.requests == []
    note = soup(response).select_one("#id_captcha .recaptcha-unavailable")
    assert not note.has_attr("hidden")  # shown at once, where the box would be
    assert note.find("a", href="tel:01632960123") and note.find("a", href="mailto:hello@bodyzest.example")
    assert note.find("button", string="Try again")


def test_saying_the_box_never_appeared_is_no_way_round_the_check(client, enquiry_page, siteverify):
    """The flag changes only the words: without a token nothing is stored, and a token is still verified."""
    no_token = enquiry_data(**{**BOX_MISSING, "g-recaptcha-response": None})
    assert_refused_with(post_enquiry(client, enquiry_page, no_token), DID_NOT_LOAD)
    siteverify.reply_with({"success": False, "error-codes": ["invalid-input-response"]})
    with_token = enquiry_data(**{**BOX_MISSING, "g-recaptcha-response": "forged"})
    assert_refused_with(post_enquiry(client, enquiry_page, with_token), NOT_CONFIRMED)
    assert [request["response"] for request in siteverify.requests] == ["forged"]


def test_the_note_waits_hidden_while_the_box_may_still_load(client, enquiry_page):
    note = soup(client.get(enquiry_page.url)).select_one("#id_captcha .recaptcha-unavailable")
    assert note.has_attr("hidden")


@pytest.fixture
def recaptcha_v3(settings):
    settings.RECAPTCHA_VERSION = "v3"
    settings.RECAPTCHA_REQUIRED_SCORE = 0.5
    settings.RECAPTCHA_ACTION = "enquiry"


def v3_enquiry():
    return enquiry_data(**{"g-recaptcha-response": None, "captcha": "v3-token"})


def test_v3_a_good_score_for_the_right_action_passes(client, enquiry_page, siteverify, recaptcha_v3):
    siteverify.reply_with({"success": True, "score": 0.9, "action": "enquiry"})
    assert post_enquiry(client, enquiry_page, v3_enquiry()).status_code == 302
    assert siteverify.requests[0]["response"] == "v3-token"


def test_v3_a_low_score_is_refused(client, enquiry_page, siteverify, recaptcha_v3, caplog):
    siteverify.reply_with({"success": True, "score": 0.2, "action": "enquiry"})
    response = post_enquiry(client, enquiry_page, v3_enquiry())
    assert_refused_with(response, NOT_CONFIRMED)
    assert_logged_without_personal_data(caplog, logging.WARNING, "0.2")


def test_v3_a_token_for_another_action_is_refused(client, enquiry_page, siteverify, recaptcha_v3, caplog):
    siteverify.reply_with({"success": True, "score": 0.9, "action": "login"})
    response = post_enquiry(client, enquiry_page, v3_enquiry())
    assert_refused_with(response, NOT_CONFIRMED)
    assert_logged_without_personal_data(caplog, logging.WARNING, "login")


def test_v3_without_a_token_the_person_is_asked_to_try_again(client, enquiry_page, siteverify, recaptcha_v3):
    response = post_enquiry(client, enquiry_page, enquiry_data(**{"g-recaptcha-response": None}))
    assert_refused_with(response, "The security check did not finish. Please try again, or call us on 01632 960 123.")


def test_v2_invisible_passes_with_a_verified_token(client, enquiry_page, siteverify, settings):
    settings.RECAPTCHA_VERSION = "v2-invisible"
    assert post_enquiry(client, enquiry_page).status_code == 302


def test_google_trickling_its_answer_is_cut_off_at_the_deadline(client, enquiry_page, siteverify, settings, caplog):
    """Each byte arrives well within the per-read timeout; the whole answer would take minutes."""
    from tests.faults import FaultyProxy

    settings.RECAPTCHA_VERIFY_REQUEST_TIMEOUT = 2
    host, port = siteverify.domain.split(":")
    with FaultyProxy((host, int(port)), mode="trickle", trickle_seconds=0.5) as proxy:
        settings.RECAPTCHA_DOMAIN = f"localhost:{proxy.port}"
        started = time.monotonic()
        response = post_enquiry(client, enquiry_page)
        seconds = time.monotonic() - started
    assert seconds < 3
    assert_refused_with(response, COULD_NOT_CHECK)
    assert_logged_without_personal_data(caplog, logging.ERROR, "DeadlineExceeded")
