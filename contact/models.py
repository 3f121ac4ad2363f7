"""The discovery-visit enquiry page.

``EnquiryPage`` is a Wagtail page with ``RoutablePageMixin``: besides its own URL
(the form) it answers a second one, ``thank-you/``, that the form redirects to
after a successful enquiry (Post/Redirect/Get), so a refresh never sends
anything twice. What people send lives in ``enquiries.py``; its models are
imported here so that Django finds them as ``contact.models``.
"""

import html

from django.db import models
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from bodyzest.content_cache import CachedPrivacyMixin
from home.models import PLAIN_RICH_TEXT_FEATURES, SeoMixin
from home.seo import absolute_url

from .enquiries import (  # noqa: F401  (Django registers an app's models from models.py)
    ENQUIRY_READ_ACTIONS,
    MESSAGE_MAX_LENGTH,
    Enquiry,
    EnquiryNotifications,
)
from .retention import PurgeRun  # noqa: F401  (registered here too)
from .views import serve_enquiry_form, serve_thank_you


class EnquiryPage(CachedPrivacyMixin, RoutablePageMixin, SeoMixin, Page):
    """The page with the form to ask for a free discovery visit."""

    # Not a header menu item: the menu's "Book a free visit" button leads here (home's site_tags).
    show_in_main_navigation = False
    # Where "Book a free visit" leads (home's site_links finds it with the menu).
    takes_bookings = True

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
        return serve_enquiry_form(request, self)

    @path("thank-you/", name="thank_you")
    def thank_you(self, request):
        return serve_thank_you(request, self)
