"""What a page tells search engines and social sites about itself.

``PageMetadata`` is everything ``templates/components/meta.html`` writes into a
page's ``<head>``: title, description, canonical address, Open Graph and
Twitter card tags, robots and JSON-LD. Pages build theirs with
``SeoMixin.get_metadata`` (home/models.py); views that are not pages, such as
the site search, build one directly.

Every address here is absolute and comes from the Wagtail ``Site`` that
answers the request, so a site set up on port 443 gives ``https://`` addresses
even behind a proxy that speaks plain HTTP to Django.
"""

import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

logger = logging.getLogger(__name__)


def summarise(text, limit=None):
    """``text`` on one line, cut on a word boundary to at most ``limit`` characters.

    A cut text ends with an ellipsis (counted in the limit), so a search
    engine's snippet never stops in the middle of a word.
    """
    limit = limit or settings.SEO_DESCRIPTION_LENGTH
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    kept = text[: limit - 1]
    if text[limit - 1] != " " and " " in kept:
        kept = kept.rsplit(" ", 1)[0]
    return kept.rstrip(" ,;:.–—-") + "…"


def site_root_url(request):
    """``https://example.org``: the root of the Wagtail site answering ``request``."""
    site = Site.find_for_request(request)
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/")


def absolute_url(request, url):
    """``url`` (a path, or already absolute) as an absolute address on this site."""
    return urljoin(site_root_url(request) + "/", url)


def with_page_number(url, number):
    """The canonical address of page ``number`` of a listing: ``?page=N`` only past the first."""
    return f"{url}?page={number}" if number > 1 else url


def iso_datetime(moment):
    """An aware datetime as ISO 8601 with its UTC offset, in the site's time zone."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


@dataclass(frozen=True)
class SocialImage:
    """The picture a shared page shows: a rendition sized for social sites, or the clinic's branded card."""

    url: str
    width: int
    height: int
    alt: str
    rendition: object = field(repr=False, compare=False)
    mime_type: str = "image/jpeg"  # SOCIAL_IMAGE_FILTER converts every picture to JPEG

    @classmethod
    def of(cls, image, request, alt=""):
        """The social rendition of a Wagtail image, or None without an image."""
        if image is None:
            return None
        try:
            rendition = image.get_rendition(settings.SOCIAL_IMAGE_FILTER)
        except SourceImageIOError:
            # The page still shows (Wagtail's own tags draw a placeholder); it is shared without a picture.
            logger.warning("Image %s: its original file is missing, so it is left out of what is shared", image.pk)
            return None
        return cls(absolute_url(request, rendition.url), rendition.width, rendition.height, alt, rendition)


#: The clinic's branded card (drawn by deploy/brand_images.py): its static path, size and what it shows.
BRANDED_CARD = ("img/social-card.png", 1200, 630, "Body Zest: physiotherapy in Banstead, Surrey")


def branded_social_image(request):
    """The card a page is shared with when neither it nor the clinic details have a picture."""
    path, width, height, alt = BRANDED_CARD
    return SocialImage(absolute_url(request, static(path)), width, height, alt, None, mime_type="image/png")


@dataclass
class PageMetadata:
    """What ``components/meta.html`` writes into the ``<head>`` of one page."""

    title: str
    site_name: str
    description: str = ""
    canonical_url: str = ""
    og_type: str = "website"
    image: SocialImage | None = None
    #: Shared when ``image`` is None; only the tags for social sites use it, never JSON-LD (not a picture of the content).
    default_image: SocialImage | None = None
    noindex: bool = False
    published_time: str = ""
    modified_time: str = ""
    structured_data: list = field(default_factory=list)

    @property
    def shared_image(self):
        """The picture social sites show: the page's or the clinic's, else the branded card."""
        return self.image or self.default_image
