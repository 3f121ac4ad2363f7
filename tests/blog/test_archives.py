"""Category, tag and author pages under the blog: listed, paginated and described like the index."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import Author, BlogCategory
from tests.factories import make_post

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"
DAY = datetime.date(2026, 1, 1)


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(soup):
    return [a.get_text(strip=True) for a in soup.select(".post-card__title a")]


def make_filed_posts(blog, count, category=None, tags=(), start=1):
    posts = []
    for n in range(start, start + count):
        post = make_post(blog, f"Post {n:02d}", DAY + datetime.timedelta(days=n))
        if category:
            post.categories.set([category])
        post.tags.set(list(tags))
        post.save_revision().publish()
        posts.append(post)
    return posts


def test_a_category_page_lists_its_published_posts_newest_first(client, blog, running):
    make_filed_posts(blog, 3, running)
    make_post(blog, "Not about running", DAY + datetime.timedelta(days=10))
    draft = make_post(blog, "Running draft", DAY + datetime.timedelta(days=11), publish=False)
    draft.categories.set([running])
    draft.save_revision()

    soup = soup_of(client.get("/blog/category/running/"))

    assert titles(soup) == ["Post 03", "Post 02", "Post 01"]
    assert soup.find("h1").get_text() == "Posts about Running"
    assert soup.select_one(".page-header .lead").get_text() == "Training, races and injuries."
    assert soup.select_one(".page-header .breadcrumb a")["href"] == "/blog/"
    assert soup.title.get_text() == "Posts about Running | Body Zest"
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Training, races and injuries."
    assert [link["href"] for link in soup.find_all("link", rel="canonical")] == [f"{ROOT}/blog/category/running/"]


def test_a_category_page_is_paginated_like_the_index(client, blog, running):
    make_filed_posts(blog, 12, running)

    first = soup_of(client.get("/blog/category/running/"))
    second = soup_of(client.get("/blog/category/running/?page=2"))

    assert titles(first) == [f"Post {n:02d}" for n in range(12, 2, -1)]
    assert titles(second) == ["Post 02", "Post 01"]
    assert first.select_one(".pagination a[rel=next]")["href"] == "?page=2"
    assert "Page 2 of 2" in second.select_one(".pagination").get_text()
    assert titles(soup_of(client.get("/blog/category/running/?page=abc"))) == titles(first)
    assert client.get("/blog/category/running/?page=3").status_code == 404


def test_a_tag_page_lists_the_posts_with_that_tag(client, blog):
    make_filed_posts(blog, 2, tags=["knee pain", "running"])
    make_filed_posts(blog, 1, tags=["running"], start=3)

    soup = soup_of(client.get("/blog/tag/knee-pain/"))

    assert titles(soup) == ["Post 02", "Post 01"]
    assert soup.find("h1").get_text() == "Posts tagged “knee pain”"
    assert soup.title.get_text() == "Posts tagged “knee pain” | Body Zest"
    assert soup.find("meta", attrs={"name": "description"})["content"]
    assert [link["href"] for link in soup.find_all("link", rel="canonical")] == [f"{ROOT}/blog/tag/knee-pain/"]


def test_an_author_page_lists_their_posts(client, blog):
    author = Author.objects.create(name="Alex Example", bio="Alex treats runners.")
    make_post(blog, "By Alex", author=author)
    make_post(blog, "By nobody")

    soup = soup_of(client.get("/blog/author/alex-example/"))

    assert titles(soup) == ["By Alex"]
    assert soup.find("h1").get_text() == "Posts by Alex Example"
    assert soup.select_one(".page-header .lead").get_text() == "Alex treats runners."


def test_an_archive_offers_its_own_feeds_besides_the_blogs(client, blog, running):
    make_filed_posts(blog, 1, running)

    soup = soup_of(client.get("/blog/category/running/"))
    feeds = {link["href"]: link["title"] for link in soup.find_all("link", rel="alternate")}

    assert feeds == {
        f"{ROOT}/blog/feed/rss/": "Body Zest: Blog (RSS)",
        f"{ROOT}/blog/feed/atom/": "Body Zest: Blog (Atom)",
        f"{ROOT}/blog/category/running/feed/rss/": "Body Zest: Posts about Running (RSS)",
        f"{ROOT}/blog/category/running/feed/atom/": "Body Zest: Posts about Running (Atom)",
    }


@pytest.mark.parametrize(
    "url",
    [
        "/blog/category/no-such-category/",
        "/blog/tag/no-such-tag/",
        "/blog/author/no-one/",
        "/blog/category/",
        "/blog/month/2026-01/",
        "/blog/category/running/extra/",
        "/blog/category/empty/",
    ],
)
def test_unknown_or_empty_archives_are_not_found(client, blog, running, url):
    BlogCategory.objects.create(name="Empty", slug="empty")
    make_filed_posts(blog, 1, running)

    assert client.get(url).status_code == 404


def test_a_category_with_only_drafts_is_not_found(client, blog, running):
    draft = make_post(blog, "Draft", publish=False)
    draft.categories.set([running])
    draft.save()

    assert client.get("/blog/category/running/").status_code == 404


def test_a_post_links_its_categories_tags_and_author_to_their_pages(client, blog, running):
    author = Author.objects.create(name="Alex Example")
    [post] = make_filed_posts(blog, 1, running, tags=["knee pain"])
    post.author = author
    post.save_revision().publish()

    soup = soup_of(client.get(post.url))
    topics = {a.get_text(): a["href"] for a in soup.select(".post-topics a")}

    assert topics == {"Running": "/blog/category/running/", "knee pain": "/blog/tag/knee-pain/"}
    assert soup.select_one(".post-meta__author a")["href"] == "/blog/author/alex-example/"
    for href in [*topics.values(), "/blog/author/alex-example/"]:
        assert client.get(href).status_code == 200


def test_an_archive_costs_the_same_queries_for_two_posts_as_for_ten(client, blog, running):
    def count():
        client.get("/blog/category/running/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/blog/category/running/")
        return len(queries)

    make_filed_posts(blog, 2, running)
    few = count()
    make_filed_posts(blog, 8, running, start=3)

    assert count() == few
