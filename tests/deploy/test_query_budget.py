"""SQL queries to render a page the cache in front missed: warm (the lookups a running server remembers,
bodyzest.content_cache, in place) a post at most 8, the blog index at most 12; cold (right after a
change) at most 16; the same with 2 posts as with many. `make bench` counts the same at 1,000 posts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogCategory, BlogPage
from tests.factories import make_image

POST_BUDGET = 8
INDEX_BUDGET = 12
COLD_BUDGET = 16
RUNNERS_KNEE = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"


def queries_to_render(client, url):
    client.get(url)  # as a running server has: its remembered lookups warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def counts(client):
    return {
        name: queries_to_render(client, url)
        for name, url in (("post", RUNNERS_KNEE), ("index", "/blog/"), ("home", "/"))
    }


def add_posts(blog, number, start=0):
    """Posts like the clinic's, with a picture and sharing its category (so they are related posts), each published."""
    running = BlogCategory.objects.get(slug="running")
    template = runners_knee()
    for n in range(start, start + number):
        post = BlogPage(
            title=f"Training note {n}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            introduction=template.introduction,
            body=template.body.raw_data,
            author=template.author,
            hero_image=make_image(),
            hero_image_alt="A runner on a track.",
        )
        blog.add_child(instance=post)
        post.categories.set([running])
        post.save_revision().publish()


def runners_knee():
    return BlogPage.objects.get(url_path__endswith="knee-pain-and-runners-knee-when-training-for-an-event/")


@pytest.mark.django_db
def test_a_post_and_the_blog_index_stay_within_budget_whatever_the_number_of_posts(client, clinic_site):
    post = runners_knee()
    post.hero_image, post.hero_image_alt = make_image(), "A runner stretching."
    post.save_revision().publish()
    add_posts(clinic_site["blog"], 1)  # so the post shows a related post, with its picture
    few = counts(client)
    add_posts(clinic_site["blog"], 25, start=1)
    many = counts(client)

    assert few["post"] <= POST_BUDGET, few
    assert few["index"] <= INDEX_BUDGET, few
    assert many == few


@pytest.mark.django_db
def test_a_cold_render_after_a_publish_costs_more_but_stays_bounded(client, clinic_site):
    """Right after staff publish, the remembered lookups are gone and the first render asks the database.

    With related posts (and their pictures) to show, as on a blog of any size.
    """
    add_posts(clinic_site["blog"], 3)
    client.get(RUNNERS_KNEE)
    clinic_site["blog"].save_revision().publish()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(RUNNERS_KNEE).status_code == 200
    assert POST_BUDGET < len(cold) <= COLD_BUDGET, "\n".join(query["sql"][:150] for query in cold.captured_queries)
    assert queries_to_render(client, RUNNERS_KNEE) <= POST_BUDGET
