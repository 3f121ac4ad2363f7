"""The blog's front page: published posts, newest first, ten to a page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from blog.models import BlogCategory
from tests.factories import make_blog, make_image, make_post

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 1)


@pytest.fixture
def blog():
    return make_blog()


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".post-card__title a")]


def make_posts(blog, count):
    return [make_post(blog, f"Post {n:02d}", DAY + datetime.timedelta(days=n)) for n in range(1, count + 1)]


def test_posts_are_listed_newest_first_by_publication_date(client, blog):
    make_post(blog, "Middle", datetime.date(2026, 2, 1))
    make_post(blog, "Oldest", datetime.date(2026, 1, 1))
    make_post(blog, "Newest", datetime.date(2026, 3, 1))

    assert titles(client.get(blog.url)) == ["Newest", "Middle", "Oldest"]


def test_drafts_and_private_posts_are_not_listed(client, blog):
    make_post(blog, "Published", DAY)
    make_post(blog, "Draft", DAY, publish=False)
    private = make_post(blog, "Private", DAY)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert titles(client.get(blog.url)) == ["Published"]


def test_ten_posts_a_page_with_links_between_pages(client, blog):
    make_posts(blog, 12)

    first = client.get(blog.url)
    second = client.get(blog.url + "?page=2")

    assert titles(first) == [f"Post {n:02d}" for n in range(12, 2, -1)]
    assert titles(second) == ["Post 02", "Post 01"]
    assert 'href="?page=2"' in first.content.decode() and "Older posts" in first.content.decode()
    assert 'href="?page=1"' in second.content.decode() and "Newer posts" in second.content.decode()
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("number", ["abc", "0", "-3", "", "1.5"])
def test_a_nonsense_page_number_shows_the_first_page(client, blog, number):
    make_posts(blog, 12)

    response = client.get(blog.url, {"page": number})

    assert response.status_code == 200
    assert titles(response)[0] == "Post 12"


def test_a_page_number_past_the_end_is_not_found(client, blog):
    make_posts(blog, 3)

    assert client.get(blog.url, {"page": "999"}).status_code == 404


def test_an_empty_blog_says_so(client, blog):
    response = client.get(blog.url)

    assert response.status_code == 200
    assert "There are no posts yet" in response.content.decode()


def test_each_card_shows_title_date_excerpt_reading_time_category_and_image(client, blog):
    running = BlogCategory.objects.create(name="Running", slug="running")
    post = make_post(
        blog,
        "Knee pain",
        datetime.date(2026, 2, 16),
        introduction="Knee pain is common in runners.",
        hero_image=make_image(),
        hero_image_alt="A runner on a towpath",
    )
    post.categories.set([running])
    post.save_revision().publish()

    card = BeautifulSoup(client.get(blog.url).content, "html.parser").select_one(".post-card")
    text = " ".join(card.get_text(" ", strip=True).split())

    assert "Knee pain" in text
    assert card.find("time")["datetime"] == "2026-02-16" and "16 February 2026" in text
    assert "Knee pain is common in runners." in text
    assert "1 min read" in text
    assert "Running" in text
    picture = card.find("picture")
    assert {s["type"] for s in picture.find_all("source")} == {"image/avif", "image/webp"}
    assert picture.find("img")["alt"] == "A runner on a towpath"


def card_image_loading(response):
    """How each card's image loads, in card order: "eager" (the browser's default) or "lazy"."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [img.get("loading", "eager") for img in soup.select(".post-card img")]


def test_the_first_card_image_loads_at_once_and_the_rest_wait_until_scrolled_to(client, blog):
    """The top card's image is what a reader sees first (the page's largest paint): never lazy."""
    for n in range(1, 4):
        make_post(
            blog, f"Post {n}", DAY + datetime.timedelta(days=n), hero_image=make_image(), hero_image_alt="A runner"
        )

    assert card_image_loading(client.get(blog.url)) == ["eager", "lazy", "lazy"]
    assert card_image_loading(client.get(blog.url + "?page=1")) == ["eager", "lazy", "lazy"]


def test_listing_costs_the_same_queries_for_two_posts_as_for_ten(client, blog):
    running = BlogCategory.objects.create(name="Running", slug="running")

    def add_posts(count, start):
        for n in range(count):
            post = make_post(
                blog,
                f"Post {start + n}",
                DAY + datetime.timedelta(days=start + n),
                hero_image=make_image(),
                hero_image_alt="x",
            )
            post.categories.set([running])
            post.save_revision().publish()

    add_posts(2, 0)
    client.get(blog.url)  # renditions are made on first view; count a warm page
    with CaptureQueriesContext(connection) as few:
        client.get(blog.url)
    add_posts(8, 2)
    client.get(blog.url)
    with CaptureQueriesContext(connection) as many:
        response = client.get(blog.url)

    assert len(titles(response)) == 10
    assert len(many) == len(few)
    assert len(many) <= 12  # the production budget
