"""`manage.py import_blog_export`: the old Squarespace blog moves in, once, and its links keep working."""

import datetime
import io
import socket
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images.models import Image
from wagtail.models import Revision

from blog.importer import importer
from blog.models import Author, BlogCategory, BlogPage
from tests.factories import make_blog, make_post

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).resolve().parent / "fixtures" / "squarespace-export.xml"
KNEE = "Knee pain on the Downs: a runner’s guide"
CAFE = "Café-friendly stretches – São Paulo"
DESK = "Desk posture at home"
DRAFT = "Pilates for back pain"
UTC = datetime.UTC


@pytest.fixture
def blog(db):
    return make_blog()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def images(tmp_path):
    """The folder of images downloaded from the old site: two of the three the posts use."""
    folder = tmp_path / "downloaded-images"
    folder.mkdir()
    PILImage.new("RGB", (40, 30), (200, 80, 40)).save(folder / "knee-stretch.jpg", format="JPEG")
    PILImage.new("RGB", (30, 40), (40, 80, 200)).save(folder / "desk-setup.png", format="PNG")
    return folder


def run_import(*options, export=EXPORT):
    output = io.StringIO()
    call_command("import_blog_export", str(export), *options, stdout=output)
    return output.getvalue()


def post(title):
    """The post as staff see it in the editor: its latest revision."""
    return BlogPage.objects.get(draft_title=title).get_latest_revision_as_object()


def blocks(page):
    return [(block.block_type, block.value) for block in page.body]


def files_in(folder):
    return [path for path in Path(folder).rglob("*") if path.is_file()]


def export_with_items(tmp_path, items, name="export.xml"):
    """A small export around the given <item> elements."""
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><title>Body Zest</title><wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>",
        encoding="utf-8",
    )
    return path


def counts():
    return {
        "pages": BlogPage.objects.count(),
        "revisions": Revision.objects.count(),
        "redirects": Redirect.objects.count(),
        "images": Image.objects.count(),
        "authors": Author.objects.count(),
        "categories": BlogCategory.objects.count(),
        "tags": Tag.objects.count(),
    }


# What is imported


def test_each_post_of_the_export_becomes_a_blog_post_under_the_blog_and_pages_are_skipped(blog, images):
    output = run_import("--images", str(images))

    posts = BlogPage.objects.child_of(blog)
    assert sorted(posts.values_list("draft_title", flat=True)) == sorted([KNEE, CAFE, DESK, DRAFT])
    assert "“About us”: a page, not a blog post" in output
    assert "“knee-stretch”: an attachment, not a blog post" in output


def test_titles_and_addresses_keep_the_old_slugs_and_non_ascii_titles(blog, images, client):
    run_import("--images", str(images), "--publish")

    assert post(CAFE).slug == "cafe-friendly-stretches-sao-paulo"
    assert post(KNEE).slug == "knee-pain-on-the-downs"
    assert post(DRAFT).slug == "pilates-for-back-pain"  # drafts have no old slug: made from the title
    response = client.get("/blog/cafe-friendly-stretches-sao-paulo/")
    assert response.status_code == 200
    assert CAFE in response.content.decode()


def test_the_body_becomes_headings_paragraphs_lists_an_image_and_a_quote(blog, images):
    run_import("--images", str(images))
    body = blocks(post(KNEE))

    assert [block_type for block_type, _ in body] == [
        "heading", "paragraph", "heading", "paragraph", "heading", "paragraph", "heading", "image", "quote",
    ]  # fmt: skip
    headings = [(value["text"], value["level"]) for block_type, value in body if block_type == "heading"]
    assert headings == [
        ("Why hills hurt", "h2"), ("Warning signs", "h2"), ("What to try first", "h3"), ("Calf raises", "h3"),
    ]  # fmt: skip

    opening = body[1][1].source
    assert "<b>downhill</b>" in opening and "<i>Most</i>" in opening
    assert '<a href="https://www.nationaltrust.org.uk/box-hill">Box Hill</a>' in opening
    assert '<a href="mailto:hello@bodyzest.example">e-mail us</a>' in opening
    assert "click here" in opening and "javascript" not in opening
    assert body[3][1].source == (
        "<ul><li>Pain going down stairs</li><li>Swelling after a long run"
        "<ul><li>around the kneecap</li><li>behind the knee</li></ul></li></ul>"
    )
    assert body[5][1].source == "<ol><li>Shorter strides downhill</li><li>Strength work twice a week</li></ol>"

    image = body[7][1]
    assert image["image"].contextual_alt_text == "A runner stretching her calf on a park bench"
    assert image["image"].title == "knee stretch"
    assert image["caption"] == "Hold each stretch for thirty seconds."
    assert body[8][1]["quote"] == "I ran the Surrey Half pain-free after six weeks."
    assert body[8][1]["attribution"] == "Jo, a Body Zest patient"


def test_an_imported_image_shows_staff_the_post_that_uses_it(blog, images, admin_client):
    """The importer indexes each post's references once, after its saves: an image's "Usage" must still list it."""
    run_import("--images", str(images))
    image = Image.objects.get(title__icontains="knee")

    usage = admin_client.get(f"/admin/images/usage/{image.pk}/")

    assert usage.status_code == 200
    assert post(KNEE).title in usage.content.decode()


def test_unknown_markup_and_shortcodes_keep_their_words_scripts_go_and_all_is_reported(blog, images):
    output = run_import("--images", str(images))
    body = blocks(post(DESK))
    text = " ".join(str(value) for _, value in body)

    assert "Raise the screen" in text
    assert "Take a break every half hour." in text and "[tip]" not in text and "[gallery" not in text
    assert 'Embedded content: <a href="https://www.youtube.com/embed/abc123">' in text
    assert "dataLayer" not in text and "<script" not in text
    image = next(value for block_type, value in body if block_type == "image")
    assert image["image"].contextual_alt_text == "A laptop raised on a pile of books"
    assert image["caption"] == "A simple set-up with what you already have"

    assert "Shortcode [caption] turned into an image with a caption." in output
    assert 'Shortcode [gallery ids="4,5,6"] removed; any words inside it were kept.' in output
    assert "Image “missing-photo.jpg” left out: it is not in the images folder" in output
    assert "Markup kept as plain text: <div> ×3, <iframe> ×1, <span> ×1." in output
    assert "Dropped: <script> ×1." in output


def test_images_come_only_from_the_folder_and_are_reported_missing_without_it(blog):
    output = run_import()

    assert Image.objects.count() == 0
    assert not [block for block in blocks(post(KNEE)) if block[0] == "image"]
    assert "Image “knee-stretch.jpg” left out: no images folder was given (--images)." in output


def test_nothing_is_fetched_from_the_internet(blog, images, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the import tried to reach the internet")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)

    run_import("--images", str(images))

    assert Image.objects.count() == 2


def test_an_image_used_again_or_imported_again_is_stored_once(blog, images, tmp_path):
    item = (
        "<item><title>{title}</title><guid>{guid}</guid><wp:post_type>post</wp:post_type>"
        "<content:encoded><![CDATA[<p>Text</p><img src='/x/knee-stretch.jpg' alt='A runner'>]]>"
        "</content:encoded></item>"
    )
    export = export_with_items(tmp_path, item.format(title="One", guid="a") + item.format(title="Two", guid="b"))

    run_import("--images", str(images), export=export)
    run_import("--images", str(images))

    assert Image.objects.count() == 2  # the knee stretch once, the desk set-up once


def test_a_file_that_is_not_a_readable_image_is_left_out_and_reported(blog, images, tmp_path):
    (images / "broken.jpg").write_text("not a picture")
    export = export_with_items(
        tmp_path,
        "<item><title>Broken</title><guid>c</guid><content:encoded><![CDATA[<img src='/broken.jpg' alt='x'>]]>"
        "</content:encoded></item>",
    )

    output = run_import("--images", str(images), export=export)

    assert "Image “broken.jpg” left out: the file is not a readable image." in output
    assert Image.objects.count() == 0


def test_categories_tags_and_authors_come_from_the_export(blog, images):
    output = run_import("--images", str(images))

    knee = post(KNEE)
    assert [category.name for category in knee.categories.all()] == ["Running"]
    assert sorted(tag.name for tag in knee.tags.all()) == ["hills", "knee pain"]
    assert knee.author.name == "Sam Carter"
    assert BlogCategory.objects.get(slug="posture").name == "Posture & desk work"
    # The desk post's author has no display name: no e-mail address becomes a public name.
    assert post(DESK).author is None
    assert "The old author “webmaster@bodyzest.example” has no display name" in output
    assert "New authors: Sam Carter." in output
    assert "New categories: Posture & desk work, Running." in output


def test_the_author_option_names_the_author_of_every_post(blog, images):
    run_import("--author", "Alex Morgan", "--images", str(images))

    assert {post(title).author.name for title in (KNEE, CAFE, DESK, DRAFT)} == {"Alex Morgan"}
    assert Author.objects.filter(name="Alex Morgan").count() == 1


def test_the_excerpt_is_the_introduction_or_else_the_opening_paragraph(blog, images):
    run_import("--images", str(images))

    assert post(KNEE).introduction == "Hill running on the North Downs is hard on knees. Here is how to keep going."
    cafe = post(CAFE)
    opening = "Long flights stiffen the neck and hips; these stretches need no more room than a café table."
    assert cafe.introduction == opening
    assert opening not in str(cafe.body)  # not said twice
    assert [block_type for block_type, _ in blocks(cafe)] == ["heading", "paragraph"]


# Dates and time zones


def test_dates_keep_their_time_zone_and_the_post_date_is_the_uk_date(blog, images):
    run_import("--images", str(images), "--publish")

    knee, cafe, desk, draft = (post(title) for title in (KNEE, CAFE, DESK, DRAFT))
    assert knee.date == datetime.date(2026, 1, 15)
    assert knee.first_published_at == datetime.datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
    # 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    assert cafe.date == datetime.date(2026, 7, 1)
    assert cafe.first_published_at == datetime.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    # No GMT date: pubDate's own offset (+02:00) is used.
    assert desk.date == datetime.date(2026, 7, 14)
    assert desk.first_published_at == datetime.datetime(2026, 7, 13, 23, 15, tzinfo=UTC)
    assert draft.date == datetime.date(2026, 7, 20)
    assert draft.first_published_at is None


# Published or draft


def test_by_default_every_post_is_imported_as_a_draft_for_review(blog, images):
    output = run_import("--images", str(images))

    assert not BlogPage.objects.live().exists()
    assert "Imported as drafts" in output


def test_publish_puts_the_old_blogs_published_posts_live_and_keeps_its_drafts_drafts(blog, images, client):
    run_import("--images", str(images), "--publish")

    assert sorted(BlogPage.objects.live().values_list("title", flat=True)) == sorted([KNEE, CAFE, DESK])
    assert not BlogPage.objects.get(draft_title=DRAFT).live
    assert client.get("/blog/knee-pain-on-the-downs/").status_code == 200


def test_publish_and_draft_cannot_both_be_asked_for(blog):
    with pytest.raises(CommandError):
        run_import("--publish", "--draft")


# Importing again


def test_importing_the_same_export_twice_creates_nothing_new(blog, images):
    run_import("--images", str(images), "--publish")
    before = counts()

    output = run_import("--images", str(images), "--publish")

    assert counts() == before
    assert "Summary: 0 created, 0 updated, 6 skipped" in output
    assert output.count("unchanged") == 4


def test_a_post_changed_in_the_export_becomes_a_draft_revision_for_staff_to_review(blog, images, tmp_path, client):
    run_import("--images", str(images), "--publish")
    knee = BlogPage.objects.get(title=KNEE)
    revisions = knee.revisions.count()
    changed = tmp_path / "changed.xml"
    changed.write_text(
        EXPORT.read_text(encoding="utf-8")
        .replace("a runner&#8217;s guide", "a runner’s guide, revised")
        .replace("Pain going down stairs", "Pain going down stairs or hills"),
        encoding="utf-8",
    )

    output = run_import("--images", str(images), "--publish", export=changed)

    assert "updated" in output and "Summary: 0 created, 1 updated, 5 skipped" in output
    knee.refresh_from_db()
    assert knee.title == KNEE and knee.live and knee.has_unpublished_changes
    assert knee.revisions.count() == revisions + 1
    draft = knee.get_latest_revision_as_object()
    assert draft.title == "Knee pain on the Downs: a runner’s guide, revised"
    assert "Pain going down stairs or hills" in str(draft.body)
    page = client.get("/blog/knee-pain-on-the-downs/").content.decode()
    assert "or hills" not in page  # the public still sees the reviewed version
    assert BlogPage.objects.count() == 4


def test_staff_edits_survive_importing_the_unchanged_export_again(blog, images):
    run_import("--images", str(images), "--publish")
    knee = BlogPage.objects.get(title=KNEE)
    knee.title = "Knee pain on the North Downs"
    knee.save_revision().publish()

    output = run_import("--images", str(images), "--publish")

    knee.refresh_from_db()
    assert knee.title == "Knee pain on the North Downs" and not knee.has_unpublished_changes
    assert "Summary: 0 created, 0 updated" in output


def test_a_post_whose_guid_changed_is_recognised_by_its_old_address(blog, images, tmp_path):
    run_import("--images", str(images), "--publish")
    before = counts()
    knee = BlogPage.objects.get(title=KNEE)
    new_guid = tmp_path / "new-guid.xml"
    new_guid.write_text(
        EXPORT.read_text(encoding="utf-8").replace("5f525e706b61601275225755", "6a0000000000000000000001"),
        encoding="utf-8",
    )

    output = run_import("--images", str(images), "--publish", export=new_guid)

    assert BlogPage.objects.count() == before["pages"]
    assert Redirect.objects.count() == before["redirects"]
    assert "already redirects elsewhere" not in output
    assert "Summary: 0 created, 1 updated, 5 skipped" in output
    assert "recognised by its old address" in output
    assert post(KNEE).legacy_guid == "6a0000000000000000000001"  # so the draft, once published, is found by it
    knee.refresh_from_db()
    assert knee.live and knee.title == KNEE

    again = run_import("--images", str(images), "--publish", export=new_guid)

    assert BlogPage.objects.count() == before["pages"]
    assert "Summary: 0 created, 0 updated, 6 skipped" in again


def test_importing_again_without_the_images_folder_never_strips_a_posts_images(blog, images, tmp_path):
    run_import("--images", str(images), "--publish")
    knee = BlogPage.objects.get(title=KNEE)
    revisions = knee.revisions.count()
    changed = tmp_path / "changed.xml"
    changed.write_text(
        EXPORT.read_text(encoding="utf-8").replace("Pain going down stairs", "Pain going down stairs or hills"),
        encoding="utf-8",
    )

    for export in [EXPORT, changed]:
        output = run_import("--publish", export=export)

        assert knee.revisions.count() == revisions
        assert [block for block in blocks(post(KNEE)) if block[0] == "image"]
        assert f"skipped “{KNEE}”: no images folder was given (--images)" in output
        assert "import again with --images to update it" in output
        assert "Summary: 0 created, 0 updated, 6 skipped" in output


def test_a_post_imported_without_images_is_still_updated_without_them(blog, tmp_path):
    run_import()
    changed = tmp_path / "changed.xml"
    changed.write_text(
        EXPORT.read_text(encoding="utf-8").replace("Pain going down stairs", "Pain going down stairs or hills"),
        encoding="utf-8",
    )

    output = run_import(export=changed)

    assert "Summary: 0 created, 1 updated" in output
    assert "Pain going down stairs or hills" in str(post(KNEE).body)


# Old links


def test_old_addresses_answer_a_permanent_redirect_to_the_new_post(blog, images, client):
    run_import("--images", str(images), "--publish")

    for old, new in [
        ("/blog/2026/1/15/knee-pain-on-the-downs", "/blog/knee-pain-on-the-downs/"),
        ("/blog/2026/7/14/desk-posture-at-home", "/blog/desk-posture-at-home/"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
        assert client.get(new).status_code == 200
    redirect = Redirect.objects.get(old_path="/blog/2026/1/15/knee-pain-on-the-downs")
    assert redirect.is_permanent and redirect.redirect_page.specific == post(KNEE)


def test_the_short_old_address_that_is_already_the_new_one_gets_no_redirect_of_its_own(blog, images, client):
    run_import("--images", str(images), "--publish")

    own_addresses = ["/blog/knee-pain-on-the-downs", "/blog/cafe-friendly-stretches-sao-paulo"]
    assert not Redirect.objects.filter(old_path__in=own_addresses).exists()
    for redirect in Redirect.objects.all():
        assert Redirect.normalise_path(redirect.link) != redirect.old_path
    # Django adds the slash: still one permanent hop to the post.
    response = client.get("/blog/cafe-friendly-stretches-sao-paulo")
    assert (response.status_code, response["Location"]) == (301, "/blog/cafe-friendly-stretches-sao-paulo/")


def test_a_post_whose_slug_is_taken_gets_another_and_its_short_old_address_redirects_to_it(blog, images, client):
    make_post(blog, "Desk posture at home", slug="desk-posture-at-home")

    output = run_import("--images", str(images), "--publish")

    imported = BlogPage.objects.get(legacy_guid="5f525e706b61601275225757")
    assert imported.slug == "desk-posture-at-home-2"
    assert "The address “desk-posture-at-home” was taken by another page" in output
    response = client.get("/blog/desk-posture-at-home")
    assert (response.status_code, response["Location"]) == (301, "/blog/desk-posture-at-home-2/")
    assert client.get("/blog/desk-posture-at-home/").status_code == 200  # the existing post is untouched


def test_a_redirect_follows_its_post_when_staff_change_its_address(blog, images, client):
    run_import("--images", str(images), "--publish")
    knee = BlogPage.objects.get(title=KNEE)
    knee.slug = "knee-pain-running-downhill"
    knee.save_revision().publish()

    response = client.get("/blog/2026/1/15/knee-pain-on-the-downs")

    assert (response.status_code, response["Location"]) == (301, "/blog/knee-pain-running-downhill/")


def test_an_unpublished_post_stops_redirecting_its_old_addresses_until_it_is_live_again(blog, images, client):
    """An old link to a post taken down answers 404 itself, not 301 to a 404; published again, it redirects."""
    old = "/blog/2026/1/15/knee-pain-on-the-downs"
    run_import("--images", str(images), "--publish")
    knee = BlogPage.objects.get(title=KNEE)

    knee.unpublish()
    taken_down = client.get(old, follow=True)
    assert taken_down.status_code == 404
    assert "/blog/knee-pain-on-the-downs/" not in [url for url, _ in taken_down.redirect_chain]

    knee.get_latest_revision().publish()
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, "/blog/knee-pain-on-the-downs/")


def test_drafts_of_the_old_blog_had_no_public_address_so_get_no_redirect(blog, images):
    run_import("--images", str(images), "--publish")

    assert not Redirect.objects.filter(redirect_page=BlogPage.objects.get(draft_title=DRAFT)).exists()


def test_the_old_rss_address_redirects_to_the_new_feed(blog, images, client):
    run_import("--images", str(images), "--publish")

    response = client.get("/blog?format=rss")

    assert (response.status_code, response["Location"]) == (301, "/blog/feed/rss/")
    feed = client.get("/blog/feed/rss/")
    assert feed.status_code == 200 and KNEE in feed.content.decode()


def test_staff_can_see_and_edit_the_redirects_in_the_admin(blog, images, client, django_user_model):
    run_import("--images", str(images), "--publish")
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "x"))

    listing = client.get("/admin/redirects/").content.decode()
    assert "/blog/2026/1/15/knee-pain-on-the-downs" in listing and "/blog?format=rss" in listing

    feed_redirect = Redirect.objects.get(old_path="/blog?format=rss")
    assert client.get(f"/admin/redirects/{feed_redirect.pk}/").status_code == 200
    form = {"old_path": "/blog?format=rss", "is_permanent": "on", "redirect_page": blog.pk, "redirect_link": ""}
    response = client.post(f"/admin/redirects/{feed_redirect.pk}/", {**form, "site": ""})
    assert response.status_code == 302
    client.logout()
    assert client.get("/blog?format=rss")["Location"] == "/blog/feed/rss/"


def test_the_post_editor_shows_where_an_imported_post_came_from(blog, images, client, django_user_model):
    run_import("--images", str(images))
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "x"))

    editor = client.get(f"/admin/pages/{BlogPage.objects.get(draft_title=KNEE).pk}/edit/").content.decode()

    assert "Imported from Squarespace" in editor
    assert "/blog/2026/1/15/knee-pain-on-the-downs" in editor


# What the command says


def test_a_line_per_post_while_it_runs_and_a_summary_at_the_end(blog, images):
    output = run_import("--images", str(images), "--publish")

    assert f"[1/6] created “{KNEE}” → /blog/knee-pain-on-the-downs/ (published)" in output
    assert "redirect /blog/2026/1/15/knee-pain-on-the-downs → /blog/knee-pain-on-the-downs/" in output
    assert f"[4/6] created “{DRAFT}” → /blog/pilates-for-back-pain/ (draft)" in output
    assert "Old feed /blog?format=rss → /blog/feed/rss/" in output
    assert "Summary: 4 created, 0 updated, 2 skipped, 8 warnings." in output


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(blog, images, media):
    before = counts()

    output = run_import("--images", str(images), "--publish", "--dry-run")

    assert counts() == before
    assert files_in(media) == []
    assert "Summary: 4 created" in output
    assert "Dry run: nothing was saved." in output


def test_old_html_entities_and_bare_ampersands_in_an_export_are_read(blog, tmp_path):
    export = export_with_items(
        tmp_path,
        "<item><title>Hips & knees&mdash;a guide</title><guid>d</guid>"
        "<content:encoded><![CDATA[<p>Hips &amp; knees</p>]]></content:encoded></item>",
    )

    run_import(export=export)

    assert post("Hips & knees—a guide").introduction == "Hips & knees"


# Bad input: a clear error, and nothing imported

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&lol4;</title></item></channel></rss>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&secret;</title></item></channel></rss>"""

PLAIN_RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>A feed</title><item><title>Not an export</title></item></channel></rss>"""


@pytest.mark.parametrize(
    "content, message",
    [
        ("Title,Body\nKnee pain,Run less\n", "not valid XML"),
        ("<html><body><p>Squarespace login<br></p></body></html>", "not valid XML"),
        (EXPORT.read_text(encoding="utf-8")[:4000], "not valid XML"),
        ("", "not valid XML"),
        (PLAIN_RSS, "not a WordPress or Squarespace export"),
        ('<?xml version="1.0"?><note>hello</note>', "not a WordPress or Squarespace export"),
        (BILLION_LAUGHS, "not read, for safety"),
        (EXTERNAL_ENTITY, "not read, for safety"),
    ],
    ids=["csv", "html", "truncated", "empty", "plain-rss", "other-xml", "billion-laughs", "external-entity"],
)
def test_bad_input_gets_a_clear_error_and_imports_nothing(blog, tmp_path, content, message):
    export = tmp_path / "export.xml"
    export.write_text(content, encoding="utf-8")
    before = counts()

    with pytest.raises(CommandError, match=message) as error:
        run_import(export=export)

    assert "Nothing was imported." in str(error.value)
    assert counts() == before


def test_a_missing_export_file_gets_a_clear_error(blog, tmp_path):
    with pytest.raises(CommandError, match="Cannot read the export"):
        run_import(export=tmp_path / "nowhere.xml")


def test_an_images_folder_that_does_not_exist_gets_a_clear_error(blog, tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        run_import("--images", str(tmp_path / "nowhere"))


def test_without_a_blog_there_is_nowhere_to_import_to(db):
    with pytest.raises(CommandError, match="no blog"):
        run_import()


def test_a_failure_part_way_leaves_no_post_no_redirect_and_no_image_file(blog, images, media, monkeypatch):
    convert = importer.convert_body
    converted = []

    def fail_on_the_third_post(source_html, find_image):
        converted.append(source_html)
        if len(converted) == 3:
            raise RuntimeError("the disk is full")
        return convert(source_html, find_image)

    monkeypatch.setattr(importer, "convert_body", fail_on_the_third_post)

    with pytest.raises(RuntimeError):
        run_import("--images", str(images), "--publish")

    assert counts()["pages"] == 0 and counts()["redirects"] == 0 and counts()["images"] == 0
    assert files_in(media) == []


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_exports_in_either_wordpress_namespace_are_read(blog, tmp_path, scheme):
    """WordPress writes http://wordpress.org/export/1.2/; some exporters write https://."""
    export = export_with_items(
        tmp_path,
        "<item><title>Shin splints</title><guid>shin</guid><wp:post_type>post</wp:post_type>"
        "<excerpt:encoded><![CDATA[Rest, then build up.]]></excerpt:encoded>"
        "<content:encoded><![CDATA[<p>Run less</p>]]></content:encoded></item>",
    )
    export.write_text(
        export.read_text(encoding="utf-8").replace("http://wordpress.org/export/", f"{scheme}://wordpress.org/export/"),
        encoding="utf-8",
    )

    run_import(export=export)

    assert post("Shin splints").introduction == "Rest, then build up."


def test_an_imported_drafts_old_address_is_not_found_until_the_post_is_published(blog, images, client):
    """A redirect to a draft would answer 301 and then 404: the old address waits for the post to go live."""
    output = run_import("--images", str(images))
    old = "/blog/2026/1/15/knee-pain-on-the-downs"

    assert client.get(old, follow=True).status_code == 404  # only Django's added slash, never to the draft
    assert not Redirect.objects.filter(old_path=old).exists()
    assert f"redirect {old} → /blog/knee-pain-on-the-downs/ once it is published" in output

    BlogPage.objects.get(draft_title=KNEE).get_latest_revision().publish()

    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, "/blog/knee-pain-on-the-downs/")
    assert client.get("/blog/knee-pain-on-the-downs/").status_code == 200
    assert client.get("/blog/2026/7/14/desk-posture-at-home", follow=True).status_code == 404  # still a draft
