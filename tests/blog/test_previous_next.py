"""Previous/next links at the foot of a post.

The clinic's convention (from its old blog): "Previous" is the next newer post,
"Next" the next older one, each labelled with that post's title.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from blog.models import PostLink
from tests.factories import make_blog, make_post, post_form_data, preview

pytestmark = pytest.mark.django_db

JAN = datetime.date(2026, 1, 10)
FEB = datetime.date(2026, 2, 10)
MAR = datetime.date(2026, 3, 10)


def links(client, post):
    """The (label, title, href) of each neighbour link a reader sees on ``post``."""
    soup = BeautifulSoup(client.get(post.url).content, "html.parser")
    nav = soup.find("nav", attrs={"aria-label": "More posts"})
    if nav is None:
        return {}
    return {
        a.find(class_="prev-next__label").get_text(strip=True): (
            a.find(class_="prev-next__title").get_text(strip=True),
            a["href"],
        )
        for a in nav.find_all("a")
    }


@pytest.fixture
def blog():
    return make_blog()


def test_middle_post_links_newer_as_previous_and_older_as_next(client, blog):
    older = make_post(blog, "January post", JAN)
    middle = make_post(blog, "February post", FEB)
    newer = make_post(blog, "March post", MAR)

    assert links(client, middle) == {
        "Previous": ("March post", newer.url),
        "Next": ("January post", older.url),
    }


def test_each_link_says_which_way_it_goes_and_when_that_post_was_written(client, blog):
    """The old blog's words stay; "newer"/"older", the date and an arrow make the direction plain."""
    make_post(blog, "January post", JAN)
    middle = make_post(blog, "February post", FEB)
    make_post(blog, "March post", MAR)

    nav = BeautifulSoup(client.get(middle.url).content, "html.parser").find("nav", attrs={"aria-label": "More posts"})
    previous, following = nav.find("a", rel="prev"), nav.find("a", rel="next")

    assert " ".join(previous.get_text(" ", strip=True).split()) == "← Previous · newer post March post 10 March 2026"
    assert " ".join(following.get_text(" ", strip=True).split()) == "Next · older post → January post 10 January 2026"
    assert previous.find("time")["datetime"] == "2026-03-10"
    assert following.find("time")["datetime"] == "2026-01-10"
    for link in (previous, following):
        # A screen reader hears the words, not the arrow or the separator.
        assert all(hidden.get_text(strip=True) in {"←", "→", "·"} for hidden in link.select("[aria-hidden=true]"))
        assert len(link.select(".prev-next__arrow[aria-hidden=true]")) == 1


def test_newest_post_has_no_previous_and_oldest_has_no_next(client, blog):
    make_post(blog, "January post", JAN)
    make_post(blog, "March post", MAR)
    newest = blog.get_children().get(title="March post").specific
    oldest = blog.get_children().get(title="January post").specific

    assert set(links(client, newest)) == {"Next"}
    assert set(links(client, oldest)) == {"Previous"}


def test_a_single_post_shows_no_neighbour_links(client, blog):
    only = make_post(blog, "Only post", JAN)

    assert links(client, only) == {}


def test_order_follows_publication_date_not_tree_order(client, blog):
    # Created newest first, so the page tree's order is the reverse of date order.
    newer = make_post(blog, "March post", MAR)
    older = make_post(blog, "January post", JAN)

    assert links(client, older) == {"Previous": ("March post", newer.url)}
    assert links(client, newer) == {"Next": ("January post", older.url)}


def test_same_day_posts_are_ordered_by_first_publication_then_id(client, blog):
    first = make_post(blog, "First that day", FEB)
    second = make_post(blog, "Second that day", FEB)
    third = make_post(blog, "Third that day", FEB)
    make_post(blog, "Fourth that day", FEB)
    # The first three share a first-publication time: the id breaks their tie.
    moment = timezone.now() - datetime.timedelta(hours=1)
    type(first).objects.filter(pk__in=[first.pk, second.pk, third.pk]).update(first_published_at=moment)

    assert links(client, second) == {
        "Previous": ("Third that day", third.url),
        "Next": ("First that day", first.url),
    }
    assert links(client, third)["Previous"][0] == "Fourth that day"


def test_drafts_and_unpublished_posts_are_never_neighbours(client, blog):
    older = make_post(blog, "January post", JAN)
    make_post(blog, "February draft", FEB, publish=False)
    withdrawn = make_post(blog, "February withdrawn", FEB)
    withdrawn.unpublish()
    newer = make_post(blog, "March post", MAR)

    assert links(client, older) == {"Previous": ("March post", newer.url)}
    assert links(client, newer) == {"Next": ("January post", older.url)}


def test_private_posts_are_never_neighbours(client, blog):
    older = make_post(blog, "January post", JAN)
    private = make_post(blog, "February private", FEB)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    newer = make_post(blog, "March post", MAR)

    assert links(client, older) == {"Previous": ("March post", newer.url)}


def test_a_post_scheduled_for_tomorrow_is_not_a_neighbour_today(client, blog):
    older = make_post(blog, "January post", JAN)
    scheduled = make_post(blog, "Tomorrow's post", MAR, publish=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=1)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()

    assert not scheduled.live
    assert links(client, older) == {}


def test_posts_in_another_blog_index_are_not_neighbours(client, blog, rf):
    post = make_post(blog, "Our post", FEB)
    assert post.neighbours(rf.get(post.url)) == (None, None)


def test_preview_of_a_draft_renders_with_its_neighbours(admin_client, blog):
    make_post(blog, "January post", JAN)
    draft = make_post(blog, "Draft in progress", FEB, publish=False)

    response = preview(admin_client, f"/admin/pages/{draft.pk}/edit/preview/", post_form_data(draft.title))

    assert response.status_code == 200
    assert b"Draft in progress" in response.content
    assert b"January post" in response.content


def test_preview_of_a_new_unsaved_post_renders(admin_client, blog):
    make_post(blog, "January post", JAN)

    response = preview(
        admin_client, f"/admin/pages/add/blog/blogpage/{blog.pk}/preview/", post_form_data("Brand new post")
    )

    assert response.status_code == 200
    assert b"Brand new post" in response.content
    assert b"January post" in response.content


@pytest.mark.parametrize("number_of_posts", [2, 40])
def test_both_links_cost_one_query(blog, number_of_posts, rf):
    day = datetime.date(2025, 1, 1)
    posts = [make_post(blog, f"Post {n}", day + datetime.timedelta(days=n)) for n in range(number_of_posts)]
    position = number_of_posts // 2
    post = type(posts[0]).objects.get(pk=posts[position].pk)
    expected_newer = posts[position + 1] if position + 1 < number_of_posts else None

    request = rf.get(post.url)
    with CaptureQueriesContext(connection) as queries:
        newer, older = post.neighbours(request)

    # One for both neighbours; outside a request nothing is remembered, so the privacy
    # check (once a side) and the sites (for the addresses) are asked too (bodyzest.content_cache).
    assert len(queries) <= 4
    assert newer == (expected_newer and PostLink(expected_newer.title, expected_newer.url, expected_newer.date))
    older_post = posts[position - 1]
    assert older == PostLink(older_post.title, older_post.url, older_post.date)
