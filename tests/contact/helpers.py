"""Builders for enquiry tests: a valid submission, and sending it as a browser would."""

import time

from bs4 import BeautifulSoup
from django.utils import timezone

from contact.models import Enquiry
from contact.spam import sign_form_start

VISITOR_IP = "203.0.113.10"


def enquiry_data(seconds_on_form=30, **overrides):
    """Form data a person would send after `seconds_on_form` seconds on the page."""
    data = {
        "full_name": "Jane Runner",
        "email": "jane@example.com",
        "phone": "01632 960 456",
        "contact_method": "phone",
        "area_of_concern": "knee",
        "message": "My knee hurts on long runs, on the outside, for about six weeks.",
        "preferred_times": "Weekday mornings",
        "heard_about": "A friend",
        "consent": "on",
        "website": "",
        "started": sign_form_start(at=time.time() - seconds_on_form),
        "g-recaptcha-response": "token-from-the-widget",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def post_enquiry(client, page, data=None, ip=VISITOR_IP, **extra):
    return client.post(page.url, data if data is not None else enquiry_data(), REMOTE_ADDR=ip, **extra)


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def error_summary_items(response):
    """The messages in the "There is a problem" box, as a person reads them."""
    box = soup(response).select_one(".error-summary")
    return [item.get_text(" ", strip=True) for item in box.select("li")] if box else []


def make_enquiry(page=None, **fields):
    """An enquiry as the form would have saved it (emails not yet sent)."""
    values = {
        "page": page,
        "full_name": "Sam Walker",
        "email": "sam@example.com",
        "contact_method": Enquiry.ContactMethod.EMAIL,
        "message": "Stiff neck.",
        "consent_given_at": timezone.now(),
    }
    values.update(fields)
    return Enquiry.objects.create(**values)
