"""RSS 2.0 and Atom feeds of the latest posts, for the whole blog and for one category."""

import datetime
import email.utils
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from blog.models import Author
from tests.factories import make_image, make_post

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"
ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
DAY = datetime.date(2026, 1, 1)


def make_posts(blog, count, **fields):
    return [make_post(blog, f"Post {n:02d}", DAY + datetime.timedelta(days=n), **fields) for n in range(1, count + 1)]


def file_under(post, category):
    post.categories.set([category])
    post.save_revision().publish()


def feed_xml(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    return ET.fromstring(response.content)


def rss(client, url="/blog/feed/rss/"):
    return feed_xml(client, url, "application/rss+xml").find("channel")


def atom(client, url="/blog/feed/atom/"):
    return feed_xml(client, url, "application/atom+xml")


def test_the_rss_feed_lists_the_latest_twenty_posts_newest_first(client, blog):
    make_posts(blog, 22)

    channel = rss(client)

    assert channel.findtext("title") == "Body Zest: Blog"
    assert channel.findtext("link") == f"{ROOT}/blog/"
    assert channel.findtext("description") == "Our advice."
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == f"{ROOT}/blog/feed/rss/"
    assert [item.findtext("title") for item in channel.findall("item")] == [f"Post {n:02d}" for n in range(22, 2, -1)]


def test_each_rss_item_has_its_link_summary_date_author_categories_and_picture(client, blog, running):
    author = Author.objects.create(name="Alex Example")
    post = make_post(
        blog,
        "Knee pain & running",
        datetime.date(2026, 2, 16),
        introduction="Knee pain is common <in> runners.",
        author=author,
        hero_image=make_image(),
        hero_image_alt="A runner",
    )
    file_under(post, running)

    [item] = rss(client).findall("item")

    assert item.findtext("title") == "Knee pain & running"
    assert item.findtext("link") == item.findtext("guid") == f"{ROOT}{post.url}"
    assert item.findtext("description") == "Knee pain is common <in> runners."
    published = email.utils.parsedate_to_datetime(item.findtext("pubDate"))
    assert published == post.published_at and published.date() == datetime.date(2026, 2, 16)
    assert item.findtext(DC_CREATOR) == "Alex Example"
    assert [category.text for category in item.findall("category")] == ["Running"]
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "image/jpeg"
    assert enclosure.get("url").startswith(f"{ROOT}/media/images/") and "1200x630" in enclosure.get("url")
    rendition = next(r for r in post.hero_image.renditions.all() if enclosure.get("url").endswith(r.url))
    assert int(enclosure.get("length")) == rendition.file.size > 0


def test_a_post_without_picture_or_author_has_neither_in_the_feed(client, blog):
    make_post(blog, "Plain post")

    [item] = rss(client).findall("item")

    assert item.find("enclosure") is None and item.find(DC_CREATOR) is None


def test_the_atom_feed_has_the_same_posts_with_summaries_dates_authors_and_pictures(client, blog, running):
    author = Author.objects.create(name="Alex Example")
    posts = make_posts(blog, 21, author=author, hero_image=make_image(), hero_image_alt="A runner")
    file_under(posts[-1], running)

    feed = atom(client)
    entries = feed.findall(f"{ATOM}entry")

    assert feed.findtext(f"{ATOM}title") == "Body Zest: Blog"
    assert feed.findtext(f"{ATOM}subtitle") == "Our advice."
    assert {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")} == {
        "alternate": f"{ROOT}/blog/",
        "self": f"{ROOT}/blog/feed/atom/",
    }
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [f"Post {n:02d}" for n in range(21, 1, -1)]
    newest = entries[0]
    links = {link.get("rel"): link for link in newest.findall(f"{ATOM}link")}
    assert links["alternate"].get("href") == f"{ROOT}{posts[-1].url}"
    assert links["enclosure"].get("type") == "image/jpeg"
    assert newest.findtext(f"{ATOM}summary") == posts[-1].introduction
    assert datetime.datetime.fromisoformat(newest.findtext(f"{ATOM}published")) == posts[-1].published_at
    assert datetime.datetime.fromisoformat(newest.findtext(f"{ATOM}updated")) >= posts[-1].published_at
    assert newest.findtext(f"{ATOM}author/{ATOM}name") == "Alex Example"
    assert newest.findtext(f"{ATOM}author/{ATOM}uri") == f"{ROOT}/blog/author/alex-example/"
    assert [category.get("term") for category in newest.findall(f"{ATOM}category")] == ["Running"]


def test_drafts_and_private_posts_stay_out_of_the_feeds(client, blog):
    make_post(blog, "Published")
    make_post(blog, "Draft", publish=False)
    private = make_post(blog, "Private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert [item.findtext("title") for item in rss(client).findall("item")] == ["Published"]
    assert [entry.findtext(f"{ATOM}title") for entry in atom(client).findall(f"{ATOM}entry")] == ["Published"]


def test_a_category_has_its_own_feeds(client, blog, running):
    make_post(blog, "Elsewhere", DAY)
    for post in make_posts(blog, 2):
        file_under(post, running)

    channel = rss(client, "/blog/category/running/feed/rss/")
    feed = atom(client, "/blog/category/running/feed/atom/")

    assert channel.findtext("title") == "Body Zest: Posts about Running"
    assert channel.findtext("link") == f"{ROOT}/blog/category/running/"
    assert channel.findtext("description") == "Training, races and injuries."
    assert [item.findtext("title") for item in channel.findall("item")] == ["Post 02", "Post 01"]
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == ["Post 02", "Post 01"]


def test_a_tag_has_its_own_feed(client, blog):
    post, _other = make_posts(blog, 2)
    post.tags.set(["knee pain"])
    post.save_revision().publish()

    channel = rss(client, "/blog/tag/knee-pain/feed/rss/")

    assert [item.findtext("title") for item in channel.findall("item")] == ["Post 01"]


@pytest.mark.parametrize(
    "url",
    ["/blog/category/no-such-thing/feed/rss/", "/blog/tag/no-such-tag/feed/atom/", "/blog/feed/json/", "/blog/feed/"],
)
def test_feeds_that_do_not_exist_are_not_found(client, blog, running, url):
    assert client.get(url).status_code == 404


def test_the_feed_costs_the_same_queries_for_two_posts_as_for_twenty(client, blog, running):
    def add(count, start):
        for n in range(count):
            post = make_post(
                blog,
                f"Post {start + n}",
                DAY + datetime.timedelta(days=start + n),
                hero_image=make_image(),
                hero_image_alt="x",
            )
            file_under(post, running)

    def count():
        client.get("/blog/feed/rss/")  # renditions are made on first view
        with CaptureQueriesContext(connection) as queries:
            client.get("/blog/feed/rss/")
        return len(queries)

    add(2, 0)
    few = count()
    add(20, 2)

    assert count() == few


def test_a_picture_whose_file_is_lost_leaves_it_out_and_keeps_the_post_and_feeds_working(client, blog, caplog):
    """A media file lost from storage (a failed restore, a bucket mix-up) must not take the blog down."""
    image = make_image()
    post = make_post(blog, "Knee pain", hero_image=image, hero_image_alt="A runner.")
    image.file.storage.delete(image.file.name)

    [item] = rss(client).findall("item")
    assert item.find("title").text == "Knee pain" and item.find("enclosure") is None
    assert atom(client).find(f"{ATOM}entry") is not None
    page = client.get(post.url)
    assert page.status_code == 200
    assert b'og:image" content="http://localhost/static/img/social-card.png"' in page.content  # the clinic's card
    assert f"Image {image.pk}" in caplog.text and "missing" in caplog.text


def test_a_shared_picture_whose_file_is_lost_is_left_out_of_the_feed(client, blog, caplog):
    post = make_post(blog, "Knee pain", hero_image=make_image(), hero_image_alt="A runner.")
    [item] = rss(client).findall("item")
    assert item.find("enclosure") is not None
    rendition = post.hero_image.renditions.get()
    rendition.file.storage.delete(rendition.file.name)

    [item] = rss(client).findall("item")
    assert item.find("enclosure") is None
    assert "missing" in caplog.text
