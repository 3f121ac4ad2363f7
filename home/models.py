"""Site-wide models: the home page, plain content pages and the clinic's details."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

# Rich text features offered to staff on simple pages: enough to write well,
# not enough to break the design.
PLAIN_RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


@register_setting(icon="site")
class ClinicDetails(BaseSiteSetting):
    """The clinic's contact details, edited once and shown in every page's footer.

    The loader fills these with clearly fake stand-ins (a phone number from
    Ofcom's drama range, an address at a reserved example domain): staff must
    replace them before the site goes live.
    """

    name = models.CharField(max_length=100, default="Body Zest", help_text="The clinic's name as readers see it.")
    address = models.TextField(
        blank=True,
        help_text="Postal address, one line per row, as it should appear in the footer.",
    )
    phone = models.CharField(
        max_length=40,
        blank=True,
        help_text="Phone number as people should dial it, e.g. 01737 123456.",
    )
    email = models.EmailField(blank=True, help_text="The address the public may write to.")
    opening_hours = models.TextField(
        blank=True,
        help_text="One line per row, e.g. “Monday to Friday: 8am–7pm”.",
    )
    booking_link = models.URLField(
        blank=True,
        help_text="An external online booking page, if the clinic uses one. Leave empty if not.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("opening_hours"),
        FieldPanel("booking_link"),
    ]

    class Meta:
        verbose_name = "Clinic details"

    @property
    def phone_href(self):
        """The phone number as a tel: link target (digits and a leading + only)."""
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""

    @property
    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def opening_hours_lines(self):
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]


class HomePage(Page):
    """The site root: a welcome, the call to book a discovery visit, the latest posts."""

    hero_heading = models.CharField(
        max_length=120,
        help_text="The large heading at the top of the home page (the page's only h1).",
    )
    hero_text = models.TextField(
        blank=True,
        help_text="One or two sentences under the heading: who the clinic helps and how.",
    )
    call_to_action_label = models.CharField(
        max_length=60,
        default="Book a free discovery visit",
        help_text="Words on the home page's main button.",
    )
    call_to_action_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "The page the main button opens, normally the discovery-visit enquiry page. "
            "Leave empty to send people to the clinic's contact details."
        ),
    )
    body = RichTextField(
        blank=True,
        features=PLAIN_RICH_TEXT_FEATURES,
        help_text="Optional text shown between the welcome and the latest posts.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text")],
            heading="Welcome",
        ),
        MultiFieldPanel(
            [FieldPanel("call_to_action_label"), FieldPanel("call_to_action_page")],
            heading="Call to action",
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage", "home.StandardPage", "contact.EnquiryPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from blog.models import BlogPage

        context = super().get_context(request, *args, **kwargs)
        context["latest_posts"] = BlogPage.objects.published().for_listing().newest_first()[
            : settings.HOME_LATEST_POSTS
        ]
        return context

    @property
    def call_to_action_target(self):
        """The live page the main button opens, or None to fall back to the contact details."""
        target = self.call_to_action_page
        if target is not None and target.live:
            return target
        return None


class StandardPage(Page):
    """A plain page of text, such as the privacy notice or "About the clinic"."""

    introduction = models.TextField(
        blank=True,
        help_text="A short opening paragraph, shown larger than the text below it.",
    )
    body = RichTextField(
        features=PLAIN_RICH_TEXT_FEATURES,
        help_text="The page's text. Use headings (h2, h3) to break up long pages.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "standard page"
