"""Publishing, unpublishing, moving or deleting a page purges every cached address that shows it."""

import datetime

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from blog.models import BlogCategory
from tests.deploy import purge_backends
from tests.factories import make_blog, make_post

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"
BODY = "<p>Who we are.</p>"


@pytest.fixture(autouse=True)
def recorded(settings, django_capture_on_commit_callbacks):
    """Every purge of this test, as the set of addresses sent to the backends (origin cache first)."""
    settings.WAGTAILFRONTENDCACHE = {
        "origin": {"BACKEND": "bodyzest.page_cache.OriginCacheBackend"},
        "recording": {"BACKEND": "tests.deploy.purge_backends.RecordingBackend"},
    }
    purge_backends.purged.clear()

    class Recorder:
        def during(self, change):
            purge_backends.purged.clear()
            with django_capture_on_commit_callbacks(execute=True):
                change()
            return set(purge_backends.purged)

    return Recorder()


@pytest.fixture
def blog():
    return make_blog()


def posts_in_date_order(blog, count):
    return [make_post(blog, f"Post {day}", date=datetime.date(2026, 1, day)) for day in range(1, count + 1)]


def test_publishing_a_post_purges_it_its_blog_feeds_home_sitemap_and_neighbours(recorded, blog):
    older, newer = posts_in_date_order(blog, 2)
    running = BlogCategory.objects.create(name="Running", slug="running")
    post = make_post(blog, "Knee pain", date=datetime.date(2026, 1, 1), publish=False)  # after "Post 1" (same day)
    post.categories.add(running)
    post.tags.add("marathon")
    post.save_revision()

    urls = recorded.during(lambda: post.get_latest_revision().publish())

    assert {
        f"{ROOT}/blog/knee-pain/",
        f"{ROOT}/",
        f"{ROOT}/sitemap.xml",
        f"{ROOT}/blog/",
        f"{ROOT}/blog/?page=1",
        f"{ROOT}/blog/?page=2",
        f"{ROOT}/blog/feed/rss/",
        f"{ROOT}/blog/feed/atom/",
        f"{ROOT}/blog/category/running/",
        f"{ROOT}/blog/category/running/feed/rss/",
        f"{ROOT}/blog/category/running/feed/atom/",
        f"{ROOT}/blog/tag/marathon/",
        f"{ROOT}/blog/tag/marathon/feed/rss/",
        f"{ROOT}/blog/tag/marathon/feed/atom/",
        older.get_full_url(),  # its "newer" link now points at the new post
        newer.get_full_url(),  # its "older" link likewise
    } <= urls


def test_pagination_is_purged_to_one_page_past_the_end(recorded, blog, settings):
    settings.BLOG_POSTS_PER_PAGE = 2
    posts = posts_in_date_order(blog, 5)  # three pages
    urls = recorded.during(lambda: posts[0].save_revision().publish())
    assert {f"{ROOT}/blog/?page={number}" for number in (2, 3, 4)} <= urls
    assert f"{ROOT}/blog/?page=5" not in urls


def test_changing_a_posts_date_purges_its_old_and_new_neighbours(recorded, blog):
    posts = posts_in_date_order(blog, 5)
    moving = posts[1]  # between 1 and 3
    moving.date = datetime.date(2026, 1, 10)  # now after 5

    urls = recorded.during(lambda: moving.save_revision().publish())

    old_neighbours = {posts[0].get_full_url(), posts[2].get_full_url()}
    new_neighbours = {posts[4].get_full_url()}
    assert old_neighbours | new_neighbours <= urls
    assert posts[3].get_full_url() not in urls  # its links did not change


def test_unpublishing_purges_the_post_and_the_neighbours_that_linked_to_it(recorded, blog):
    first, middle, last = posts_in_date_order(blog, 3)
    urls = recorded.during(lambda: middle.unpublish())
    assert {middle.get_full_url(), first.get_full_url(), last.get_full_url(), f"{ROOT}/blog/", f"{ROOT}/"} <= urls


def test_a_new_slug_purges_the_old_address_too(recorded, blog):
    post = make_post(blog, "Knee pain")
    post.slug = "knee-pain-explained"
    urls = recorded.during(lambda: post.save_revision().publish())
    assert {f"{ROOT}/blog/knee-pain/", f"{ROOT}/blog/knee-pain-explained/"} <= urls


def test_moving_a_page_purges_its_old_and_new_addresses(recorded, blog):
    from home.models import StandardPage

    home = blog.get_parent()
    about = home.add_child(instance=StandardPage(title="About", slug="about", body=BODY))
    about.save_revision().publish()
    page = about.add_child(instance=StandardPage(title="Our team", slug="team", body=BODY))
    page.save_revision().publish()

    urls = recorded.during(lambda: page.move(home, pos="last-child"))

    assert {f"{ROOT}/about/team/", f"{ROOT}/team/", f"{ROOT}/"} <= urls


def test_deleting_a_post_purges_it_its_listings_and_neighbours(recorded, blog):
    first, middle, last = posts_in_date_order(blog, 3)
    url = middle.get_full_url()
    urls = recorded.during(lambda: middle.delete())
    assert {url, first.get_full_url(), last.get_full_url(), f"{ROOT}/blog/", f"{ROOT}/blog/feed/rss/"} <= urls


def test_a_page_in_the_menu_purges_every_page_whose_header_names_it(recorded, blog):
    post = make_post(blog, "Knee pain")
    blog.title = "Advice"
    blog.show_in_menus = True
    urls = recorded.during(lambda: blog.save_revision().publish())
    assert post.get_full_url() in urls


def test_the_origin_cache_forgets_a_page_when_it_is_published(recorded, client, blog):
    post = make_post(blog, "Knee pain")
    client.get(post.url)
    assert client.get(post.url)["X-Origin-Cache"] == "hit"

    post.title = "Knee pain, explained"
    recorded.during(lambda: post.save_revision().publish())

    response = client.get(post.url)
    assert response["X-Origin-Cache"] == "miss"
    assert "Knee pain, explained" in response.content.decode()
    assert cache.get("no-such-key") is None


def test_making_a_post_private_purges_it_its_listings_and_neighbours(recorded, blog):
    first, middle, last = posts_in_date_order(blog, 3)
    urls = recorded.during(
        lambda: PageViewRestriction.objects.create(page=middle, restriction_type=PageViewRestriction.LOGIN)
    )
    assert {middle.get_full_url(), first.get_full_url(), last.get_full_url(), f"{ROOT}/blog/", f"{ROOT}/"} <= urls


def test_making_a_section_private_purges_every_page_in_it(recorded, blog):
    posts = posts_in_date_order(blog, 2)
    urls = recorded.during(
        lambda: PageViewRestriction.objects.create(page=blog, restriction_type=PageViewRestriction.PASSWORD, password="x")
    )
    assert {post.get_full_url() for post in posts} | {f"{ROOT}/blog/", f"{ROOT}/blog/feed/rss/"} <= urls


def test_making_a_page_public_again_purges_it(recorded, blog):
    post = make_post(blog, "Knee pain")
    restriction = PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)
    assert post.get_full_url() in recorded.during(restriction.delete)


def test_a_cached_post_made_private_is_not_served_from_the_cache(recorded, client, blog):
    post = make_post(blog, "Knee pain")
    client.get(post.url)
    assert client.get(post.url)["X-Origin-Cache"] == "hit"

    recorded.during(lambda: PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN))

    response = client.get(post.url)
    assert response.status_code == 302 and "/login/" in response["Location"]
