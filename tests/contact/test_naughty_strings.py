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

from .helpers import VISITOR_IP, enquiry_data

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


# Free text takes almost any answer; a name needs a letter; an email address or phone number, its format.
TEXT_FIELDS = ["message", "preferred_times", "heard_about", "full_name", "email", "phone"]
EVERY_FIELD = [*TEXT_FIELDS, "contact_method", "area_of_concern", "consent", "started", "website"]


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


def test_a_naughty_answer_in_any_text_field_is_kept_as_sent_or_refused_with_a_reason(
    enquiry_page, siteverify, settings
):
    """The form itself (the page around it is the test above): every text field at once, then the ones it kept.

    An answer the form accepts is stored as sent but for the documented normalisation and holds no
    junk; one it refuses has a message at its field. Sent through the page, 516 strings a field
    would cost minutes.
    """
    settings.ENQUIRY_RATE_LIMIT = 10**6  # one visitor sending thousands: the rate limit is not under test
    surprises = []

    def check(fields, value):
        form = EnquiryForm(enquiry_data(**{field: value for field in fields}), client_ip=VISITOR_IP)
        if not form.is_valid():
            return [field for field in fields if form.errors.get(field)] or surprises.append((value, form.errors))
        enquiry = form.save(page=enquiry_page)
        surprises.extend(
            (field, value, getattr(enquiry, field))
            for field in fields
            if getattr(enquiry, field) != kept(field, value) or junk(field, getattr(enquiry, field))
        )
        Enquiry.objects.all().delete()
        return []

    for value in NAUGHTY_STRINGS:
        refused = check(TEXT_FIELDS, value) or []
        if refused and len(refused) < len(TEXT_FIELDS):
            # The answers it did not object to must be kept when the others are good.
            if check([field for field in TEXT_FIELDS if field not in refused], value):
                surprises.append((value, "refused alone but not together"))
    assert surprises == []
