"""Emails about an enquiry: the clinic is told, and the person gets an acknowledgement.

``send_enquiry_emails`` runs after the enquiry is saved. A failure to send is
recorded on the enquiry (status, attempts, the error's kind), logged with the
enquiry's id only, and never raised: the person has already been told we have
their enquiry, and ``manage.py retry_enquiry_notifications`` tries again.

Neither email carries the person's message (health data does not belong in
inboxes); the clinic's email links to the enquiry in the admin instead.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from home.models import ClinicDetails

from .models import Enquiry

logger = logging.getLogger(__name__)


class NoNotificationAddress(Exception):
    """Neither the enquiry page nor the clinic's details give an address to tell."""


def send_enquiry_emails(enquiry):
    """Send whichever of the two emails has not gone yet, and record how it went."""
    clinic = clinic_details(enquiry)
    sent, errors = {}, []
    for sent_field, build in (("staff_notified_at", notification), ("acknowledged_at", acknowledgement)):
        if getattr(enquiry, sent_field) is not None:
            continue
        try:
            build(enquiry, clinic).send()
        except Exception as error:  # noqa: BLE001 - whatever the mail system does, the enquiry is kept
            errors.append(error)
        else:
            sent[sent_field] = timezone.now()

    error_name = type(errors[0]).__name__ if errors else ""
    if errors:
        logger.error("Enquiry %s: email failed (%s)", enquiry.pk, error_name)
    # update(), not save(): a member of staff may be changing the status right now.
    Enquiry.objects.filter(pk=enquiry.pk).update(
        notification_status=Enquiry.EmailStatus.FAILED if errors else Enquiry.EmailStatus.SENT,
        notification_attempts=F("notification_attempts") + 1,
        notification_error=error_name,
        **sent,
    )
    enquiry.refresh_from_db()
    return not errors


def clinic_details(enquiry):
    site = enquiry.page.get_site() if enquiry.page else Site.objects.filter(is_default_site=True).first()
    return ClinicDetails.for_site(site) if site else ClinicDetails()


def notification(enquiry, clinic):
    recipients = (enquiry.page.notification_recipients if enquiry.page else []) or [clinic.email]
    recipients = [address for address in recipients if address]
    if not recipients:
        raise NoNotificationAddress
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("enquiries:edit", args=[enquiry.pk])
    return email(
        subject=f"New discovery-visit enquiry ({enquiry.pk})",
        template="contact/emails/notification",
        context={"enquiry": enquiry, "details": contact_details(enquiry), "admin_url": admin_url},
        to=recipients,
        reply_to=[enquiry.email],
    )


def contact_details(enquiry):
    """What the clinic needs to get back to the person: everything but their message."""
    return [
        ("Name", enquiry.full_name),
        ("Email", enquiry.email),
        ("Phone", enquiry.phone),
        ("Prefers to be contacted by", enquiry.get_contact_method_display()),
        ("Preferred days and times", enquiry.preferred_times),
        ("Area of concern", enquiry.get_area_of_concern_display()),
        ("Heard about the clinic", enquiry.heard_about),
    ]


def acknowledgement(enquiry, clinic):
    return email(
        subject=f"We have your enquiry – {clinic.name}",
        template="contact/emails/acknowledgement",
        context={"enquiry": enquiry, "clinic": clinic},
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
