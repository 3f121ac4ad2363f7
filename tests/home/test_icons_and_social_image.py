"""Every page shares with a picture (the clinic's branded card by default), and has its icons."""

import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import Image
from whitenoise.compress import Compressor

from home.models import ClinicDetails
from tests.factories import make_image

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
ROOT = "http://localhost"  # the test site: hostname localhost, port 80
CARD_DESCRIPTION = "Body Zest: physiotherapy in Banstead, Surrey"  # what the card shows
POST_URL = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"
EVERY_PAGE_TYPE = [
    "/",  # home page
    "/privacy/",  # plain page
    "/blog/",  # blog index
    POST_URL,  # post without a hero image
    "/blog/category/running/",
    "/blog/tag/knee-pain/",
    "/blog/author/the-body-zest-team/",
    "/book-a-discovery-visit/",  # enquiry page
    "/search/?q=knee",
]


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser").head


def meta(head, key):
    tag = head.find("meta", attrs={"property": key}) or head.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def static_path(url):
    """The file a static address serves (the test settings have no static server of their own)."""
    found = finders.find(url.removeprefix(ROOT).removeprefix(settings.STATIC_URL))
    assert found, f"{url} is no static file"
    return found


def static_file(url):
    return Image.open(static_path(url))


@pytest.mark.parametrize("url", EVERY_PAGE_TYPE)
def test_a_page_without_a_picture_is_shared_with_the_clinics_1200_by_630_card(client, clinic_site, url):
    head = head_of(client, url)

    image_url = meta(head, "og:image")
    assert image_url and image_url.startswith(f"{ROOT}/static/img/") and image_url == meta(head, "twitter:image")
    card = static_file(image_url)
    assert card.format == "PNG" and card.size == (1200, 630)
    assert meta(head, "og:image:type") == "image/png"
    assert (meta(head, "og:image:width"), meta(head, "og:image:height")) == ("1200", "630")
    assert meta(head, "og:image:alt") == meta(head, "twitter:image:alt") == CARD_DESCRIPTION
    assert meta(head, "twitter:card") == "summary_large_image"


def test_the_card_is_for_sharing_only_never_a_picture_of_the_post_for_search_engines(client, clinic_site):
    page = BeautifulSoup(client.get(POST_URL).content, "html.parser")
    json_ld = "".join(script.string for script in page.find_all("script", type="application/ld+json"))

    assert json_ld and "social-card" not in json_ld


def test_a_picture_staff_chose_for_the_clinic_is_shared_instead_of_the_card(client, clinic_site):
    details = ClinicDetails.objects.get()
    details.default_social_image = make_image("The clinic's front door", width=2000, height=1200)
    details.save()

    head = head_of(client, "/blog/")

    assert meta(head, "og:image").startswith(f"{ROOT}/media/images/")
    assert meta(head, "og:image:type") == "image/jpeg"


def test_favicon_ico_is_the_clinics_icon_at_16_32_and_48_pixels(client, clinic_site):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO" and icon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
    assert "public" in response["Cache-Control"]  # the cache in front keeps it
    assert client.head("/favicon.ico").status_code == 200


def test_favicon_ico_refuses_writes(client, clinic_site):
    assert client.post("/favicon.ico").status_code == 405


@pytest.mark.parametrize("url", ["/", POST_URL, "/book-a-discovery-visit/", "/search/?q=knee"])
def test_every_page_links_its_icons(client, clinic_site, url):
    head = head_of(client, url)
    icons = {link.get("type", ""): link["href"] for link in head.find_all("link", rel="icon")}
    [touch] = head.find_all("link", rel="apple-touch-icon")

    assert static_path(icons["image/svg+xml"]).endswith(".svg")
    assert static_file(icons[""]).format == "ICO"
    touch_icon = static_file(touch["href"])
    assert touch_icon.format == "PNG" and touch_icon.size == (180, 180)
    assert touch_icon.mode == "RGB", "opaque: iOS rounds the corners itself and shows transparency as black"


def test_the_icons_are_the_runner_mark_the_header_shows(client, clinic_site):
    """The browser tab, the phone's home screen and the header show one mark: the runner, its head orange."""
    page = BeautifulSoup(client.get("/").content, "html.parser")
    svg_icon = page.head.find("link", rel="icon", type="image/svg+xml")["href"]
    assert svg_icon == page.select_one(".site-header .wordmark img")["src"]

    head_colour = (0xFF, 0xB3, 0x5C)
    favicon = Image.open(static_path(page.head.find("link", rel="icon", type=None)["href"]))
    favicon.size = (48, 48)
    touch = static_file(page.head.find("link", rel="apple-touch-icon")["href"])
    for icon in (favicon.convert("RGB"), touch.convert("RGB")):
        scale = icon.size[0] / 48
        pixel = icon.getpixel((round(29 * scale), round(10.5 * scale)))  # the centre of the runner's head
        assert all(abs(got - want) <= 24 for got, want in zip(pixel, head_colour, strict=True)), (icon.size, pixel)


def test_the_deployment_guide_promises_only_the_compressed_copies_collectstatic_makes(tmp_path):
    """whitenoise's compressor, as CompressedManifestStaticFilesStorage runs it, on a stylesheet."""
    stylesheet = tmp_path / "site.css"
    stylesheet.write_text(".button { color: #0b5d5b; }\n" * 200)
    made = {Path(path).suffix for path in Compressor(quiet=True).compress(str(stylesheet))}
    guide = (REPO / "docs" / "deployment.md").read_text()
    promised = re.search(r"pre-compressed ([\w/]+) copies", guide).group(1).lower().split("/")

    assert {".gz" if kind == "gzip" else ".br" for kind in promised} <= made, (promised, made)
