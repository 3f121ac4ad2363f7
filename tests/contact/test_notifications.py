"""Nothing lost: the enquiry is saved first; then the clinic is told and the person thanked by email."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone

from contact.models import Enquiry
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


def test_the_clinic_is_told_without_the_health_message(client, enquiry_page, siteverify, mailoutbox):
    post_enquiry(client, enquiry_page)
    enquiry = Enquiry.objects.get()
    notification = emails_by_recipient(mailoutbox)["hello@bodyzest.example"]

    assert notification.subject == f"New discovery-visit enquiry ({enquiry.pk})"
    assert notification.reply_to == ["jane@example.com"]
    admin_link = f"http://testserver/admin/enquiries/edit/{enquiry.pk}/"
    for body in (notification.body, html_part(notification)):
        for detail in ("Jane Runner", "jane@example.com", "01632 960 456", "Phone", "Weekday mornings", "Knee", admin_link):
            assert detail in body
        assert "My knee hurts" not in body


def test_the_person_gets_an_acknowledgement(client, enquiry_page, siteverify, mailoutbox):
    post_enquiry(client, enquiry_page)
    acknowledgement = emails_by_recipient(mailoutbox)["jane@example.com"]
    assert acknowledgement.subject == "We have your enquiry – Body Zest"
    assert acknowledgement.reply_to == ["hello@bodyzest.example"]
    for body in (acknowledgement.body, html_part(acknowledgement)):
        assert "Dear Jane Runner" in body
        assert "01632 960 123" in body
        assert "My knee hurts" not in body


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
    for message in mailoutbox:
        html = html_part(message)
        assert payload not in html
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
        assert message.content_subtype == "plain"  # the text part is plain text, shown as written


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
    enquiry = make_enquiry(enquiry_page, notification_status=Enquiry.EmailStatus.FAILED, staff_notified_at=timezone.now())
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
    enquiry_page.notification_addresses = ""
    enquiry_page.save_revision().publish()
    post_enquiry(client, enquiry_page)
    assert "hello@bodyzest.example" in emails_by_recipient(mailoutbox)

