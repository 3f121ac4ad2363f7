"""The discovery-visit enquiry: the page people fill in, and what they send.

* ``EnquiryPage`` is a Wagtail page with ``RoutablePageMixin``: besides its own
  URL (the form) it answers a second one, ``thank-you/``, that the form
  redirects to after a successful enquiry (Post/Redirect/Get), so a refresh
  never sends anything twice.
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
import html

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.sites import SitePermissionPolicy

from bodyzest.content_cache import CachedPrivacyMixin
from home.models import PLAIN_RICH_TEXT_FEATURES, SeoMixin
from home.seo import absolute_url

MESSAGE_MAX_LENGTH = 2000

# The task worker sends an enquiry's emails seconds after it is saved; one
# still unsent this long afterwards was never queued (or the worker is down),
# and the retry command takes it. An attempt still "sending" this long after it
# began was interrupted (a send takes at most two EMAIL_SEND_DEADLINEs).
STALLED_EMAILS_AFTER = datetime.timedelta(minutes=10)


class EnquiryPage(CachedPrivacyMixin, RoutablePageMixin, SeoMixin, Page):
    """The page with the form to ask for a free discovery visit."""

    # Not a header menu item: the menu's "Book a free visit" button leads here (home's site_tags).
    show_in_main_navigation = False

    heading = models.CharField(
        max_length=120,
        help_text="The large heading at the top of the page, e.g. “Book a free discovery visit”.",
    )
    introduction = RichTextField(
        blank=True,
        features=PLAIN_RICH_TEXT_FEATURES,
        help_text="A few sentences above the form: what the visit is and what happens after someone writes.",
    )
    thank_you_heading = models.CharField(
        max_length=120,
        default="Thank you, we have your enquiry",
        help_text="The heading people see after sending the form.",
    )
    thank_you_text = RichTextField(
        features=PLAIN_RICH_TEXT_FEATURES,
        help_text="What happens next, shown after someone sends the form. The clinic's phone number is added below it.",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The privacy notice linked from the consent box.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("heading"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("thank_you_heading"), FieldPanel("thank_you_text")],
            heading="After sending",
        ),
        FieldPanel("privacy_page"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "discovery-visit enquiry page"

    # What the page tells search engines (SeoMixin): its thank-you page speaks for itself.

    def get_meta_title(self, context):
        return self.thank_you_heading if context.get("is_thank_you") else super().get_meta_title(context)

    def get_meta_description(self, context):
        return self.search_description or html.unescape(strip_tags(self.introduction))

    def get_canonical_url(self, request, context):
        if context.get("is_thank_you"):
            return absolute_url(request, self.thank_you_url)
        return super().get_canonical_url(request, context)

    def get_structured_data(self, request, metadata, context):
        return [self.breadcrumbs(request)]

    @property
    def privacy_target(self):
        """The live privacy notice, or None while there is none to link to."""
        page = self.privacy_page
        return page if page is not None and page.live else None

    @property
    def thank_you_url(self):
        return self.url + self.reverse_subpage("thank_you")

    @path("")
    def enquiry_form(self, request):
        from .views import serve_enquiry_form

        return serve_enquiry_form(request, self)

    @path("thank-you/", name="thank_you")
    def thank_you(self, request):
        from .views import serve_thank_you

        return serve_thank_you(request, self)


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

    page = models.ForeignKey(EnquiryPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries")
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

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "enquiry"
        verbose_name_plural = "enquiries"

    def __str__(self):
        # No name here: Wagtail's audit log keeps this label after the enquiry is purged.
        return f"Enquiry {self.pk}"
