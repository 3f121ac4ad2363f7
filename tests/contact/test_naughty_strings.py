"""The Big List of Naughty Strings through every field of the enquiry form.

Each string is an answer's whole value (tests/data/blns.txt, MIT licence beside it). Whatever
comes, the page answers (never a 5xx); an enquiry that is kept holds exactly what was sent, but
for the normalisation documented in contact/README.md ("What is stored"); one that is refused
says why, and nothing is kept. No kept answer holds junk: an unreadable or control character,
or a name without a letter.
"""

import unicodedata
from pathlib import Path
from urllib.parse import urlencode

import pytest

from contact.forms import EnquiryForm
from contact.models import Enquiry

from .helpers import VISITOR_IP, enquiry_data, error_summary_items

pytestmark = pytest.mark.django_db

BLNS = Path(__file__).resolve().parent.parent / "data" / "blns.txt"
NAUGHTY_STRINGS = [line for line in BLNS.read_text(encoding="utf-8").split("\n") if line and not line.startswith("#")]


# What the enquiry keeps of each answer: Django strips spaces (str.strip) at both ends, and a
# message's line breaks are stored as LF. Nothing else is changed.
def kept(field, sent):
    stored = sent.strip()
    return stored.replace("\r\n", "\n").replace("\r", "\n") if field == "message" else stored


def junk(field, stored):
    """What no kept answer may hold: an unreadable character, a control character (a message may have line
    breaks and tabs), or, for a name, no letter at all."""
    allowed = "\n\t" if field == "message" else ""
    if "\ufffd" in stored or any(unicodedata.category(c) == "Cc" and c not in allowed for c in stored):
        return True
    return field == "full_name" and not any(unicodedata.category(c).startswith("L") for c in stored)


FREE_TEXT = ["message", "preferred_times", "heard_about"]  # take almost any text: sent three at a time
STRICT = ["full_name", "email", "phone"]  # a name needs a letter; an email address or phone number, its format
EVERY_FIELD = [*FREE_TEXT, *STRICT, "contact_method", "area_of_concern", "consent", "started", "website"]


def test_the_list_is_the_whole_list():
    assert len(NAUGHTY_STRINGS) > 500
    assert (BLNS.parent / "blns-LICENSE").read_text().startswith("The MIT License")


@pytest.fixture
def send(client, enquiry_page, siteverify, settings):
    """Post the form as a browser does (urlencoded UTF-8), with these answers in place of a good enquiry's."""
    settings.ENQUIRY_RATE_LIMIT = 10**6  # one visitor sending thousands: the rate limit is not under test

    def post(**answers):
        body = urlencode(enquiry_data(**answers))
        response = client.post(
            enquiry_page.url, body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR=VISITOR_IP
        )
        enquiry = Enquiry.objects.first()
        Enquiry.objects.all().delete()
        return response, enquiry

    return post


def test_naughty_strings_in_every_field_at_once_are_answered_and_nothing_is_kept(send):
    surprises = []
    for value in NAUGHTY_STRINGS:
        answers = {field: value for field in EVERY_FIELD} | {"g-recaptcha-response": value}
        response, enquiry = send(**answers)
        if response.status_code >= 500 or enquiry is not None:
            surprises.append((value, response.status_code))
    assert surprises == []


def test_naughty_free_text_is_kept_as_sent_or_refused_with_a_reason(send):
    surprises = []
    for value in NAUGHTY_STRINGS:
        response, enquiry = send(**{field: value for field in FREE_TEXT})
        if response.status_code == 302 and enquiry is not None:
            surprises += [
                (field, value, getattr(enquiry, field))
                for field in FREE_TEXT
                if getattr(enquiry, field) != kept(field, value) or junk(field, getattr(enquiry, field))
            ]
            continue
        for field in FREE_TEXT:  # refused: which answer, and why, one at a time
            response, enquiry = send(**{field: value})
            if response.status_code == 302:
                if (
                    enquiry is None
                    or getattr(enquiry, field) != kept(field, value)
                    or junk(field, getattr(enquiry, field))
                ):
                    surprises.append((field, value, enquiry and getattr(enquiry, field)))
            elif response.status_code != 200 or enquiry is not None or not error_summary_items(response):
                surprises.append((field, value, response.status_code))
    assert surprises == []


@pytest.mark.parametrize("field", STRICT)
def test_a_naughty_name_email_or_phone_is_kept_as_sent_or_refused_with_a_reason(
    enquiry_page, siteverify, settings, field
):
    """The form itself, without the page around it (the page is the test above): 516 renders a field would cost a minute."""
    settings.ENQUIRY_RATE_LIMIT = 10**6
    surprises = []
    for value in NAUGHTY_STRINGS:
        form = EnquiryForm(enquiry_data(**{field: value}), client_ip=VISITOR_IP)
        if form.is_valid():
            stored = getattr(form.save(page=enquiry_page), field)
            if stored != kept(field, value) or junk(field, stored):
                surprises.append((value, stored))
        elif not form.errors.get(field):
            surprises.append((value, form.errors))
        Enquiry.objects.all().delete()
    assert surprises == []
