"""What people send: each ``Enquiry``, and where the clinic's email about it goes.

Kept apart from the page (``models.py``) so that the form and the inbox can import
these without importing the page, whose routes call the views.

* ``Enquiry`` is a plain Django model, not a page or a snippet: staff manage
  enquiries in their own admin inbox (see ``inbox.py``). An enquiry's message is
  health data, so the model keeps no client IP address and ``str()`` gives no
  personal detail (Wagtail copies it into its audit log, which outlives the
  enquiry).
* ``EnquiryNotifications`` is a site setting, not a page field: where the
  clinic's email goes is enquiry data, changed only by people who may read
  enquiries.
"""

import datetime
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.sites import SitePermissionPolicy

MESSAGE_MAX_LENGTH = 2000

# The task worker sends an enquiry's emails seconds after it is saved; one
# still unsent this long afterwards was never queued (or the worker is down),
# and the retry command takes it. An attempt still "sending" this long after it
# began was interrupted (a send takes at most two EMAIL_SEND_DEADLINEs).
STALLED_EMAILS_AFTER = datetime.timedelta(minutes=10)


# Who may read enquiries: the inbox shows its list and each enquiry to these (contact/inbox.py).
ENQUIRY_READ_ACTIONS = ["view", "change"]


class NotificationRoutingPermissionPolicy(SitePermissionPolicy):
    """Who may change EnquiryNotifications: its own permission, and only for people who may read enquiries.

    Where the clinic's email goes decides who learns of people's enquiries, so
    holding ``contact.change_enquirynotifications`` alone (e.g. a group that
    edits pages or settings) is not enough.
    """

    def reads_enquiries(self, user):
        return ModelPermissionPolicy(Enquiry).user_has_any_permission(user, ENQUIRY_READ_ACTIONS)

    def user_has_any_permission(self, user, actions):
        return self.reads_enquiries(user) and super().user_has_any_permission(user, actions)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.reads_enquiries(user) and super().user_has_any_permission_for_instance(user, actions, instance)

    def sites_user_has_any_permission_for(self, user, actions):
        if not self.reads_enquiries(user):
            return Site.objects.none()
        return super().sites_user_has_any_permission_for(user, actions)

    def users_with_any_permission(self, actions):
        readers = ModelPermissionPolicy(Enquiry).users_with_any_permission(ENQUIRY_READ_ACTIONS)
        return super().users_with_any_permission(actions).filter(pk__in=readers.values("pk"))

    def users_with_any_permission_for_instance(self, actions, instance):
        readers = ModelPermissionPolicy(Enquiry).users_with_any_permission(ENQUIRY_READ_ACTIONS)
        return super().users_with_any_permission_for_instance(actions, instance).filter(pk__in=readers.values("pk"))


@register_setting(icon="mail")
class EnquiryNotifications(BaseSiteSetting):
    """Where the clinic is told of each enquiry, and what that email may say.

    Enquiry data, not page content: only people who may read enquiries change
    it (NotificationRoutingPermissionPolicy), and each change goes into
    Wagtail's audit log with the addresses before and after (wagtail_hooks.py).
    """

    addresses = models.TextField(
        "notification addresses",
        blank=True,
        help_text=(
            "The email addresses told about each new enquiry, one per line. Empty: the clinic's "
            "email in Settings › Clinic details."
        ),
    )
    include_area_of_concern = models.BooleanField(
        "put the area of concern in the clinic's email",
        default=False,
        help_text=(
            "The area a person chose (e.g. “Back or neck”) is health information. Off: the email says only "
            "who to call back and how, and staff read the rest in the admin. Turn it on only if everyone "
            "who can read the clinic's mailbox may see health information."
        ),
    )

    panels = [FieldPanel("addresses"), FieldPanel("include_area_of_concern")]

    class Meta:
        verbose_name = "Enquiry notifications"
        verbose_name_plural = "Enquiry notifications"

    def __str__(self):
        return "Enquiry notifications"

    @classmethod
    def get_permission_policy(cls):
        return NotificationRoutingPermissionPolicy(cls)

    @property
    def recipients(self):
        return [line.strip() for line in self.addresses.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        for address in self.recipients:
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(
                    {"addresses": f"“{address}” is not an email address. Put one address on each line."}
                ) from None


class EnquiryQuerySet(models.QuerySet):
    def emails_to_retry(self, now=None):
        """Enquiries whose emails failed, or never went, and have attempts left."""
        now = now or timezone.now()
        stalled = Q(notification_status=Enquiry.EmailStatus.PENDING, created_at__lt=now - STALLED_EMAILS_AFTER)
        return self.filter(
            Q(notification_status=Enquiry.EmailStatus.FAILED) | stalled,
            notification_attempts__lt=settings.ENQUIRY_EMAIL_MAX_ATTEMPTS,
        ).order_by("created_at", "pk")

    def interrupted(self, now=None):
        """Enquiries whose sending began long ago and never finished: a crash, or the database lost mid-way."""
        now = now or timezone.now()
        return self.filter(
            notification_status=Enquiry.EmailStatus.SENDING,
            notification_started_at__lt=now - STALLED_EMAILS_AFTER,
        ).order_by("created_at", "pk")

    def received_before(self, moment):
        return self.filter(created_at__lt=moment)


def search_key(text):
    """Text as the inbox search compares it: no accents, case, spaces or punctuation (O’Brien = obrien, Zoë = zoe)."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    return "".join(character for character in folded if character.isalnum())


def phone_key(text):
    """A phone number as the inbox search compares it: digits only, a UK number in its national form.

    07700 900123, +44 7700 900123, 0044 (0)7700 900123, 447700900123 and 07700900123 all give
    07700900123; another country's number keeps its + (+33 6 12.. and 0033 6 12..).
    """
    text = unicodedata.normalize("NFKC", text).strip()
    digits = "".join(character for character in text if character in "0123456789")
    if text.startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    elif digits.startswith("44") and len(digits) >= 12:  # a whole UK number with its country code, no +
        international = digits
    else:
        return digits
    if international.startswith("44"):
        return "0" + international[2:].removeprefix("0")
    return "+" + international if international else ""


SEARCHED_FIELDS = {"full_name", "email", "phone"}  # Enquiry.search_key is made of these


class Enquiry(models.Model):
    """One request for a discovery visit, as the person sent it, plus what staff did about it."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        BOOKED = "booked", "Booked"
        CLOSED = "closed", "Closed"

    class ContactMethod(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"

    class AreaOfConcern(models.TextChoices):
        KNEE = "knee", "Knee"
        BACK_NECK = "back-neck", "Back or neck"
        SHOULDER = "shoulder", "Shoulder"
        HIP = "hip", "Hip"
        FOOT_ANKLE = "foot-ankle", "Foot or ankle"
        SPORTS_INJURY = "sports-injury", "Sports injury"
        OTHER = "other", "Something else"

    class EmailStatus(models.TextChoices):
        PENDING = "pending", "Not sent yet"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # Never sent again automatically: it may have gone, and no one gets an email twice.
        UNKNOWN = "unknown", "Interrupted: may not have gone, contact the person yourself"

    page = models.ForeignKey(
        "contact.EnquiryPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    created_at = models.DateTimeField("received", default=timezone.now, db_index=True)

    full_name = models.CharField("full name", max_length=100)
    email = models.EmailField("email address")
    phone = models.CharField("phone number", max_length=30, blank=True)
    contact_method = models.CharField("preferred contact method", max_length=10, choices=ContactMethod.choices)
    area_of_concern = models.CharField("area of concern", max_length=20, choices=AreaOfConcern.choices, blank=True)
    message = models.TextField("what they would like help with", max_length=MESSAGE_MAX_LENGTH)
    preferred_times = models.CharField("preferred days and times", max_length=200, blank=True)
    heard_about = models.CharField("how they heard of the clinic", max_length=200, blank=True)
    consent_given_at = models.DateTimeField(
        "consent given",
        help_text="When the person ticked the box agreeing to the clinic using their health information.",
    )

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    staff_notes = models.TextField(
        blank=True,
        help_text="For clinic staff only: calls made, messages left, what was agreed.",
    )
    # A hold keeps the enquiry past ENQUIRY_RETENTION_MONTHS until released (contact/people.py, retention.py).
    hold_reason = models.CharField(
        "kept because",
        max_length=200,
        blank=True,
        help_text="Why the clinic must keep this enquiry past its deletion date. Empty: deleted on time.",
    )
    held_at = models.DateTimeField("kept since", null=True, blank=True)

    notification_status = models.CharField(
        "emails",
        max_length=10,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
        help_text=(
            "The email to the clinic and the confirmation to the person. Failed emails are tried "
            "again by a scheduled job; if they keep failing, contact the person yourself."
        ),
    )
    staff_notified_at = models.DateTimeField("clinic told", null=True, blank=True)
    acknowledged_at = models.DateTimeField("confirmation sent", null=True, blank=True)
    notification_attempts = models.PositiveIntegerField("email attempts", default=0)
    notification_started_at = models.DateTimeField("last email attempt began", null=True, blank=True)
    notification_error = models.CharField(
        "last email error",
        max_length=100,
        blank=True,
        help_text="The kind of error from the last failed attempt, e.g. SMTPServerDisconnected.",
    )
    # What the inbox search looks in (name, email, phone; never the message), kept by save().
    search_key = models.TextField(blank=True, editable=False)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "enquiry"
        verbose_name_plural = "enquiries"

    def __str__(self):
        # No name here: Wagtail's audit log keeps this label after the enquiry is purged.
        return f"Enquiry {self.pk}"

    def save(self, *args, update_fields=None, **kwargs):
        self.search_key = self.make_search_key()
        if update_fields is not None and SEARCHED_FIELDS.intersection(update_fields):
            update_fields = {*update_fields, "search_key"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def make_search_key(self):
        """Name, email and phone as search_key() and phone_key() give them, apart by spaces (which neither makes)."""
        return " ".join([search_key(self.full_name), search_key(self.email), phone_key(self.phone)])
