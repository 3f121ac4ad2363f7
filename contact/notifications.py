"""Emails about an enquiry: the clinic is told, and the person gets an acknowledgement.

The visitor's request only queues them (``queue_enquiry_emails``): the task
worker sends them (contact/tasks.py), so a slow or hung mail server never
delays the thank-you page. A failure to send is recorded on the enquiry
(status, attempts, the error's kind), logged with the enquiry's id only, and
``manage.py retry_enquiry_notifications`` tries again.

No email goes twice: an attempt first claims the enquiry (status "sending"),
and each email is recorded the moment it has gone. An attempt cut off in
between (a crash, the database lost) is marked "unknown" by the retry command
and never sent again: staff see it and contact the person themselves.

Neither email carries the person's message (health data does not belong in
inboxes): the clinic's email says who to call back and how, and links to the
enquiry in the admin (the area of concern only if Settings › Enquiry
notifications says so); the acknowledgement repeats only a plain name.
"""

import logging
import re
import unicodedata

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from home.models import ClinicDetails

from .enquiries import Enquiry, EnquiryNotifications

logger = logging.getLogger(__name__)


class NoNotificationAddress(Exception):
    """Neither Settings › Enquiry notifications nor the clinic's details give an address to tell."""


def queue_enquiry_emails(enquiry):
    """Hand a just-committed enquiry's emails to the task worker.

    If the queue cannot take them (the database lost again), the enquiry is
    still safe and pending: the retry command sends them once it is
    STALLED_EMAILS_AFTER old. The person is told we have it either way.
    """
    from .tasks import send_enquiry_emails_task

    try:
        send_enquiry_emails_task.enqueue(enquiry.pk)
    except DatabaseError as error:
        logger.error(
            "Enquiry %s: emails not queued (%s), the retry command will send them", enquiry.pk, type(error).__name__
        )


def send_enquiry_emails(enquiry):
    """Send whichever of the two emails has not gone yet, and record how it went.

    True when both have gone, False when one failed, None when another sender
    holds the enquiry (or it is done). Database errors are raised: what went
    stays recorded, and the claim keeps it from being sent again.
    """
    if not claim(enquiry):
        return None
    clinic = clinic_details(enquiry)
    errors = []
    for sent_field, build in (("staff_notified_at", notification), ("acknowledged_at", acknowledgement)):
        if getattr(enquiry, sent_field) is not None:
            continue
        try:
            build(enquiry, clinic).send()
        except Exception as error:  # noqa: BLE001 - whatever the mail system does, the enquiry is kept
            errors.append(error)
        else:
            # Recorded at once, before anything else can fail: this email never goes again.
            Enquiry.objects.filter(pk=enquiry.pk).update(**{sent_field: timezone.now()})

    error_name = type(errors[0]).__name__ if errors else ""
    if errors:
        logger.error("Enquiry %s: email failed (%s)", enquiry.pk, error_name)
    # update(), not save(): a member of staff may be changing the status right now.
    Enquiry.objects.filter(pk=enquiry.pk).update(
        notification_status=Enquiry.EmailStatus.FAILED if errors else Enquiry.EmailStatus.SENT,
        notification_error=error_name,
    )
    enquiry.refresh_from_db()
    return not errors


def claim(enquiry):
    """Take the enquiry for one sending attempt, if no one else has it and something is left to send."""
    claimed = Enquiry.objects.filter(
        pk=enquiry.pk, notification_status__in=[Enquiry.EmailStatus.PENDING, Enquiry.EmailStatus.FAILED]
    ).update(
        notification_status=Enquiry.EmailStatus.SENDING,
        notification_started_at=timezone.now(),
        notification_attempts=F("notification_attempts") + 1,
    )
    enquiry.refresh_from_db()
    return claimed == 1


def settle_interrupted(enquiry):
    """An attempt that never finished: "sent" if both emails are recorded, otherwise "unknown" (never resent)."""
    both_sent = enquiry.staff_notified_at is not None and enquiry.acknowledged_at is not None
    status = Enquiry.EmailStatus.SENT if both_sent else Enquiry.EmailStatus.UNKNOWN
    Enquiry.objects.filter(pk=enquiry.pk, notification_status=Enquiry.EmailStatus.SENDING).update(
        notification_status=status, notification_error="" if both_sent else "Interrupted"
    )
    enquiry.refresh_from_db()
    return both_sent


def enquiry_site(enquiry):
    return enquiry.page.get_site() if enquiry.page else Site.objects.filter(is_default_site=True).first()


def clinic_details(enquiry):
    site = enquiry_site(enquiry)
    return ClinicDetails.for_site(site) if site else ClinicDetails()


def notification(enquiry, clinic):
    site = enquiry_site(enquiry)
    routing = EnquiryNotifications.for_site(site) if site else EnquiryNotifications()
    recipients = [address for address in (routing.recipients or [clinic.email]) if address]
    if not recipients:
        raise NoNotificationAddress
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("enquiries:edit", args=[enquiry.pk])
    return email(
        subject=f"New discovery-visit enquiry ({enquiry.pk})",
        template="contact/emails/notification",
        context={"enquiry": enquiry, "details": call_back_details(enquiry, routing), "admin_url": admin_url},
        to=recipients,
        reply_to=[enquiry.email],
    )


def call_back_details(enquiry, routing):
    """Who to call back and how: nothing of their health unless the clinic lead chose the area of concern."""
    contact = (
        enquiry.phone if enquiry.contact_method == Enquiry.ContactMethod.PHONE and enquiry.phone else enquiry.email
    )
    details = [
        ("Name", enquiry.full_name),
        (f"Contact by {enquiry.get_contact_method_display().lower()}", contact),
        ("Preferred days and times", enquiry.preferred_times),
    ]
    if routing.include_area_of_concern:
        details.append(("Area of concern", enquiry.get_area_of_concern_display()))
    return details


# A name made only of letters, spaces, hyphens and apostrophes: anything else
# (a link, digits, punctuation) is not repeated to the address given, so the
# form cannot relay someone's text to a stranger's inbox.
PLAIN_NAME = re.compile(r"(?:[^\W\d_]|[ '’-])+")


def greeting_name(full_name):
    """The name to greet the person by, or "" for a plain greeting."""
    name = unicodedata.normalize("NFC", full_name.strip())  # "Zoë" typed as e + diaeresis is still letters
    return name if PLAIN_NAME.fullmatch(name) and any(char.isalpha() for char in name) else ""


def acknowledgement(enquiry, clinic):
    return email(
        subject=f"We have your enquiry – {clinic.name}",
        template="contact/emails/acknowledgement",
        context={"name": greeting_name(enquiry.full_name), "enquiry": enquiry, "clinic": clinic},
        to=[enquiry.email],
        reply_to=[clinic.email] if clinic.email else None,
    )


def email(subject, template, context, to, reply_to):
    """A plain-text email with an HTML alternative (autoescaped like any page)."""
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"{template}.txt", context), to=to, reply_to=reply_to
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message
