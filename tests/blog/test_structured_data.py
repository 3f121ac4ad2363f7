"""A post's JSON-LD: a BlogPosting search engines can show as an article, and its breadcrumbs."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from blog.models import Author, BlogCategory
from tests.factories import make_blog, make_image, make_post

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"


def json_ld(client, url, schema_type):
    response = client.get(url)
    assert response.status_code == 200
    scripts = BeautifulSoup(response.content, "html.parser").find_all("script", type="application/ld+json")
    return [block for block in (json.loads(s.string) for s in scripts) if block["@type"] == schema_type]


@pytest.fixture
def post():
    blog = make_blog()
    author = Author.objects.create(name="Alex Example", role="Chartered physiotherapist")
    post = make_post(
        blog,
        "Shin splints",
        datetime.date(2026, 3, 4),
        introduction="Shin pain is common when mileage rises.",
        author=author,
        hero_image=make_image(),
        hero_image_alt="A runner holding her shin",
        body=[("paragraph", "<p>Rest, then build up gradually.</p>")],
    )
    post.categories.set([BlogCategory.objects.create(name="Running", slug="running")])
    post.tags.set(["shin pain"])
    post.save_revision().publish()
    return post


def test_a_post_is_a_blog_posting_with_everything_search_engines_ask_for(client, post):
    [posting] = json_ld(client, post.url, "BlogPosting")
    canonical = f"{ROOT}{post.url}"

    assert posting["@context"] == "https://schema.org"
    assert posting["headline"] == "Shin splints"
    assert posting["description"] == "Shin pain is common when mileage rises."
    assert posting["url"] == canonical
    assert posting["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
    assert posting["datePublished"] == "2026-03-04T00:00:00+00:00"
    modified = datetime.datetime.fromisoformat(posting["dateModified"])
    assert modified.tzinfo is not None
    assert modified >= datetime.datetime.fromisoformat(posting["datePublished"])
    assert posting["author"] == {
        "@type": "Person",
        "name": "Alex Example",
        "url": f"{ROOT}/blog/author/alex-example/",
        "jobTitle": "Chartered physiotherapist",
    }
    assert posting["publisher"] == {
        "@type": "Physiotherapy",
        "@id": f"{ROOT}/#clinic",
        "name": "Body Zest",
        "url": f"{ROOT}/",
    }
    assert posting["image"].startswith(f"{ROOT}/media/images/") and "1200x630" in posting["image"]
    assert posting["wordCount"] == post.word_count == 12
    assert posting["articleSection"] == ["Running"]
    assert posting["keywords"] == ["shin pain"]


def test_the_authors_url_is_their_page_of_posts(client, post):
    [posting] = json_ld(client, post.url, "BlogPosting")

    response = client.get(posting["author"]["url"].removeprefix(ROOT))

    assert response.status_code == 200
    assert "Posts by Alex Example" in response.content.decode()


def test_a_post_without_an_author_is_credited_to_the_clinic(client):
    post = make_post(make_blog(), "Knee pain")

    [posting] = json_ld(client, post.url, "BlogPosting")

    assert posting["author"] == posting["publisher"]
    assert "image" not in posting


def test_a_post_has_breadcrumbs_home_blog_post(client, post):
    [breadcrumbs] = json_ld(client, post.url, "BreadcrumbList")

    assert [(item["position"], item["name"], item["item"]) for item in breadcrumbs["itemListElement"]] == [
        (1, "Home", f"{ROOT}/"),
        (2, "Blog", f"{ROOT}/blog/"),
        (3, "Shin splints", f"{ROOT}{post.url}"),
    ]


def test_an_archive_has_breadcrumbs_home_blog_archive(client, post):
    [breadcrumbs] = json_ld(client, "/blog/category/running/", "BreadcrumbList")

    assert [(item["name"], item["item"]) for item in breadcrumbs["itemListElement"]] == [
        ("Home", f"{ROOT}/"),
        ("Blog", f"{ROOT}/blog/"),
        ("Running", f"{ROOT}/blog/category/running/"),
    ]


def test_new_authors_get_a_unique_web_address_from_their_name():
    first = Author.objects.create(name="Sam Smith")
    second = Author.objects.create(name="Sam Smith")
    chosen = Author.objects.create(name="Jo Bloggs", slug="jo")

    assert (first.slug, second.slug, chosen.slug) == ("sam-smith", "sam-smith-2", "jo")
