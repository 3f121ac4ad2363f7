"""What every page tells search engines and social sites: title, description, canonical, Open Graph, Twitter."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from PIL import Image as PILImage

from blog.models import BlogCategory, BlogIndexPage, BlogPage
from home.models import ClinicDetails, StandardPage
from home.seo import summarise
from tests.factories import make_blog, make_image, make_post, post_form_data, preview

pytestmark = pytest.mark.django_db

POST_URL = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"
ROOT = "http://localhost"  # the test site: hostname localhost, port 80


def head_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser").head


def meta(head, key):
    """The content of <meta property=key> or <meta name=key>, or None."""
    tag = head.find("meta", attrs={"property": key}) or head.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def canonicals(head):
    return [link["href"] for link in head.find_all("link", rel="canonical")]


@pytest.fixture
def site_with_default_image(clinic_site):
    details = ClinicDetails.objects.get()
    details.default_social_image = make_image("The clinic's front door", width=2000, height=1200)
    details.save()
    about = clinic_site["home"].add_child(
        instance=StandardPage(
            title="About us", slug="about-us", introduction="Who we are and how we work.", body="<p>Hi.</p>"
        )
    )
    about.save_revision().publish()
    return clinic_site


@pytest.mark.parametrize(
    "url, og_type",
    [
        ("/", "website"),
        ("/about-us/", "website"),
        ("/blog/", "website"),
        (POST_URL, "article"),
        ("/blog/category/running/", "website"),
        ("/blog/tag/knee-pain/", "website"),
        ("/blog/author/the-body-zest-team/", "website"),
        ("/book-a-discovery-visit/", "website"),
    ],
)
def test_every_page_type_describes_itself_to_search_engines_and_social_sites(
    client, site_with_default_image, url, og_type
):
    head = head_of(client.get(url))

    assert canonicals(head) == [ROOT + url]
    assert len(head.find_all("title")) == 1
    assert head.title.get_text().endswith(" | Body Zest")
    description = meta(head, "description")
    assert description and len(description) <= 155
    assert len(head.find_all("meta", attrs={"name": "description"})) == 1
    assert meta(head, "robots") is None
    assert meta(head, "og:title") == meta(head, "twitter:title") and meta(head, "og:title")
    assert meta(head, "og:description") == meta(head, "twitter:description") == description
    assert meta(head, "og:url") == ROOT + url
    assert meta(head, "og:type") == og_type
    assert meta(head, "og:site_name") == "Body Zest"
    assert meta(head, "og:locale") == "en_GB"
    image = meta(head, "og:image")
    assert image.startswith(ROOT + "/media/") and image == meta(head, "twitter:image")
    assert (meta(head, "og:image:width"), meta(head, "og:image:height")) == ("1200", "630")
    assert meta(head, "twitter:card") == "summary_large_image"
    for script in head.find_all("script", type="application/ld+json"):
        json.loads(script.string)


def test_the_title_is_the_page_title_then_the_clinic_name_unless_staff_set_a_seo_title(client, clinic_site):
    post = BlogPage.objects.get(url_path__endswith="/knee-pain-and-runners-knee-when-training-for-an-event/")
    assert head_of(client.get(POST_URL)).title.get_text() == f"{post.title} | Body Zest"

    post.seo_title = "Runner's knee: causes and treatment"
    post.save_revision().publish()
    head = head_of(client.get(POST_URL))

    assert head.title.get_text() == "Runner's knee: causes and treatment | Body Zest"
    assert meta(head, "og:title") == "Runner's knee: causes and treatment"


def test_the_home_page_is_titled_for_people_searching_for_physiotherapy_in_banstead(client, clinic_site):
    head = head_of(client.get("/"))

    assert head.title.get_text() == "Physiotherapy in Banstead, Surrey | Body Zest"
    assert meta(head, "description") == clinic_site["home"].hero_text


def test_the_description_is_the_introduction_cut_on_a_word_boundary_unless_staff_wrote_one(client):
    blog = make_blog()
    words = "Knee pain is common in runners who increase their mileage quickly before a race " * 8
    post = make_post(blog, "Knee pain", introduction=words.strip())

    description = meta(head_of(client.get(post.url)), "description")

    assert len(description) <= 155 and description.endswith("…")
    kept = description.removesuffix("…")
    assert post.introduction.startswith(kept) and post.introduction[len(kept)] == " "

    post.search_description = "How physiotherapists treat runner's knee."
    post.save_revision().publish()

    assert meta(head_of(client.get(post.url)), "description") == "How physiotherapists treat runner's knee."


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Short and sweet.", "Short and sweet."),
        ("  Spaces\n and   lines\tcollapse. ", "Spaces and lines collapse."),
        ("x" * 155, "x" * 155),
        ("word " * 40, ("word " * 31).strip() + "…"),
        ("A list, of words; cut " + "y" * 140, "A list, of words; cut…"),
        ("", ""),
    ],
)
def test_summarise_keeps_to_155_characters_and_whole_words(text, expected):
    assert summarise(text) == expected
    assert len(summarise(text)) <= 155


def test_the_canonical_drops_query_strings_but_keeps_a_real_page_number(client):
    blog = make_blog()
    running = BlogCategory.objects.create(name="Running", slug="running")
    for day in range(1, 13):
        post = make_post(blog, f"Post {day}", datetime.date(2026, 1, day))
        post.categories.set([running])
        post.save_revision().publish()

    cases = {
        "/blog/?utm_source=newsletter": f"{ROOT}/blog/",
        "/blog/?page=1": f"{ROOT}/blog/",
        "/blog/?page=abc": f"{ROOT}/blog/",
        "/blog/?page=2&utm_source=x": f"{ROOT}/blog/?page=2",
        "/blog/category/running/?page=2": f"{ROOT}/blog/category/running/?page=2",
        "/blog/category/running/?fbclid=1": f"{ROOT}/blog/category/running/",
    }
    for url, canonical in cases.items():
        head = head_of(client.get(url))
        assert canonicals(head) == [canonical], url
        assert meta(head, "og:url") == canonical, url

    assert head_of(client.get("/blog/?page=2")).title.get_text() == "Page 2 of Blog | Body Zest"
    assert head_of(client.get("/blog/category/running/?page=2")).title.get_text() == (
        "Page 2 of Posts about Running | Body Zest"
    )


def test_a_post_is_shared_with_a_1200_by_630_copy_of_its_hero_image(client):
    blog = make_blog()
    post = make_post(
        blog, "Knee pain", hero_image=make_image(width=1600, height=1200), hero_image_alt="A runner's knee"
    )

    head = head_of(client.get(post.url))
    image_url = meta(head, "og:image")

    assert image_url.startswith(f"{ROOT}/media/images/") and image_url.endswith(".jpg")
    assert (meta(head, "og:image:width"), meta(head, "og:image:height")) == ("1200", "630")
    assert meta(head, "og:image:type") == "image/jpeg"
    assert meta(head, "og:image:alt") == meta(head, "twitter:image:alt") == "A runner's knee"
    rendition = next(r for r in post.hero_image.renditions.all() if image_url.endswith(r.url))
    with PILImage.open(rendition.file.path) as picture:
        assert picture.size == (1200, 630) and picture.format == "JPEG"


def test_a_decorative_hero_image_is_shared_without_a_description(client):
    post = make_post(make_blog(), "Knee pain", hero_image=make_image(), hero_image_decorative=True)

    head = head_of(client.get(post.url))

    assert meta(head, "og:image") and meta(head, "og:image:alt") is None


def test_without_any_picture_a_page_is_shared_with_the_clinics_branded_card(client):
    post = make_post(make_blog(), "Knee pain")

    head = head_of(client.get(post.url))

    assert meta(head, "og:image") == meta(head, "twitter:image") == f"{ROOT}/static/img/social-card.png"
    assert meta(head, "twitter:card") == "summary_large_image"


def test_a_post_says_when_it_was_published_and_last_changed_with_its_time_zone(client):
    blog = make_blog()
    post = make_post(blog, "Knee pain", date=datetime.date(2026, 6, 1))

    head = head_of(client.get(post.url))
    published = datetime.datetime.fromisoformat(meta(head, "article:published_time"))
    modified = datetime.datetime.fromisoformat(meta(head, "article:modified_time"))

    # Published today, but dated 1 June 2026 by staff: the start of that day, UK time (BST).
    assert meta(head, "article:published_time") == "2026-06-01T00:00:00+01:00"
    assert modified.tzinfo is not None and modified >= published


def test_a_post_first_published_on_its_date_keeps_the_time_it_went_out(client):
    post = make_post(make_blog(), "Knee pain", date=timezone.localdate())

    published = meta(head_of(client.get(post.url)), "article:published_time")

    post.refresh_from_db()
    assert published == timezone.localtime(post.first_published_at).isoformat(timespec="seconds")


def test_staff_can_hide_a_page_from_search_engines(client, site_with_default_image):
    page = StandardPage.objects.get(slug="about-us")
    assert meta(head_of(client.get(page.url)), "robots") is None

    page.noindex = True
    page.save_revision().publish()

    assert meta(head_of(client.get(page.url)), "robots") == "noindex"


def test_previews_are_never_indexed(admin_client):
    blog = make_blog()
    draft = make_post(blog, "Draft in progress", publish=False)

    response = preview(admin_client, f"/admin/pages/{draft.pk}/edit/preview/", post_form_data(draft.title))

    assert meta(head_of(response), "robots") == "noindex"


def test_the_enquiry_thank_you_page_is_never_indexed_and_is_its_own_canonical(client, clinic_site):
    from contact.models import EnquiryPage

    enquiry_page = EnquiryPage.objects.get()
    head = head_of(client.get(enquiry_page.thank_you_url))

    assert [tag["content"] for tag in head.find_all("meta", attrs={"name": "robots"})] == ["noindex"]
    assert canonicals(head) == [ROOT + enquiry_page.thank_you_url]
    assert meta(head, "og:url") == ROOT + enquiry_page.thank_you_url
    assert head.title.get_text() == f"{enquiry_page.thank_you_heading} | Body Zest"
    assert meta(head, "og:title") == enquiry_page.thank_you_heading
    # The enquiry form itself is for search engines to find.
    form_head = head_of(client.get(enquiry_page.url))
    assert meta(form_head, "robots") is None
    assert canonicals(form_head) == [ROOT + enquiry_page.url]


def test_addresses_are_https_when_the_site_is_served_on_port_443(client, https_site):
    post = BlogPage.objects.get(url_path__endswith="/knee-pain-and-runners-knee-when-training-for-an-event/")
    post.hero_image = make_image()
    post.hero_image_alt = "A runner"
    post.save_revision().publish()

    response = client.get(POST_URL, HTTP_HOST="www.bodyzest.example")
    head = head_of(response)

    assert canonicals(head) == ["https://www.bodyzest.example" + POST_URL]
    assert meta(head, "og:image").startswith("https://www.bodyzest.example/media/")
    posting = json.loads(head.find("script", type="application/ld+json").string)
    assert posting["url"].startswith("https://www.bodyzest.example/")
    assert posting["publisher"]["url"] == "https://www.bodyzest.example/"
    feeds = [link["href"] for link in head.find_all("link", rel="alternate")]
    assert feeds and all(href.startswith("https://www.bodyzest.example/blog/feed/") for href in feeds)


def test_every_page_links_to_the_blog_feeds_for_feed_readers(client, clinic_site):
    blog = BlogIndexPage.objects.get()
    for url in ["/", "/blog/", POST_URL, "/no-such-page/"]:
        head = BeautifulSoup(client.get(url).content, "html.parser").head
        links = {(link["type"], link["href"]) for link in head.find_all("link", rel="alternate")}
        assert links >= {
            ("application/rss+xml", f"{ROOT}{blog.url}feed/rss/"),
            ("application/atom+xml", f"{ROOT}{blog.url}feed/atom/"),
        }, url


def test_the_enquiry_page_is_described_by_its_introduction_and_staff_can_hide_it(client, clinic_site):
    from contact.models import EnquiryPage

    enquiry_page = EnquiryPage.objects.get()
    enquiry_page.search_description = ""
    enquiry_page.introduction = "<p>Tell us <b>what hurts</b> &amp; we will call you back.</p>"
    enquiry_page.save_revision().publish()
    head = head_of(client.get(enquiry_page.url))
    assert meta(head, "description") == "Tell us what hurts & we will call you back."
    breadcrumbs = [json.loads(tag.string) for tag in head.find_all("script", type="application/ld+json")]
    assert any(data.get("@type") == "BreadcrumbList" for data in breadcrumbs)

    enquiry_page.noindex = True
    enquiry_page.save_revision().publish()
    assert meta(head_of(client.get(enquiry_page.url)), "robots") == "noindex"
