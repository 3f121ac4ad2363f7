"""Nothing lost: the enquiry is saved first; then the clinic is told and the person thanked by email."""

import datetime
import html
import io
import logging
import unicodedata

import pytest
from django.core.management import call_command
from django.utils import timezone

from contact.models import Enquiry, EnquiryNotifications
from home.models import ClinicDetails

from .helpers import enquiry_data, make_enquiry, post_enquiry

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.contact.mail_backends.FailingEmailBackend"
LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def emails_by_recipient(mailoutbox):
    return {message.to[0]: message for message in mailoutbox}


def html_part(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_the_clinic_is_told_only_who_to_call_back(client, enquiry_page, siteverify, mailoutbox):
    post_enquiry(client, enquiry_page)
    enquiry = Enquiry.objects.get()
    notification = emails_by_recipient(mailoutbox)["hello@bodyzest.example"]

    assert notification.subject == f"New discovery-visit enquiry ({enquiry.pk})"
    assert notification.reply_to == ["jane@example.com"]
    admin_link = f"http://testserver/admin/enquiries/edit/{enquiry.pk}/"
    assert "Name: Jane Runner" in notification.body
    assert "Contact by phone: 01632 960 456" in notification.body
    assert "Preferred days and times: Weekday mornings" in notification.body
    for body in (notification.body, html_part(notification)):
        for detail in ("Jane Runner", "01632 960 456", "Weekday mornings", admin_link):
            assert detail in body
        # Their health (message, area of concern) and what the clinic does not need to call back.
        for left_out in ("My knee hurts", "Knee", "knee", "Area of concern", "A friend"):
            assert left_out not in body


def test_a_person_who_prefers_email_is_to_be_written_to(client, enquiry_page, siteverify, mailoutbox):
    post_enquiry(client, enquiry_page, enquiry_data(contact_method="email"))
    assert "Contact by email: jane@example.com" in emails_by_recipient(mailoutbox)["hello@bodyzest.example"].body


def test_the_area_of_concern_is_told_only_when_the_clinic_lead_chose_it(client, enquiry_page, siteverify, mailoutbox):
    routing = EnquiryNotifications.for_site(enquiry_page.get_site())
    routing.include_area_of_concern = True
    routing.save()

    post_enquiry(client, enquiry_page)

    notification = emails_by_recipient(mailoutbox)["hello@bodyzest.example"]
    assert "Area of concern: Knee" in notification.body
    assert "Knee" in html_part(notification)
    assert "My knee hurts" not in notification.body


def test_the_person_gets_an_acknowledgement(client, enquiry_page, siteverify, mailoutbox):
    post_enquiry(client, enquiry_page)
    acknowledgement = emails_by_recipient(mailoutbox)["jane@example.com"]
    assert acknowledgement.subject == "We have your enquiry – Body Zest"
    assert acknowledgement.reply_to == ["hello@bodyzest.example"]
    for body in (acknowledgement.body, html_part(acknowledgement)):
        assert "Dear Jane Runner" in body
        assert "01632 960 123" in body
        for typed in ("My knee hurts", "Weekday mornings", "01632 960 456", "A friend", "Knee"):
            assert typed not in body


@pytest.mark.parametrize("name", ["Siobhán O'Brien-Smith", "Zoë D’Arcy", "Zoe\u0308 Lane", "Nguyễn Thị Lan"])
def test_a_plain_name_is_greeted(client, enquiry_page, siteverify, mailoutbox, name):
    post_enquiry(client, enquiry_page, enquiry_data(full_name=name))
    acknowledgement = emails_by_recipient(mailoutbox)["jane@example.com"]
    greeting = unicodedata.normalize("NFC", name)
    assert acknowledgement.body.startswith(f"Dear {greeting},")
    assert f"Dear {html.escape(greeting)}," in html_part(acknowledgement)


SPAM_NAMES = [
    "Cheap pills at http://spam.example",
    "Win £500 now",
    "Call 0800 123 456",
    "win@spam.example",
    "Jane. Visit spam.example",
    "<b>Jane</b>",
    "Jane\u202eelgoog",  # a right-to-left override turns what follows around
    "Jane\u200fRunner",
]
# "Jane\u2028Visit us" and "- '" never reach an email: the form refuses a name with a line break or no letter
# (test_unreadable_input.py).


@pytest.mark.parametrize("name", SPAM_NAMES)
def test_anything_else_in_the_name_gets_a_plain_greeting(client, enquiry_page, siteverify, mailoutbox, name):
    post_enquiry(client, enquiry_page, enquiry_data(full_name=name))
    assert Enquiry.objects.get().full_name  # the enquiry itself keeps what they typed
    acknowledgement = emails_by_recipient(mailoutbox)["jane@example.com"]
    for body in (acknowledgement.body, html_part(acknowledgement)):
        assert "Hello," in body and "Dear" not in body
        for word in ("spam", "pills", "500", "0800", "Jane", "Visit", "elgoog"):
            assert word not in body


def test_emails_record_their_success(client, enquiry_page, siteverify, mailoutbox):
    post_enquiry(client, enquiry_page)
    enquiry = Enquiry.objects.get()
    assert enquiry.notification_status == Enquiry.EmailStatus.SENT
    assert enquiry.staff_notified_at and enquiry.acknowledged_at
    assert enquiry.notification_attempts == 1
    assert enquiry.notification_error == ""


def test_xss_in_an_enquiry_is_escaped_in_the_emails(client, enquiry_page, siteverify, mailoutbox):
    payload = '<img src=x onerror="alert(1)">'
    post_enquiry(client, enquiry_page, enquiry_data(full_name=payload, preferred_times=payload))
    staff = emails_by_recipient(mailoutbox)["hello@bodyzest.example"]
    assert payload not in html_part(staff)
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html_part(staff)
    assert staff.content_subtype == "plain"  # the text part is plain text, shown as written
    acknowledgement = emails_by_recipient(mailoutbox)["jane@example.com"]
    assert "img" not in html_part(acknowledgement) and "img" not in acknowledgement.body  # not repeated at all


def test_no_name_or_health_detail_goes_into_subject_lines(client, enquiry_page, siteverify, mailoutbox):
    post_enquiry(client, enquiry_page)
    for message in mailoutbox:
        assert "Jane" not in message.subject and "knee" not in message.subject.lower()


def test_with_the_mail_server_down_the_enquiry_is_kept_and_the_person_thanked(
    client, enquiry_page, siteverify, settings, caplog
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    response = post_enquiry(client, enquiry_page)

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    enquiry = Enquiry.objects.get()
    assert enquiry.full_name == "Jane Runner"
    assert enquiry.notification_status == Enquiry.EmailStatus.FAILED
    assert enquiry.notification_error == "SMTPServerDisconnected"
    assert enquiry.notification_attempts == 1
    errors = [record.getMessage() for record in caplog.records if record.levelno == logging.ERROR]
    assert errors == [f"Enquiry {enquiry.pk}: email failed (SMTPServerDisconnected)"]


def test_the_retry_command_sends_what_failed(client, enquiry_page, siteverify, settings, mailoutbox):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    post_enquiry(client, enquiry_page)
    settings.EMAIL_BACKEND = LOCMEM_BACKEND

    out = io.StringIO()
    call_command("retry_enquiry_notifications", stdout=out)

    enquiry = Enquiry.objects.get()
    assert enquiry.notification_status == Enquiry.EmailStatus.SENT
    assert enquiry.notification_attempts == 2
    assert sorted(message.to[0] for message in mailoutbox) == ["hello@bodyzest.example", "jane@example.com"]
    assert "1 enquiry: emails sent for 1, still failing for 0." in out.getvalue()

    call_command("retry_enquiry_notifications", stdout=io.StringIO())
    assert len(mailoutbox) == 2


def test_the_retry_command_sends_only_the_email_that_failed(enquiry_page, mailoutbox):
    enquiry = make_enquiry(
        enquiry_page, notification_status=Enquiry.EmailStatus.FAILED, staff_notified_at=timezone.now()
    )
    call_command("retry_enquiry_notifications", stdout=io.StringIO())
    assert [message.to for message in mailoutbox] == [[enquiry.email]]


def test_the_retry_command_picks_up_emails_a_crash_left_unsent(enquiry_page, mailoutbox):
    stalled = make_enquiry(enquiry_page, created_at=timezone.now() - datetime.timedelta(minutes=30))
    just_saved = make_enquiry(enquiry_page)  # its request is still sending
    call_command("retry_enquiry_notifications", stdout=io.StringIO())
    stalled.refresh_from_db()
    just_saved.refresh_from_db()
    assert stalled.notification_status == Enquiry.EmailStatus.SENT
    assert just_saved.notification_status == Enquiry.EmailStatus.PENDING


def test_the_retry_command_gives_up_after_the_configured_attempts(enquiry_page, settings, mailoutbox):
    settings.ENQUIRY_EMAIL_MAX_ATTEMPTS = 3
    make_enquiry(enquiry_page, notification_status=Enquiry.EmailStatus.FAILED, notification_attempts=3)
    call_command("retry_enquiry_notifications", stdout=io.StringIO())
    assert mailoutbox == []


def test_the_retry_command_reports_what_still_fails(enquiry_page, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    make_enquiry(enquiry_page, notification_status=Enquiry.EmailStatus.FAILED)
    out, err = io.StringIO(), io.StringIO()
    call_command("retry_enquiry_notifications", stdout=out, stderr=err)
    assert "1 enquiry: emails sent for 0, still failing for 1." in out.getvalue()
    assert "Enquiry" in err.getvalue() and "SMTPServerDisconnected" in err.getvalue()


def test_staff_notifications_go_to_the_clinic_email_staff_set_in_settings(client, enquiry_page, siteverify, mailoutbox):
    # The loaded site, then staff replace the stand-in email in Settings › Clinic details.
    details = ClinicDetails.objects.get()
    details.email = "reception@bodyzest-clinic.example"
    details.save()

    post_enquiry(client, enquiry_page)

    notification = emails_by_recipient(mailoutbox)["reception@bodyzest-clinic.example"]
    assert notification.subject.startswith("New discovery-visit enquiry")
    assert "hello@bodyzest.example" not in emails_by_recipient(mailoutbox)


def test_without_notification_addresses_the_clinic_email_is_used(client, enquiry_page, siteverify, mailoutbox):
    assert EnquiryNotifications.for_site(enquiry_page.get_site()).recipients == []  # as the loader leaves it
    post_enquiry(client, enquiry_page)
    assert "hello@bodyzest.example" in emails_by_recipient(mailoutbox)


def test_notification_addresses_replace_the_clinic_email(client, enquiry_page, siteverify, mailoutbox):
    routing = EnquiryNotifications.for_site(enquiry_page.get_site())
    routing.addresses = "lead@bodyzest-clinic.example\n\n  reception@bodyzest-clinic.example \n"
    routing.save()
    post_enquiry(client, enquiry_page)
    [notification] = [message for message in mailoutbox if message.subject.startswith("New discovery-visit")]
    assert notification.to == ["lead@bodyzest-clinic.example", "reception@bodyzest-clinic.example"]
