"""Clinical review (the NHS standard for health content): who checked a post, when, and when it is due again.

What a reader checks (the line under the post, the JSON-LD search engines
read), what a writer checks (the editor refuses a review with no reviewer or
dates in the wrong order, keeping what they typed) and what the clinic checks
(the dashboard lists the posts to review next, for those who can edit them).
"""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from blog.models import Author, BlogPage, months_after
from tests.factories import make_post, post_form_data, signed_in

pytestmark = pytest.mark.django_db

REVIEWED_ON = datetime.date(2026, 3, 3)


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def jane():
    return Author.objects.create(name="Jane Physio", role="Chartered physiotherapist")


def reviewed_post(blog, reviewer, title="Shin splints", **fields):
    return make_post(blog, title, reviewed_by=reviewer, reviewed_on=fields.pop("reviewed_on", REVIEWED_ON), **fields)


# The line readers see.


def test_a_reviewed_post_says_who_reviewed_it_when_and_when_the_next_review_is(client, blog, jane):
    post = reviewed_post(blog, jane)

    line = soup(client.get(post.url)).select_one(".post-review")

    text = " ".join(line.get_text(" ", strip=True).split())
    assert text == "Reviewed by Jane Physio on 3 March 2026 · Next review due March 2027"
    assert [time["datetime"] for time in line.find_all("time")] == ["2026-03-03", "2027-03-03"]
    assert line.find("a", string="Jane Physio")["href"] == "/blog/author/jane-physio/"


def test_the_review_line_comes_after_the_post_and_leaves_its_body_alone(client, blog, jane):
    post = reviewed_post(blog, jane)

    html = soup(client.get(post.url))

    body = html.select_one(".post__body")
    assert "Reviewed by" not in body.get_text()
    assert body in html.select_one(".post-review").find_all_previous(class_="post__body")


def test_a_post_never_reviewed_has_no_review_line(client, blog, jane):
    post = make_post(blog, "Shin splints", author=jane)

    html = soup(client.get(post.url))

    assert html.select(".post-review") == []
    assert "Reviewed by" not in html.get_text()


def test_the_shipped_runners_knee_post_is_left_unreviewed(client, clinic_site):
    post = BlogPage.objects.get(title__startswith="Knee pain and runner's knee")

    assert (post.reviewed_by, post.reviewed_on, post.next_review_on) == (None, None, None)
    assert soup(client.get(post.url)).select(".post-review") == []


# Dates: the next review defaults to a year on, a date staff give wins.


def test_the_next_review_defaults_to_twelve_months_after_the_review(blog, jane):
    post = reviewed_post(blog, jane)

    assert BlogPage.objects.get(pk=post.pk).next_review_on == datetime.date(2027, 3, 3)


def test_a_next_review_date_staff_choose_is_kept(client, blog, jane):
    post = reviewed_post(blog, jane, next_review_on=datetime.date(2026, 9, 1))

    assert BlogPage.objects.get(pk=post.pk).next_review_on == datetime.date(2026, 9, 1)
    assert "Next review due September 2026" in soup(client.get(post.url)).select_one(".post-review").get_text()


def test_months_after_keeps_the_day_or_takes_the_months_last():
    assert months_after(datetime.date(2026, 3, 3), 12) == datetime.date(2027, 3, 3)
    assert months_after(datetime.date(2028, 2, 29), 12) == datetime.date(2029, 2, 28)
    assert months_after(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)


# The editor: a clear message on the field, what was typed kept.


def editor_post(client, blog, **review):
    data = post_form_data("Shin splints")
    data.update(review)
    return client.post(f"/admin/pages/add/blog/blogpage/{blog.pk}/", data)


def field_errors(html, name):
    errors = html.find(id=f"id_{name}").find_parent(class_="w-field").find(class_="w-field__errors")
    return errors.get_text(" ", strip=True) if errors else ""


def test_a_review_date_without_a_reviewer_is_refused_and_the_post_kept(admin_client, blog):
    html = soup(editor_post(admin_client, blog, reviewed_on="03/03/2026", reviewed_by=""))

    assert "who reviewed" in field_errors(html, "reviewed_by").lower()
    assert html.find(id="id_reviewed_on")["value"] == "03/03/2026"
    assert html.find(id="id_title")["value"] == "Shin splints"
    assert not BlogPage.objects.filter(slug="shin-splints").exists()


def test_a_reviewer_without_a_review_date_is_refused(admin_client, blog, jane):
    html = soup(editor_post(admin_client, blog, reviewed_by=jane.pk, reviewed_on=""))

    assert "date" in field_errors(html, "reviewed_on").lower()
    assert not BlogPage.objects.filter(slug="shin-splints").exists()


def test_a_next_review_not_after_the_review_is_refused_with_both_dates_kept(admin_client, blog, jane):
    html = soup(
        editor_post(admin_client, blog, reviewed_by=jane.pk, reviewed_on="03/03/2026", next_review_on="01/03/2026")
    )

    assert "after the review" in field_errors(html, "next_review_on").lower()
    assert html.find(id="id_reviewed_on")["value"] == "03/03/2026"
    assert html.find(id="id_next_review_on")["value"] == "01/03/2026"
    assert not BlogPage.objects.filter(slug="shin-splints").exists()


def test_a_review_dated_in_the_future_is_refused(admin_client, blog, jane):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")

    html = soup(editor_post(admin_client, blog, reviewed_by=jane.pk, reviewed_on=tomorrow))

    assert "future" in field_errors(html, "reviewed_on").lower()


def test_a_writer_records_a_review_in_the_clinical_review_panel(clinic_site, jane):
    blog, writer = clinic_site["blog"], signed_in("Writer")
    editor = soup(writer.get(f"/admin/pages/add/blog/blogpage/{blog.pk}/"))
    panel = editor.find(id="id_reviewed_on").find_parent("section")
    assert "Clinical review" in panel.get_text()
    assert {"id_reviewed_by", "id_reviewed_on", "id_next_review_on"} <= {tag.get("id") for tag in panel.find_all(True)}
    assert "12 months" in panel.get_text()

    response = editor_post(writer, blog, reviewed_by=jane.pk, reviewed_on="03/03/2026", **{"action-submit": "Submit"})

    assert response.status_code == 302
    post = BlogPage.objects.get(slug="shin-splints")
    assert (post.reviewed_by, post.reviewed_on, post.next_review_on) == (
        jane,
        REVIEWED_ON,
        datetime.date(2027, 3, 3),
    )


# JSON-LD: the page (schema.org WebPage) was last reviewed, by a Person.


def page_data(client, post):
    scripts = soup(client.get(post.url)).find_all("script", type="application/ld+json")
    [posting] = [block for block in (json.loads(s.string) for s in scripts) if block["@type"] == "BlogPosting"]
    return posting["mainEntityOfPage"]


def test_a_reviewed_posts_web_page_says_when_it_was_last_reviewed_and_by_whom(client, blog, jane):
    post = reviewed_post(blog, jane)

    page = page_data(client, post)

    assert page["@type"] == "WebPage"  # lastReviewed and reviewedBy are WebPage's, not BlogPosting's
    assert page["lastReviewed"] == "2026-03-03"
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": "Jane Physio",
        "url": "http://localhost/blog/author/jane-physio/",
        "jobTitle": "Chartered physiotherapist",
    }


def test_an_unreviewed_post_claims_no_review(client, blog):
    page = page_data(client, make_post(blog, "Shin splints"))

    assert "lastReviewed" not in page and "reviewedBy" not in page


# The dashboard: posts due for review, for those who can edit them.


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def posts_to_review(clinic_site, jane):
    blog = clinic_site["blog"]
    long_ago = days_from_today(-400)
    return {
        "overdue": reviewed_post(blog, jane, "Overdue", reviewed_on=long_ago, next_review_on=days_from_today(-5)),
        "due soon": reviewed_post(blog, jane, "Due soon", reviewed_on=long_ago, next_review_on=days_from_today(30)),
        "not yet": reviewed_post(blog, jane, "Not yet", reviewed_on=long_ago, next_review_on=days_from_today(31)),
        "never": make_post(blog, "Never reviewed"),
        "draft": make_post(blog, "Draft never reviewed", publish=False),
    }


def review_panel(client):
    return soup(client.get("/admin/")).find(id="review-due-section")


def test_writers_and_the_clinic_lead_see_the_posts_due_for_review_each_linked_to_its_editor(posts_to_review):
    shipped = [post for post in BlogPage.objects.live() if post.reviewed_on is None and post.title != "Never reviewed"]
    for group in ("Writer", "Clinic lead"):
        panel = review_panel(signed_in(group))
        assert "Posts due for clinical review" in panel.get_text(), group

        links = {a.get_text(strip=True): a["href"] for a in panel.select("li a")}
        expected = [posts_to_review[name] for name in ("never", "overdue", "due soon")] + shipped
        assert set(links) == {post.title for post in expected}, group
        for post in expected:
            assert links[post.title] == f"/admin/pages/{post.pk}/edit/"


def test_each_due_post_says_why_it_is_listed(admin_client, posts_to_review):
    panel = review_panel(admin_client)
    rows = {
        row.find("a").get_text(strip=True): " ".join(row.get_text(" ", strip=True).split())
        for row in panel.find_all("li")
    }

    assert "Never reviewed" in rows["Never reviewed"]
    overdue = posts_to_review["overdue"].next_review_on
    assert f"overdue since {overdue.day} {overdue:%B %Y}".lower() in rows["Overdue"].lower()
    due = posts_to_review["due soon"].next_review_on
    assert f"due {due.day} {due:%B %Y}".lower() in rows["Due soon"].lower()
    # Never reviewed first, then the most overdue.
    assert list(rows).index("Overdue") < list(rows).index("Due soon")


def test_reception_sees_no_review_panel(posts_to_review):
    reception = signed_in("Reception")

    html = soup(reception.get("/admin/"))

    assert html.find(id="review-due-section") is None
    assert "clinical review" not in html.get_text().lower()


def test_the_panel_says_so_when_nothing_is_due(admin_client, clinic_site, jane):
    for post in BlogPage.objects.all():
        post.reviewed_by, post.reviewed_on = jane, timezone.localdate()
        post.next_review_on = None
        post.save_revision().publish()

    panel = review_panel(admin_client)

    assert panel.find_all("li") == []
    assert "No post is due for review" in panel.get_text()


def test_due_for_clinical_review_lists_only_live_posts_due_within_30_days_or_never_reviewed(posts_to_review):
    due = BlogPage.objects.due_for_clinical_review(timezone.localdate())

    titles = [post.title for post in due]
    assert "Not yet" not in titles and "Draft never reviewed" not in titles
    assert {"Never reviewed", "Overdue", "Due soon"} <= set(titles)
