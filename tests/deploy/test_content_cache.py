"""The lookups a running server remembers (bodyzest.content_cache) never show a reader an out-of-date site.

Each test reads a page first, so the server remembers its site, route, menu,
privacy and clinic details, then changes something as staff would (in a test transaction that never
commits: the token is replaced at once too), and reads again.
"""

import pytest
from wagtail.models import Page, PageViewRestriction

from blog.models import BlogIndexPage, BlogPage
from home.models import ClinicDetails, StandardPage

pytestmark = pytest.mark.django_db

RUNNERS_KNEE = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"


@pytest.fixture
def site(clinic_site, client):
    client.get(RUNNERS_KNEE)
    client.get("/blog/")
    return clinic_site


def runners_knee():
    return BlogPage.objects.get(url_path__endswith="/knee-pain-and-runners-knee-when-training-for-an-event/")


def test_a_post_unpublished_after_it_was_read_is_gone_at_once(site, client):
    runners_knee().unpublish()
    assert client.get(RUNNERS_KNEE).status_code == 404


def test_a_post_whose_address_changes_moves_at_once(site, client):
    post = runners_knee()
    post.slug = "runners-knee"
    post.save_revision().publish()
    assert client.get(RUNNERS_KNEE).status_code == 404
    assert b"Knee pain and runner" in client.get("/blog/runners-knee/").content


def test_a_page_moved_elsewhere_answers_at_its_new_address(site, client):
    about = site["home"].add_child(
        instance=StandardPage(title="About us", slug="about", show_in_menus=True, body="<p>Who we are.</p>")
    )
    about.save_revision().publish()
    client.get("/about/")
    about.move(site["blog"], "last-child")
    old_address = client.get("/about/")  # Wagtail leaves a redirect where a moved page was
    assert (old_address.status_code, old_address["Location"]) == (301, "/blog/about/")
    assert client.get("/blog/about/").status_code == 200


def test_a_page_made_private_asks_for_its_password_at_once(site, client):
    PageViewRestriction.objects.create(page=runners_knee(), restriction_type=PageViewRestriction.PASSWORD, password="x")
    response = client.get(RUNNERS_KNEE)
    assert b"Knee pain and runner" not in response.content
    assert b"password" in response.content.lower()


def test_a_new_menu_page_appears_in_the_header_at_once(site, client):
    about = site["home"].add_child(
        instance=StandardPage(title="About us", slug="about", show_in_menus=True, body="<p>Who we are.</p>")
    )
    about.save_revision().publish()
    assert b'href="/about/"' in client.get(RUNNERS_KNEE).content


def test_new_clinic_details_show_in_the_footer_at_once(site, client):
    details = ClinicDetails.objects.get()
    details.phone = "01737 000111"
    details.save()
    assert b"01737 000111" in client.get(RUNNERS_KNEE).content


def test_a_renamed_blog_shows_its_new_name_on_its_posts_at_once(site, client):
    blog = BlogIndexPage.objects.get()
    blog.title = "Advice"
    blog.save_revision().publish()
    assert b">Advice</a></p>" in client.get(RUNNERS_KNEE).content


def test_a_blogs_own_addresses_still_resolve_when_remembered(site, client):
    for _ in range(2):
        assert client.get("/blog/feed/rss/").status_code == 200
        assert client.get("/blog/category/running/").status_code == 200
        assert client.get("/blog/category/no-such-topic/").status_code == 404
        assert client.get("/blog/no-such-post/").status_code == 404


def test_a_deleted_page_is_gone_at_once(site, client):
    Page.objects.get(pk=runners_knee().pk).delete()
    assert client.get(RUNNERS_KNEE).status_code == 404


def test_a_new_author_name_and_a_renamed_category_show_at_once(site, client):
    from blog.models import Author, BlogCategory

    author = Author.objects.get()
    author.name = "Sam Physio"
    author.save()
    category = BlogCategory.objects.get(slug="running")
    category.name = "Running and jogging"
    category.save()
    content = client.get(RUNNERS_KNEE).content
    assert b"Sam Physio" in content and b"Running and jogging" in content


def test_random_addresses_are_not_remembered(site, client):
    from django.core.cache import cache

    for number in range(20):
        assert client.get(f"/blog/category/no-such-topic-{number}/").status_code == 404
        assert client.get(f"/no-such-page-{number}/").status_code == 404
    assert not [key for key in cache._cache if "no-such" in key]


def test_make_run_shows_a_change_made_by_another_process_at_once(site, client, settings):
    """`make run` has no shared Redis: a change from a shell or the publish_scheduled cron job shows at once."""
    import importlib

    dev = importlib.import_module("bodyzest.settings.dev")
    settings.CACHES, settings.CONTENT_CACHE_ALIAS = dev.CACHES, dev.CONTENT_CACHE_ALIAS
    client.get(RUNNERS_KNEE)
    # update() sends no signal: as far as this process knows, nothing changed.
    ClinicDetails.objects.update(phone="01737 000222")
    about = StandardPage(title="About us", slug="about", show_in_menus=True, body="<p>Who we are.</p>", live=True)
    site["home"].add_child(instance=about)
    content = client.get(RUNNERS_KNEE).content
    assert b"01737 000222" in content and b'href="/about/"' in content


def test_a_new_post_becomes_a_neighbour_and_a_related_post_at_once(site, client):
    """Which posts are a post's neighbours and related posts is remembered: a publish must replace it."""
    import datetime

    from blog.models import BlogCategory

    newest = BlogPage(title="Hamstrings in sprinters", date=datetime.date(2026, 3, 1), introduction="Sprinting.")
    site["blog"].add_child(instance=newest)
    newest.categories.set([BlogCategory.objects.get(slug="running")])
    newest.save_revision().publish()
    content = client.get(RUNNERS_KNEE).content.decode()
    assert content.count("Hamstrings in sprinters") >= 2  # "Previous" and a related post


def test_a_deploy_forgets_what_the_release_before_remembered(site, client):
    """Every deploy runs ``migrate``: answers remembered by the old code, in the old shapes, are never read by the new."""
    from django.core.cache import caches
    from django.core.management import call_command

    key = f"bodyzest:path:testserver:{RUNNERS_KNEE}"
    entry = caches["default"].get(key)
    entry[f"neighbours:{runners_knee().pk}"] = [runners_knee().pk]  # neighbours as an older release kept them: ids
    caches["default"].set(key, entry)

    call_command("migrate", verbosity=0)

    response = client.get(RUNNERS_KNEE)
    assert response.status_code == 200
    assert b'rel="next"' in response.content or b'rel="prev"' in response.content
