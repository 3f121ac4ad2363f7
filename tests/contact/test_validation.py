"""What a person sees when the form is not filled in right: the GOV.UK error pattern, input kept."""

import pytest

from contact.models import Enquiry

from .helpers import enquiry_data, error_summary_items, post_enquiry, soup

pytestmark = pytest.mark.django_db


def test_empty_form_lists_every_problem_and_links_to_each_field(client, enquiry_page, siteverify, mailoutbox):
    response = post_enquiry(client, enquiry_page, {"started": enquiry_data()["started"]})
    assert response.status_code == 200
    html = soup(response)
    assert html.title.get_text().startswith("Error: ")
    summary = html.select_one(".error-summary")
    assert summary.select_one("h2").get_text(strip=True) == "There is a problem"
    assert summary.has_attr("data-error-summary") and summary["tabindex"] == "-1"
    links = {a["href"]: a.get_text(strip=True) for a in summary.select("a")}
    assert links == {
        "#id_full_name": "Enter your full name",
        "#id_email": "Enter your email address",
        "#id_contact_method_0": "Select how you would like us to contact you",
        "#id_message": "Tell us what you would like help with",
        "#id_consent": "Tick the box to agree that we may use your health information to reply to you",
        "#id_captcha": "Tick the “I’m not a robot” box",
    }
    for href in links:
        assert html.select_one(href), f"{href} leads nowhere"
    assert not Enquiry.objects.exists()
    assert mailoutbox == []
    assert siteverify.requests == []


def test_an_errored_field_is_marked_and_described_by_its_message(client, enquiry_page, siteverify):
    html = soup(post_enquiry(client, enquiry_page, enquiry_data(email="jane.example.com")))
    email = html.select_one("#id_email")
    assert email["aria-invalid"] == "true"
    assert "id_email_error" in email["aria-describedby"].split()
    message = html.select_one("#id_email_error").get_text(" ", strip=True)
    assert message == "Error: Enter an email address in the correct format, like name@example.com"
    assert not html.select_one("#id_full_name").has_attr("aria-invalid")


def test_the_persons_input_is_kept(client, enquiry_page, siteverify):
    data = enquiry_data(consent=None, message="Sore heel\nworse in the morning")
    html = soup(post_enquiry(client, enquiry_page, data))
    assert error_summary_items_from(html) == [
        "Tick the box to agree that we may use your health information to reply to you"
    ]
    assert html.select_one("#id_full_name")["value"] == "Jane Runner"
    assert html.select_one("#id_email")["value"] == "jane@example.com"
    assert html.select_one("#id_phone")["value"] == "01632 960 456"
    assert html.select_one("#id_contact_method_1").has_attr("checked")
    assert html.select_one('input[name="area_of_concern"][value="knee"]').has_attr("checked")
    assert html.select_one("#id_message").get_text().strip() == "Sore heel\nworse in the morning"
    assert html.select_one("#id_preferred_times")["value"] == "Weekday mornings"
    assert not html.select_one("#id_consent").has_attr("checked")
    assert not Enquiry.objects.exists()


def error_summary_items_from(html):
    return [item.get_text(" ", strip=True) for item in html.select(".error-summary li")]


def test_message_may_be_2000_characters_but_no_more(client, enquiry_page, siteverify):
    too_long = post_enquiry(client, enquiry_page, enquiry_data(message="a" * 2001))
    assert error_summary_items(too_long) == ["What you would like help with must be 2,000 characters or fewer"]
    assert not Enquiry.objects.exists()

    just_right = post_enquiry(client, enquiry_page, enquiry_data(message="a" * 2000))
    assert just_right.status_code == 302
    assert len(Enquiry.objects.get().message) == 2000


@pytest.mark.parametrize(
    "phone",
    ["01632 960 123", "01632960123", "(01632) 960123", "+44 7700 900 123", "+1 (555) 010-0199", "00 33 1 23 45 67 89"],
)
def test_uk_and_international_phone_numbers_are_accepted(client, enquiry_page, siteverify, phone):
    assert post_enquiry(client, enquiry_page, enquiry_data(phone=phone)).status_code == 302
    assert Enquiry.objects.get().phone == phone


@pytest.mark.parametrize("phone", ["call me", "12345", "+44 7700 900 123 4567 890", "07700 900123 or 01632"])
def test_phone_numbers_that_cannot_be_dialled_are_refused(client, enquiry_page, siteverify, phone):
    response = post_enquiry(client, enquiry_page, enquiry_data(phone=phone))
    assert error_summary_items(response) == ["Enter a phone number, like 01632 960 123 or +44 7700 900 123"]


def test_a_phone_number_is_needed_to_be_phoned(client, enquiry_page, siteverify):
    response = post_enquiry(client, enquiry_page, enquiry_data(phone="", contact_method="phone"))
    assert error_summary_items(response) == ["Enter a phone number, or choose email as the way we contact you"]
    assert soup(response).select_one(".error-summary a")["href"] == "#id_phone"


def test_xss_in_the_form_is_shown_as_text(client, enquiry_page, siteverify):
    payload = '<script>alert("x")</script>'
    response = post_enquiry(client, enquiry_page, enquiry_data(full_name=payload, message=payload, consent=None))
    body = response.content.decode()
    assert payload not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


@pytest.mark.parametrize("name", ["Jane\r\nBcc: victim@example.org", "Jane\nRunner", "Jane\rRunner"])
def test_line_breaks_in_the_name_are_refused(client, enquiry_page, siteverify, mailoutbox, name):
    response = post_enquiry(client, enquiry_page, enquiry_data(full_name=name))
    assert error_summary_items(response) == ["Enter your full name without line breaks"]
    assert not Enquiry.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "email", ["jane@example.com\r\nBcc: victim@example.org", "jane@example.com\nCc: x@example.org"]
)
def test_line_breaks_in_the_email_address_are_refused(client, enquiry_page, siteverify, mailoutbox, email):
    response = post_enquiry(client, enquiry_page, enquiry_data(email=email))
    assert error_summary_items(response) == ["Enter an email address in the correct format, like name@example.com"]
    assert not Enquiry.objects.exists()
    assert mailoutbox == []


def test_over_long_short_answers_are_refused(client, enquiry_page, siteverify):
    response = post_enquiry(client, enquiry_page, enquiry_data(full_name="J" * 101, preferred_times="x" * 201))
    assert error_summary_items(response) == [
        "Full name must be 100 characters or fewer",
        "Preferred days and times must be 200 characters or fewer",
    ]


def test_a_line_break_counts_as_one_character_as_the_counter_shows(client, enquiry_page, siteverify):
    # Browsers send a textarea's line breaks as CR LF.
    response = post_enquiry(client, enquiry_page, enquiry_data(message="a" * 1000 + "\r\n" + "b" * 999))
    assert response.status_code == 302
    assert Enquiry.objects.get().message == "a" * 1000 + "\n" + "b" * 999
