"""The clinic's starting content: loaded once, word for word, never duplicated."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page, Site, Workflow

from blog.clinic_content import CONTENT_DIR, RUNNERS_KNEE_HEADINGS, content_lines
from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage
from home.models import ClinicDetails, HomePage, StandardPage

pytestmark = pytest.mark.django_db

SOURCE = CONTENT_DIR / "runners-knee-post.txt"
SHARED_SOURCE = Path(__file__).resolve().parents[3] / "shared" / "content" / "runners-knee-post.txt"
RUNNERS_KNEE_URL = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"
NEW_YEAR_URL = "/blog/helpful-tips-for-easing-back-into-the-new-year/"
PAGINATION_LINES = ["Next", "Next", "Helpful Tips for Easing Back Into the New Year"]


def source_lines():
    """Every non-empty line of the post's source text, without the old blog's pagination."""
    lines = [line.strip().lstrip("•").strip() for line in SOURCE.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    assert lines[-3:] == PAGINATION_LINES
    return lines[:-3]


def page_text_blocks(html):
    """The post's text elements, in document order, as a reader meets them."""
    article = BeautifulSoup(html, "html.parser").find("article")
    elements = article.find_all(["h1", "h2", "h3", "p", "li"])
    return [(el.name, " ".join(el.get_text(" ", strip=True).split())) for el in elements]


def test_the_projects_copy_of_the_post_matches_the_clinics_source():
    if not SHARED_SOURCE.exists():
        pytest.skip("the shared content folder is not beside this checkout")
    assert SOURCE.read_text(encoding="utf-8") == SHARED_SOURCE.read_text(encoding="utf-8")


def test_every_line_of_the_runners_knee_post_appears_in_order_with_the_right_heading_levels(client, clinic_site):
    response = client.get(RUNNERS_KNEE_URL)
    assert response.status_code == 200
    rendered = page_text_blocks(response.content)
    rendered_texts = [text for _, text in rendered]

    position = 0
    for line in source_lines():
        expected = " ".join(line.split())
        try:
            position = rendered_texts.index(expected, position) + 1
        except ValueError:
            pytest.fail(f"Missing or out of order: {expected!r}")
        tag = rendered[position - 1][0]
        if line == source_lines()[0]:
            assert tag == "h1", line
        elif line in RUNNERS_KNEE_HEADINGS:
            assert tag == "h2", line
        elif line[:2] in {"1.", "2.", "3.", "4."}:
            assert tag == "h3", line


def test_bullets_are_list_items_and_consecutive_bullets_form_one_list(client, clinic_site):
    soup = BeautifulSoup(client.get(RUNNERS_KNEE_URL).content, "html.parser")
    body = soup.find(class_="post__body")
    bullets = [line.strip()[1:].strip() for line in SOURCE.read_text().splitlines() if line.strip().startswith("•")]

    assert [li.get_text(strip=True) for li in body.find_all("li")] == bullets
    first_list = body.find("ul")
    assert [li.get_text(strip=True) for li in first_list.find_all("li")] == [
        "Weekly distance",
        "Number of runs per week",
        "Speed or hill sessions",
    ]


def test_the_introduction_is_the_first_paragraph_and_the_pagination_is_not_content(clinic_site):
    post = BlogPage.objects.get(title="Knee pain and runner's knee when training for an event")
    lines = content_lines(SOURCE.read_text(encoding="utf-8"))

    assert post.introduction == lines[1]
    body_text = " ".join(str(block.value) for block in post.body)
    assert "Helpful Tips for Easing Back" not in body_text
    assert post.body[-1].value.source.endswith("simple next steps.</p>")


def test_a_fresh_install_links_the_two_posts_as_the_old_blog_did(client, clinic_site):
    runners_knee = BeautifulSoup(client.get(RUNNERS_KNEE_URL).content, "html.parser")
    new_year = BeautifulSoup(client.get(NEW_YEAR_URL).content, "html.parser")

    nav = runners_knee.find("nav", attrs={"aria-label": "More posts"})
    assert "Previous" not in nav.get_text()
    assert (
        " ".join(nav.get_text().split())
        == "Next · older post → Helpful Tips for Easing Back Into the New Year 6 January 2026"
    )

    nav = new_year.find("nav", attrs={"aria-label": "More posts"})
    assert (
        " ".join(nav.get_text().split())
        == "← Previous · newer post Knee pain and runner's knee when training for an event 16 February 2026"
    )


def test_loading_twice_changes_nothing_and_duplicates_nothing(clinic_site):
    def snapshot():
        return {
            "pages": sorted(Page.objects.values_list("id", "title", "url_path", "latest_revision_id")),
            "sites": list(Site.objects.values_list("id", "root_page_id")),
            "authors": Author.objects.count(),
            "categories": BlogCategory.objects.count(),
            "workflows": Workflow.objects.count(),
            "clinic": list(ClinicDetails.objects.values()),
        }

    before = snapshot()
    call_command("load_clinic_content", stdout=open("/dev/null", "w"))

    assert snapshot() == before
    assert HomePage.objects.count() == 1
    assert BlogIndexPage.objects.count() == 1
    assert BlogPage.objects.count() == 2


def test_loading_never_overwrites_what_staff_changed(clinic_site):
    details = ClinicDetails.objects.get()
    details.phone = "01737 000000"
    details.save()
    post = BlogPage.objects.get(slug="knee-pain-and-runners-knee-when-training-for-an-event")
    post.title = "Runner's knee: a guide"
    post.save_revision().publish()

    call_command("load_clinic_content", stdout=open("/dev/null", "w"))

    assert ClinicDetails.objects.get().phone == "01737 000000"
    assert BlogPage.objects.get(pk=post.pk).title == "Runner's knee: a guide"
    assert BlogPage.objects.count() == 2


def test_loading_again_after_staff_renamed_and_moved_things_duplicates_nothing(clinic_site):
    """Staff may rename any page or change its address; the loader still finds what it made."""
    from contact.models import EnquiryPage

    for page in [
        clinic_site["blog"],
        EnquiryPage.objects.get(),
        StandardPage.objects.get(slug="privacy"),
        *BlogPage.objects.all(),
    ]:
        page.title, page.slug = f"Renamed {page.title}", f"renamed-{page.slug}"
        page.save_revision().publish()
    counts = {model: model.objects.count() for model in (BlogIndexPage, BlogPage, EnquiryPage, StandardPage)}

    call_command("load_clinic_content", stdout=open("/dev/null", "w"))

    assert {model: model.objects.count() for model in counts} == counts


def test_the_home_page_replaces_wagtails_placeholder_as_the_site_root(clinic_site):
    site = Site.objects.get(is_default_site=True)

    assert site.root_page.specific == clinic_site["home"]
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_the_clinic_details_are_marked_stand_ins_not_real_ones(clinic_site):
    details = ClinicDetails.objects.get()

    assert details.phone == "01632 960 123"  # Ofcom's range for drama
    assert details.email.endswith(".example")
    assert "Banstead" in details.address and not any(ch.isdigit() for ch in details.address)


def load_clinic_content():
    call_command("load_clinic_content", stdout=open("/dev/null", "w"))


@pytest.mark.parametrize(
    "base_url, hostname, port, root_url",
    [
        ("https://www.bodyzest.example", "www.bodyzest.example", 443, "https://www.bodyzest.example/"),
        ("http://www.bodyzest.example:8080/", "www.bodyzest.example", 8080, "http://www.bodyzest.example:8080/"),
        ("http://www.bodyzest.example", "www.bodyzest.example", 80, "http://www.bodyzest.example/"),
        ("http://127.0.0.1:8000", "localhost", 80, "http://localhost/"),  # the development default
    ],
)
def test_a_fresh_install_gives_pages_the_sites_public_address(settings, base_url, hostname, port, root_url):
    settings.WAGTAILADMIN_BASE_URL = base_url

    load_clinic_content()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == (hostname, port)
    post = BlogPage.objects.get(slug="knee-pain-and-runners-knee-when-training-for-an-event")
    assert post.get_full_url() == root_url + "blog/knee-pain-and-runners-knee-when-training-for-an-event/"


def test_loading_again_keeps_the_site_address_staff_set(settings, clinic_site):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "bodyzest-clinic.example", 443
    site.save()
    settings.WAGTAILADMIN_BASE_URL = "https://www.bodyzest.example"

    load_clinic_content()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("bodyzest-clinic.example", 443)


def test_loading_again_gives_an_untouched_starting_post_its_callout_box(client, clinic_site, admin_user):
    """A post an earlier loader made, before "When to seek professional help" became a callout,
    gets the shipped body; once a person has edited the post, it is left as they saved it."""
    from blog.clinic_content import NEW_YEAR_TITLE, parse_post

    post = BlogPage.objects.get(slug="knee-pain-and-runners-knee-when-training-for-an-event")
    source = (CONTENT_DIR / "runners-knee-post.txt").read_text(encoding="utf-8")
    post.body = parse_post(source, RUNNERS_KNEE_HEADINGS, known_posts={NEW_YEAR_TITLE}).blocks
    post.save_revision().publish()  # as an earlier version of the loader left it
    assert "callout" not in [block.block_type for block in BlogPage.objects.get(pk=post.pk).body]

    load_clinic_content()
    callout = BeautifulSoup(client.get(post.url).content, "html.parser").find(class_="callout")
    assert callout is not None and "When to seek professional help" in callout.get_text()

    post.refresh_from_db()
    post.body = parse_post(source, RUNNERS_KNEE_HEADINGS, known_posts={NEW_YEAR_TITLE}).blocks
    post.save_revision(user=admin_user).publish()  # a person chose this shape
    load_clinic_content()
    assert "callout" not in [block.block_type for block in BlogPage.objects.get(pk=post.pk).body]
