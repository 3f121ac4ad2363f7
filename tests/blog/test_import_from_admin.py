"""Importing the old blog from the admin: the Clinic lead uploads the export, reads the dry run, then imports.

And what the import leaves on each post: its warnings, in its editor, until staff dismiss them.
"""

import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.contrib.redirects.models import Redirect

from blog import import_views
from blog.models import BlogPage
from tests.factories import post_form_data, signed_in

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).resolve().parent / "fixtures" / "squarespace-export.xml"
KNEE = "Knee pain on the Downs: a runner’s guide"
IMPORT_URL = "/admin/blog-import/"
PROGRESS_URL = "/admin/blog-import/progress/"


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(import_views, "UPLOADS", tmp_path / "uploads")
    return tmp_path / "uploads"


@pytest.fixture
def lead(django_user_model):
    return signed_in("Clinic lead")


def upload(client, content=None, name="Squarespace-Wordpress-Export.xml", follow=True, **fields):
    """Upload an export and follow on to its dry run's report."""
    content = EXPORT.read_bytes() if content is None else content
    return client.post(IMPORT_URL, {"export": SimpleUploadedFile(name, content, "text/xml"), **fields}, follow=follow)


def confirm(client):
    return client.post(IMPORT_URL, {"confirm": "1"}, follow=True)


def refused(response):
    """Wagtail's admin answers a PermissionDenied by sending the person back to the dashboard."""
    return (response.status_code, response["Location"]) == (302, "/admin/")


def text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_the_clinic_lead_finds_the_import_under_settings_and_others_do_not(blog, lead):
    assert "Import the old blog" in lead.get("/admin/").content.decode()
    assert lead.get(IMPORT_URL).status_code == 200
    for role in ["Writer", "Reception"]:
        other = signed_in(role)
        assert "Import the old blog" not in other.get("/admin/").content.decode()
        assert refused(other.get(IMPORT_URL))
        assert refused(upload(other, follow=False))
        assert refused(other.get(PROGRESS_URL))
    assert BlogPage.objects.count() == 0


def test_the_dry_run_reports_what_would_happen_saves_nothing_then_import_does_it(blog, lead, client):
    report = upload(lead)

    assert report.status_code == 200
    words = text(report)
    assert "Dry run: nothing is saved until you choose Import" in words
    assert f"created “{KNEE}” → /blog/knee-pain-on-the-downs/ (draft)" in words
    assert (
        "redirect /blog/2026/1/15/knee-pain-on-the-downs → /blog/knee-pain-on-the-downs/ once it is published" in words
    )
    assert "warning:" in words and "“About us”: a page, not a blog post" in words
    assert BlogPage.objects.count() == 0 and Redirect.objects.count() == 0

    imported = confirm(lead)

    assert imported.status_code == 200
    assert "Imported" in text(imported) and "Created 4, updated 0, skipped 2" in text(imported)
    assert BlogPage.objects.filter(draft_title=KNEE, live=False).exists()
    assert client.get("/blog/2026/1/15/knee-pain-on-the-downs", follow=True).status_code == 404  # a draft: not yet
    # The export is kept for one import only.
    assert "There is no uploaded export waiting" in text(confirm(lead))
    assert BlogPage.objects.count() == 4


def test_publish_puts_the_public_posts_live_and_their_old_addresses_redirect(blog, lead, client):
    upload(lead, publish="on", author="Sam Walker")
    confirm(lead)

    knee = BlogPage.objects.get(title=KNEE)
    assert knee.live and knee.author.name == "Sam Walker"
    response = client.get("/blog/2026/1/15/knee-pain-on-the-downs")
    assert (response.status_code, response["Location"]) == (301, "/blog/knee-pain-on-the-downs/")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"Title,Body\nKnee pain,Run less\n", "not valid XML"),
        (b'<?xml version="1.0"?><rss><channel><item/></channel></rss>', "not a WordPress or Squarespace export"),
        (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "a">]><rss/>', "not read, for safety"),
    ],
    ids=["csv", "plain-rss", "dtd"],
)
def test_a_bad_file_gets_a_clear_message_the_form_kept_and_nothing_imported(
    blog, lead, private_uploads, content, message
):
    response = upload(lead, content, author="Sam Walker")

    assert response.status_code == 200
    assert message in text(response)
    assert 'value="Sam Walker"' in response.content.decode()
    assert BlogPage.objects.count() == 0
    assert not private_uploads.exists() or not any(private_uploads.iterdir())


def test_a_file_too_large_for_an_export_is_refused_before_it_is_read(blog, lead, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_EXPORT_BYTES", 1000)

    response = upload(lead)

    assert response.status_code == 200
    assert "an export may be at most 1000 bytes" in text(response)


def test_the_upload_waits_in_a_private_folder_under_a_random_name_and_is_deleted_after(
    blog, lead, private_uploads, settings
):
    upload(lead, name="../../etc/evil.xml")

    kept = sorted(path.name for path in private_uploads.iterdir())
    assert len(kept) == 2 and len(kept[0]) == 32 and kept[1] == f"{kept[0]}.json"  # the file, its progress
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.xml"))
    confirm(lead)
    assert list(private_uploads.iterdir()) == []


def test_each_imported_post_shows_its_warnings_in_its_editor_until_dismissed(blog, lead):
    upload(lead)
    confirm(lead)
    knee = BlogPage.objects.get(draft_title=KNEE)
    edit_url = f"/admin/pages/{knee.pk}/edit/"

    editor = text(lead.get(edit_url))
    assert "Import warnings" in editor
    assert "knee-stretch.jpg" in editor  # its image, not in an images folder

    data = post_form_data(KNEE)
    data["import_warnings"] = ""  # staff read them, fixed the post, deleted the text
    assert lead.post(edit_url, data).status_code == 302

    assert "Import warnings" not in text(lead.get(edit_url))


def test_a_post_written_on_this_site_has_no_import_warnings_panel(blog, lead):
    from tests.factories import make_post

    post = make_post(blog, "Shin splints")

    assert "Import warnings" not in text(lead.get(f"/admin/pages/{post.pk}/edit/"))


LARGE_EXPORT_POSTS = 60


def test_a_large_export_is_imported_a_batch_a_request_each_well_inside_the_servers_timeout(blog, lead, tmp_path):
    """gunicorn gives a request 30 s (deploy/gunicorn.conf.py): the work is spread over requests, progress shown.

    Each request does one batch whatever the export's size, so 60 posts (six batches) show what 600 would.
    """
    items = "".join(
        f"<item><title>Post {number}</title><link>/blog/2025/1/1/post-{number}</link><guid>g{number}</guid>"
        f"<wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_name>post-{number}</wp:post_name>"
        f"<content:encoded><![CDATA[<h2>Warm up</h2><p>Paragraph {number} with <strong>advice</strong>.</p>"
        "<ul><li>Walk</li><li>Jog</li></ul><p>More words about running and knees.</p>]]></content:encoded></item>"
        for number in range(LARGE_EXPORT_POSTS)
    )
    export = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><title>Body Zest</title>{items}</channel></rss>"
    ).encode()

    response = upload(lead, export, publish="on", follow=False)
    slowest, requests = 0.0, 0
    while response.status_code in (200, 302):
        if response.status_code == 200 and "Import" in text(response) and "Dry run" in text(response):
            started = time.monotonic()
            response = lead.post(IMPORT_URL, {"confirm": "1"})
        elif response.status_code == 302:
            started = time.monotonic()
            response = lead.get(response["Location"])
        elif 'http-equiv="refresh"' in response.content.decode():
            assert "items done" in text(response)
            started = time.monotonic()
            response = lead.get(PROGRESS_URL)
        else:
            break
        slowest, requests = max(slowest, time.monotonic() - started), requests + 1

    print(f"{LARGE_EXPORT_POSTS} posts: {requests} requests, the slowest {slowest:.1f} s")
    assert f"Created {LARGE_EXPORT_POSTS}" in text(response)
    assert BlogPage.objects.live().count() == LARGE_EXPORT_POSTS and Redirect.objects.count() == LARGE_EXPORT_POSTS + 1
    assert requests >= LARGE_EXPORT_POSTS // import_views.BATCH_SIZE and slowest < 20
