"""Site-wide models: the home page, plain content pages, the clinic's details and SEO."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index

from bodyzest.content_cache import CachedPrivacyMixin, any_view_restrictions, remembered

from .seo import PageMetadata, SocialImage, summarise
from .structured_data import breadcrumb_list, clinic_details

# Rich text features offered to staff on simple pages: enough to write well,
# not enough to break the design.
PLAIN_RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


def tel_href(phone):
    """A phone number as a tel: link target (digits and a leading + only), or "" if it has no digits."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if digits else ""


def text_lines(text):
    """The non-empty lines of a text box staff fill in one item a line (address, hours, registrations)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@register_setting(icon="site")
class ClinicDetails(BaseSiteSetting):
    """The clinic's contact details, edited once and shown in every page's footer.

    The loader fills these with clearly fake stand-ins (a phone number from
    Ofcom's drama range, an address at a reserved example domain): staff must
    replace them before the site goes live. Its trust signals (registrations,
    insurers, visit length, reply time) are not known: they start empty, and
    every page leaves out what is unset.
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
    # Trust signals: what a person wants to know before trusting the clinic with their body.
    professional_registrations = models.TextField(
        blank=True,
        help_text=(
            "The registrations and memberships the clinic's physiotherapists hold, one per line, as readers "
            "should see them, e.g. “Our physiotherapists are registered with the Health and Care Professions "
            "Council (HCPC)”, “Members of the Chartered Society of Physiotherapy (CSP)”. Leave empty to say nothing."
        ),
    )
    insurers = models.TextField(
        "insurers accepted",
        blank=True,
        help_text="Health insurers whose patients the clinic treats, one per line, e.g. “Bupa”. Leave empty to say nothing.",
    )
    visit_length_minutes = models.PositiveSmallIntegerField(
        "visit length (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
        help_text="How long a visit usually lasts, e.g. 45: shown as “Visits last 45 minutes”. Leave empty to say nothing.",
    )
    reply_within_working_days = models.PositiveSmallIntegerField(
        "reply time (working days)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=(
            "Within how many working days the clinic answers an enquiry, e.g. 1: shown as “We reply within one "
            "working day”. Leave empty to say nothing."
        ),
    )
    default_social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "The picture shown when a page without its own picture is shared on social media, and "
            "the clinic's picture for search engines: a photo of the clinic or its logo, at least "
            "1200×630 pixels, important parts in the middle."
        ),
    )
    privacy_notice = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The privacy notice linked at the foot of every page (left out while it is unpublished).",
    )
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The accessibility statement linked at the foot of every page (left out while it is unpublished).",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("opening_hours"),
        FieldPanel("booking_link"),
        MultiFieldPanel(
            [
                FieldPanel("professional_registrations"),
                FieldPanel("insurers"),
                FieldPanel("visit_length_minutes"),
                FieldPanel("reply_within_working_days"),
            ],
            heading="What to expect (shown on the home and enquiry pages)",
        ),
        FieldPanel("default_social_image"),
        MultiFieldPanel(
            [FieldPanel("privacy_notice"), FieldPanel("accessibility_statement")],
            heading="Footer links",
        ),
    ]

    class Meta:
        verbose_name = "Clinic details"

    @classmethod
    def for_request(cls, request):
        """The details for the request's site, remembered until content changes (bodyzest.content_cache)."""
        attr = cls.get_cache_attr_name()
        if not hasattr(request, attr) and Site.find_for_request(request) is not None:
            setattr(
                request,
                attr,
                remembered("site", "clinic-details", lambda: cls.for_site(Site.find_for_request(request))),
            )
        return super().for_request(request)

    @property
    def phone_href(self):
        return tel_href(self.phone)

    @property
    def address_lines(self):
        return text_lines(self.address)

    @property
    def opening_hours_lines(self):
        return text_lines(self.opening_hours)

    @property
    def registration_lines(self):
        return text_lines(self.professional_registrations)

    @property
    def insurer_names(self):
        return text_lines(self.insurers)

    @property
    def trust_signals(self):
        """The sentences of "What to expect", from what staff filled in; empty while nothing is set."""
        lines = []
        if days := self.reply_within_working_days:
            lines.append(f"We reply within {'one working day' if days == 1 else f'{days} working days'}")
        if self.visit_length_minutes:
            lines.append(f"Visits last {self.visit_length_minutes} minutes")
        lines += self.registration_lines
        if insurers := self.insurer_names:
            named = insurers[0] if len(insurers) == 1 else f"{', '.join(insurers[:-1])} and {insurers[-1]}"
            lines.append(f"We accept health insurance from {named}")
        return lines

    def social_image(self, request):
        image = self.default_social_image
        return SocialImage.of(image, request, alt=image.default_alt_text) if image else None


class SeoMixin(models.Model):
    """What a page tells search engines and social sites: mixed into every page type.

    ``get_metadata`` gathers it for ``templates/components/meta.html``. A page
    type adjusts it through the small methods below: where its description comes
    from, its picture, its structured data (JSON-LD). ``context`` is what the
    page's view gives its template, so a listing can describe the page of it
    being shown.
    """

    noindex = models.BooleanField(
        "hide from search engines",
        default=False,
        help_text=(
            "Tick for a page search engines should not list, such as a thank-you page. "
            "It is also left out of the sitemap."
        ),
    )

    promote_panels = Page.promote_panels + [FieldPanel("noindex")]

    #: The field that describes the page when staff leave "meta description" empty.
    description_field = "introduction"
    og_type = "website"

    class Meta:
        abstract = True

    def get_metadata(self, request, context):
        clinic = ClinicDetails.for_request(request)
        metadata = PageMetadata(
            title=self.get_meta_title(context),
            site_name=clinic.name,
            description=summarise(self.get_meta_description(context)),
            canonical_url=self.get_canonical_url(request, context),
            og_type=self.og_type,
            image=self.get_social_image(request) or clinic.social_image(request),
            noindex=self.noindex,
        )
        metadata.structured_data = self.get_structured_data(request, metadata, context)
        return metadata

    def get_meta_title(self, context):
        """The page's name for search engines; the site's name is added after it."""
        return self.seo_title or self.title

    def get_meta_description(self, context):
        return self.search_description or getattr(self, self.description_field, "")

    def get_canonical_url(self, request, context):
        """The one absolute address of this content, whatever query string it was asked with."""
        return self.get_full_url(request) or ""

    def get_social_image(self, request):
        """This page's own picture for social sites; None uses the clinic's default picture."""
        return None

    def get_structured_data(self, request, metadata, context):
        """JSON-LD about the page, as a list of dicts."""
        return []

    def breadcrumb_trail(self, request):
        """(title, absolute url) of the site's home page, each page below it, and this page.

        The pages above are remembered until content changes (bodyzest.content_cache);
        this page's own title is always its current one (a preview's, say).
        """
        site = Site.find_for_request(request)

        def ancestors():
            if site is not None and self.pk == site.root_page_id:
                return []
            above = _routed_through(self, site) or list(
                Page.objects.ancestor_of(self).filter(depth__gte=2).order_by("depth")
            )
            ids = [page.pk for page in above]
            if site is not None and site.root_page_id in ids:
                above = above[ids.index(site.root_page_id) :]
            return [(page.title, page.get_full_url(request)) for page in above]

        above = remembered("path", f"breadcrumbs:{self.pk}", ancestors) if self.pk else []
        return [*above, (self.title, self.get_full_url(request))]

    def breadcrumbs(self, request, *after):
        """A ``BreadcrumbList`` down to this page, then to any (name, url) pairs ``after`` it."""
        return breadcrumb_list([*self.breadcrumb_trail(request), *after])

    def get_sitemap_urls(self, request=None):
        return [] if self.noindex else super().get_sitemap_urls(request)


def _routed_through(page, site):
    """The pages Wagtail's ``route()`` passed through from the site's root to ``page``, top first; [] if not routed.

    Each page it routes to keeps the page it came from as treebeard's
    ``_cached_parent_obj``: on a cold render, the trail costs no query.
    """
    above = []
    while (parent := page.__dict__.get("_cached_parent_obj")) is not None:
        above.insert(0, parent)
        if site is not None and parent.pk == site.root_page_id:
            return above
        page = parent
    return []


class HomePage(CachedPrivacyMixin, SeoMixin, Page):  # noqa: DJ008  (Page gives __str__: the title)
    """The site root: a welcome, the call to book a discovery visit, the latest posts ({% latest_posts %}, blog_tags)."""

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
            "The page the main button opens. Leave empty for the discovery-visit enquiry "
            "page (or, while there is none, the clinic's contact details)."
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

    search_fields = Page.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage", "home.StandardPage", "contact.EnquiryPage"]
    max_count = 1

    description_field = "hero_text"

    class Meta:
        verbose_name = "home page"

    def get_meta_title(self, context):
        return self.seo_title or "Physiotherapy in Banstead, Surrey"

    def get_structured_data(self, request, metadata, context):
        # The home page has no picture of its own: metadata.image is the clinic's.
        return [clinic_details(ClinicDetails.for_request(request), request, image=metadata.image)]

    @property
    def call_to_action_target(self):
        """The live, public page staff chose for the main button, or None for the booking link."""
        target = self.call_to_action_page
        if target is None or not target.live:
            return None
        if any_view_restrictions() and target.get_view_restrictions().exists():
            return None
        return target


class StandardPage(CachedPrivacyMixin, SeoMixin, Page):  # noqa: DJ008  (Page gives __str__: the title)
    """A plain page of text, such as the privacy notice or "About the clinic"."""

    introduction = models.TextField(
        blank=True,
        help_text="A short opening paragraph, shown larger than the text below it.",
    )
    body = RichTextField(
        features=PLAIN_RICH_TEXT_FEATURES,
        help_text=(
            "The page's text. Use headings (h2, h3) to break up long pages. These words in braces show "
            "the clinic's details as they are now: {clinic name}, {clinic address}, {clinic email}, "
            "{clinic phone}, {enquiry retention period}; a list item whose detail is empty is left out."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]

    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "standard page"
