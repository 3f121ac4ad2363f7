"""Requests the site refuses get a page that says why, one log line, and never a 500."""

import io
import logging
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from contact.models import Enquiry
from tests.contact.helpers import enquiry_data

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def log_lines():
    """What the site's console log prints (the project's own handler, filters and format)."""
    console = next(handler for handler in logging.getLogger().handlers if handler.name == "console")
    printed = io.StringIO()
    previous = console.setStream(printed)
    yield lambda: printed.getvalue().splitlines()
    console.setStream(previous)


def heading_and_lead(response):
    html = BeautifulSoup(response.content.decode(), "html.parser")
    return html.h1.get_text(strip=True), html.select_one(".lead").get_text(" ", strip=True)


@pytest.mark.parametrize("charset", ["iso-8859-1", "utf-16", "windows-1252"])
@pytest.mark.parametrize("url", ["/book-a-discovery-visit/", "/admin/login/"])
def test_a_form_not_sent_as_utf8_gets_the_branded_400_and_one_log_line(clinic_site, log_lines, url, charset):
    browser = Client(enforce_csrf_checks=True)
    browser.get(url)
    response = browser.post(url, urlencode(enquiry_data()), content_type=f"{FORM}; charset={charset}")
    assert response.status_code == 400
    heading, lead = heading_and_lead(response)
    assert heading == "Sorry, we could not read that"
    assert lead.startswith(
        "Your browser sent the form in a character set our website cannot read, so nothing was saved."
    )
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    [line] = log_lines()
    assert f"WARNING django.request Form sent as '{charset}', not UTF-8: {url}" in line
    assert not Enquiry.objects.exists()


def test_a_multipart_form_declaring_latin1_is_refused_not_read_as_latin1(clinic_site, log_lines):
    body = '--XX\r\nContent-Disposition: form-data; name="full_name"\r\n\r\nZo\xeb\r\n--XX--\r\n'.encode("latin-1")
    response = Client().generic(
        "POST", "/book-a-discovery-visit/", body, content_type="multipart/form-data; boundary=XX; charset=latin-1"
    )
    assert response.status_code == 400
    assert heading_and_lead(response)[0] == "Sorry, we could not read that"
    assert len(log_lines()) == 1


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8"])
def test_a_form_declaring_utf8_in_any_spelling_is_read(clinic_site, siteverify, charset):
    response = Client().post(
        "/book-a-discovery-visit/",
        urlencode(enquiry_data(full_name="Zoë")),
        content_type=f"{FORM}; charset={charset}",
        REMOTE_ADDR="203.0.113.10",
    )
    assert response.status_code == 302
    assert Enquiry.objects.get().full_name == "Zoë"


def test_an_address_that_is_not_ours_gets_the_branded_400_and_one_log_line(clinic_site, settings, log_lines):
    settings.ALLOWED_HOSTS = ["www.bodyzest.example"]
    response = Client().get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert heading_and_lead(response) == (
        "Sorry, we could not read that",
        "This web address is not one of ours. Please check it, or go to our home page.",
    )
    assert len(log_lines()) == 1 and "DisallowedHost" in log_lines()[0]


def test_more_fields_than_the_admin_editor_uses_get_the_branded_400(clinic_site, settings, log_lines):
    fields = urlencode([(f"field-{number}", "x") for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)])
    response = Client().post("/book-a-discovery-visit/", fields, content_type=FORM)
    assert response.status_code == 400
    assert heading_and_lead(response)[1].startswith("What was sent was much larger than any of our forms takes")
    assert len(log_lines()) == 1 and "TooManyFieldsSent" in log_lines()[0]


def test_the_admin_editor_may_send_a_long_posts_thousands_of_fields(clinic_site):
    fields = urlencode([(f"field-{number}", "x") for number in range(5000)])
    response = Client(enforce_csrf_checks=True).post("/admin/login/", fields, content_type=FORM)
    assert response.status_code == 403  # read, then refused by the CSRF check: not a 400


def test_an_oversize_body_gets_the_branded_400(clinic_site, settings, log_lines):
    body = "message=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = Client().post("/book-a-discovery-visit/", body, content_type=FORM)
    assert response.status_code == 400
    assert heading_and_lead(response)[1].startswith("What was sent was much larger than any of our forms takes")
    assert len(log_lines()) == 1 and "RequestDataTooBig" in log_lines()[0]


def test_a_failed_csrf_check_explains_and_offers_the_clinics_phone_and_email(clinic_site, log_lines):
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert html.h1.get_text(strip=True) == "Your form was not sent"
    text = html.select_one("main").get_text(" ", strip=True)
    assert "cookies are blocked for this site" in text
    assert "The page was open for a long time" in text
    assert html.select_one('main a[href="tel:01632960123"]').get_text() == "01632 960 123"
    assert html.select_one('main a[href="mailto:hello@bodyzest.example"]')
    assert html.select_one('meta[name="robots"]')["content"].startswith("noindex")
    assert "private" in response["Cache-Control"]
    assert len(log_lines()) == 1 and "Forbidden (CSRF cookie not set.)" in log_lines()[0]


PAGES = [
    "/",
    "/blog/",
    "/blog/knee-pain-and-runners-knee-when-training-for-an-event/",
    "/blog/category/running/",
    "/blog/feed/rss/",
    "/blog/feed/atom/",
    "/book-a-discovery-visit/",
    "/book-a-discovery-visit/thank-you/",
    "/search/",
    "/search/?q=knee",
    "/robots.txt",
    "/sitemap.xml",
    "/admin/login/",
    "/no-such-page/",
]


@pytest.mark.parametrize("url", PAGES)
def test_head_is_answered_wherever_get_is(client, clinic_site, url):
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


@pytest.mark.parametrize("url", [*PAGES, "/admin/", "/documents/1/x.pdf", "/static/css/bodyzest.css"])
def test_trace_is_refused_everywhere(client, clinic_site, url):
    response = client.generic("TRACE", url)
    assert response.status_code == 405
    assert b"TRACE" not in response.content
