"""Related posts at the foot of a post: staff's picks, else posts sharing a category or tag."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from blog.models import BlogPage, BlogPageRelatedPost
from tests.factories import make_image, make_post, post_form_data

pytestmark = pytest.mark.django_db

JAN = datetime.date(2026, 1, 1)


def post_on(blog, title, day, categories=(), tags=(), publish=True, **fields):
    post = make_post(blog, title, JAN + datetime.timedelta(days=day), publish=publish, **fields)
    post.categories.set(list(categories))
    post.tags.set(list(tags))
    if publish:
        post.save_revision().publish()
    else:
        post.save()
    return post


def pick(post, *picks):
    post.related_post_links.set([BlogPageRelatedPost(post=picked) for picked in picks])
    post.save_revision().publish()


def related_titles(client, post):
    """The related posts a reader sees under ``post``, in order."""
    soup = BeautifulSoup(client.get(post.url).content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "related-posts-heading"})
    if section is None:
        return []
    assert section.find("h2").get_text() == "Related posts"
    return [a.get_text(strip=True) for a in section.select(".post-card__title a")]


def test_without_picks_the_newest_three_posts_sharing_a_category_or_tag_are_related(client, blog, running):
    post = post_on(blog, "Runner's knee", 0, [running], ["knee pain"])
    post_on(blog, "Same category, oldest", 1, [running])
    post_on(blog, "Same tag", 2, tags=["knee pain"])
    post_on(blog, "Same category", 3, [running])
    post_on(blog, "Same category and tag, newest", 4, [running], ["knee pain"])
    post_on(blog, "Unrelated, newer still", 5, tags=["nutrition"])

    assert related_titles(client, post) == ["Same category and tag, newest", "Same category", "Same tag"]


def test_related_post_images_all_wait_until_scrolled_to(client, blog, running):
    """Related posts sit below the whole post: even the first card's image is lazy."""
    post = post_on(blog, "Runner's knee", 0, [running])
    for day in range(1, 3):
        post_on(blog, f"Running post {day}", day, [running], hero_image=make_image(), hero_image_alt="A runner")

    soup = BeautifulSoup(client.get(post.url).content, "html.parser")

    assert [img.get("loading") for img in soup.select(".related-posts .post-card img")] == ["lazy", "lazy"]


def test_the_post_itself_drafts_and_private_posts_are_never_related(client, blog, running):
    post = post_on(blog, "Runner's knee", 0, [running])
    post_on(blog, "Published", 1, [running])
    post_on(blog, "Draft", 2, [running], publish=False)
    private = post_on(blog, "Private", 3, [running])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    pick(post, post)

    assert related_titles(client, post) == ["Published"]


def test_a_post_sharing_nothing_with_others_shows_no_related_posts(client, blog, running):
    post = post_on(blog, "Runner's knee", 0, [running])
    post_on(blog, "Nutrition", 1, tags=["food"])

    assert related_titles(client, post) == []


def test_staff_picks_come_first_in_their_order_and_the_rest_is_filled_automatically(client, blog, running):
    post = post_on(blog, "Runner's knee", 0, [running])
    unrelated = post_on(blog, "Unrelated pick", 1)
    sharing = post_on(blog, "Sharing pick", 2, [running])
    post_on(blog, "Newest sharing", 3, [running])
    post_on(blog, "Older sharing", 1, [running])
    pick(post, unrelated, sharing)

    assert related_titles(client, post) == ["Unrelated pick", "Sharing pick", "Newest sharing"]


def test_three_picks_fill_every_place(client, blog, running):
    post = post_on(blog, "Runner's knee", 0, [running])
    picks = [post_on(blog, f"Pick {n}", n) for n in (1, 2, 3)]
    post_on(blog, "Newest sharing", 9, [running])
    pick(post, picks[2], picks[0], picks[1])

    assert related_titles(client, post) == ["Pick 3", "Pick 1", "Pick 2"]


def test_a_picked_post_that_is_unpublished_or_made_private_drops_out(client, blog, running):
    post = post_on(blog, "Runner's knee", 0)
    gone = post_on(blog, "Unpublished later", 1)
    hidden = post_on(blog, "Made private", 2)
    kept = post_on(blog, "Still public", 3)
    pick(post, gone, hidden, kept)
    gone.unpublish()
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x")

    assert related_titles(client, post) == ["Still public"]


def test_staff_pick_related_posts_in_the_editor(admin_client, blog):
    post = post_on(blog, "Runner's knee", 0)
    first, second = post_on(blog, "First pick", 1), post_on(blog, "Second pick", 2)
    data = post_form_data(post.title, date="01/01/2026")
    data.update(nested_form_data({"related_post_links": inline_formset([{"post": second.pk}, {"post": first.pk}])}))
    data["action-publish"] = "Publish"

    response = admin_client.post(f"/admin/pages/{post.pk}/edit/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    post = BlogPage.objects.get(pk=post.pk)
    assert [link.post for link in post.related_post_links.all()] == [second, first]
    assert related_titles(admin_client, post) == ["Second pick", "First pick"]


def test_the_editor_allows_three_picks_at_most(admin_client, blog):
    post = post_on(blog, "Runner's knee", 0)
    picks = [post_on(blog, f"Pick {n}", n) for n in range(1, 5)]
    data = post_form_data(post.title, date="01/01/2026")
    data.update(nested_form_data({"related_post_links": inline_formset([{"post": p.pk} for p in picks], max=3)}))
    data["action-publish"] = "Publish"

    response = admin_client.post(f"/admin/pages/{post.pk}/edit/", data)

    assert response.status_code == 200  # the form again, with the error
    assert not BlogPage.objects.get(pk=post.pk).related_post_links.exists()


def test_related_posts_cost_the_same_queries_for_few_posts_as_for_many(client, blog, running):
    post = post_on(blog, "Runner's knee", 0, [running], ["knee pain"])
    post_on(blog, "Sharing one", 1, [running], hero_image=make_image(), hero_image_alt="x")
    picked = post_on(blog, "Picked", 2, hero_image=make_image(), hero_image_alt="x")
    pick(post, picked)

    def count():
        client.get(post.url)  # renditions are made on first view
        with CaptureQueriesContext(connection) as queries:
            client.get(post.url)
        return len(queries)

    few = count()
    for n in range(3, 15):
        post_on(blog, f"Sharing {n}", n, [running], ["knee pain"], hero_image=make_image(), hero_image_alt="x")

    assert count() == few
    assert len(related_titles(client, post)) == 3


def test_once_remembered_the_related_cards_cost_no_query(client, blog, running):
    """A warm post with three related cards, pictures and categories costs what a post with none costs."""
    alone = post_on(blog, "Alone", 0)
    post = post_on(blog, "Runner's knee", 1, [running])
    for n in range(2, 5):
        post_on(blog, f"Sharing {n}", n, [running], hero_image=make_image(), hero_image_alt="x")

    def warm_queries(page):
        client.get(page.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(page.url)
        return len(queries)

    assert len(related_titles(client, post)) == 3 and related_titles(client, alone) == []
    assert warm_queries(post) == warm_queries(alone)


def test_a_related_post_retitled_or_unpublished_is_shown_so_at_once(client, blog, running):
    post = post_on(blog, "Runner's knee", 0, [running])
    related = post_on(blog, "Shin splints", 1, [running])
    assert related_titles(client, post) == ["Shin splints"]  # now remembered

    related.title = "Shin splints: when to rest"
    related.save_revision().publish()
    assert related_titles(client, post) == ["Shin splints: when to rest"]

    related.unpublish()
    assert related_titles(client, post) == []
