"""Input the form cannot store as the person meant it is refused, naming the field; nothing is stored as junk."""

import re
from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.test import Client

from contact.models import Enquiry

from .helpers import VISITOR_IP, enquiry_data, error_summary_items, post_enquiry, soup

pytestmark = pytest.mark.django_db

UNREADABLE = {
    "full_name": "Full name contains a character that could not be read (shown as \ufffd). Type it again",
    "email": "Email address contains a character that could not be read (shown as \ufffd). Type it again",
    "phone": "Phone number contains a character that could not be read (shown as \ufffd). Type it again",
    "message": "What you would like help with contains a character that could not be read (shown as \ufffd). Type it again",
    "preferred_times": "Preferred days and times contains a character that could not be read (shown as \ufffd). Type it again",
    "heard_about": "How you heard about us contains a character that could not be read (shown as \ufffd). Type it again",
}
CONTROLS_IN_MESSAGE = (
    "What you would like help with contains invisible control characters, which can come with copied text."
    " Type it again rather than pasting it"
)


def post_raw(client, page, body):
    """Send a form body byte for byte, as a browser with a broken encoder (or a robot) would."""
    return client.post(page.url, body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR=VISITOR_IP)


@pytest.mark.parametrize("field", sorted(UNREADABLE))
def test_bytes_that_are_not_utf8_are_refused_naming_the_field(client, enquiry_page, siteverify, field):
    data = enquiry_data()
    data[field] = "Zo"  # the Latin-1 byte for ë follows: what a browser set to Latin-1 would send
    body = urlencode(data).replace(f"{field}=Zo", f"{field}=Zo" + quote_from_bytes("ë".encode("latin-1")))
    response = post_raw(client, enquiry_page, body)
    assert response.status_code == 200
    assert error_summary_items(response) == [UNREADABLE[field]]
    assert not Enquiry.objects.exists()


def test_a_name_that_is_not_utf8_is_shown_back_to_be_typed_again(client, enquiry_page, siteverify):
    body = urlencode(enquiry_data()).replace("full_name=Jane+Runner", "full_name=Zo%EB+Runner")
    html = soup(post_raw(client, enquiry_page, body))
    assert html.select_one("#id_full_name")["value"] == "Zo\ufffd Runner"
    assert html.select_one("#id_email")["value"] == "jane@example.com"


@pytest.mark.parametrize("name", ["\u200b", "\ufeff", "\ufffe", "\u200b\u200b \ufeff", "123", "🙂", "- '"])
def test_a_name_must_contain_a_letter(client, enquiry_page, siteverify, name):
    response = post_enquiry(client, enquiry_page, enquiry_data(full_name=name))
    assert error_summary_items(response) == ["Enter your full name using letters"]
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize("name", ["Zoë Ó Briain", "李小龍", "Đặng Thị", "محمد", "J"])
def test_names_in_any_script_are_taken_as_written(client, enquiry_page, siteverify, name):
    assert post_enquiry(client, enquiry_page, enquiry_data(full_name=name)).status_code == 302
    assert Enquiry.objects.get().full_name == name


@pytest.mark.parametrize(
    "message",
    ["Knee\x07 hurts", "Knee hurts\x1f", "\x1bKnee hurts", "Knee\x00hurts", "Knee\x0bhurts", "Knee\x85hurts", "\x7f"],
)
def test_control_characters_in_the_message_are_refused_not_removed(client, enquiry_page, siteverify, message):
    response = post_enquiry(client, enquiry_page, enquiry_data(message=message))
    assert error_summary_items(response) == [CONTROLS_IN_MESSAGE]
    assert not Enquiry.objects.exists()


def test_line_breaks_and_tabs_in_the_message_are_kept(client, enquiry_page, siteverify):
    message = "Left knee:\tsore\r\nRight knee:\tfine\rSince May\u2028(six weeks)"
    assert post_enquiry(client, enquiry_page, enquiry_data(message=message)).status_code == 302
    assert Enquiry.objects.get().message == "Left knee:\tsore\nRight knee:\tfine\nSince May\u2028(six weeks)"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("full_name", "Jane\x07Runner", "Full name contains invisible control characters"),
        ("full_name", "Jane Runner\x1f", "Full name contains invisible control characters"),
        ("full_name", "Jane\u2028Visit us", "Enter your full name without line breaks"),
        ("preferred_times", "Mornings\tor evenings", "Preferred days and times contains invisible control characters"),
        ("heard_about", "A friend\x0c", "Enter your answer without line breaks"),
        ("email", '"\x01"@example.com', "Enter an email address in the correct format"),
        ("phone", "01632\x00960456", "Enter a phone number, like"),
    ],
)
def test_control_characters_in_one_line_answers_are_refused(client, enquiry_page, siteverify, field, value, error):
    response = post_enquiry(client, enquiry_page, enquiry_data(**{field: value}))
    [message] = error_summary_items(response)
    assert message.startswith(error)
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize("value", ["0", "off", "false", "no", "", "yes", "ON", "1"])
def test_consent_counts_only_from_the_boxs_own_value(client, enquiry_page, siteverify, value):
    response = post_enquiry(client, enquiry_page, enquiry_data(consent=value))
    assert error_summary_items(response) == [
        "Tick the box to agree that we may use your health information to reply to you"
    ]
    assert not soup(response).select_one("#id_consent").has_attr("checked")
    assert not Enquiry.objects.exists()


def test_a_ticked_box_is_consent(client, enquiry_page, siteverify):
    assert post_enquiry(client, enquiry_page, enquiry_data(consent="on")).status_code == 302
    assert Enquiry.objects.get().consent_given_at is not None


def test_a_failed_csrf_check_gives_the_form_back_with_what_was_written(enquiry_page, siteverify, settings, mailoutbox):
    browser = Client(enforce_csrf_checks=True)  # cookies blocked: the form's token has no cookie to match
    data = enquiry_data(message="Sore heel\nworse in the morning", area_of_concern="foot-ankle")
    response = post_enquiry(browser, enquiry_page, data)
    assert response.status_code == 403
    assert response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    html = soup(response)
    notice = html.select_one(".error-summary")
    assert notice.select_one("h2").get_text(strip=True) == "Your enquiry was not sent"
    text = notice.get_text(" ", strip=True)
    assert "cookies are blocked" in text and "open for a long time" in text
    assert "01632 960 123" in text and "hello@bodyzest.example" in text
    assert html.select_one("#id_full_name")["value"] == "Jane Runner"
    assert html.select_one("#id_email")["value"] == "jane@example.com"
    assert html.select_one("#id_message").get_text().strip() == "Sore heel\nworse in the morning"
    assert html.select_one('input[name="area_of_concern"][value="foot-ankle"]').has_attr("checked")
    assert html.select_one("#id_consent").has_attr("checked")
    assert not Enquiry.objects.exists()
    assert mailoutbox == []

    # The page gave a cookie and a fresh token: with cookies allowed, sending it again works.
    settings.ENQUIRY_FORM_MIN_SECONDS = 0
    again = {field["name"]: field.get("value", "") for field in html.select("form.enquiry-form input[type=hidden]")}
    resent = post_enquiry(browser, enquiry_page, {**data, **again})
    assert resent.status_code == 302
    assert Enquiry.objects.get().message == "Sore heel\nworse in the morning"


def test_a_failed_csrf_check_never_ticks_consent_for_a_value_that_is_not_the_boxs(enquiry_page, siteverify):
    response = post_enquiry(Client(enforce_csrf_checks=True), enquiry_page, enquiry_data(consent="0"))
    assert response.status_code == 403
    assert not soup(response).select_one("#id_consent").has_attr("checked")


def test_the_page_says_the_form_was_not_sent_in_its_title(enquiry_page, siteverify):
    response = post_enquiry(Client(enforce_csrf_checks=True), enquiry_page)
    assert re.match(r"Error: ", soup(response).title.get_text())
