"""Writing a post without friction: alt text asked once, categories as ticks, one call to action, a shortcut.

Each test is what a writer (or a reader) would check: the editor's form, the
saved post, the page readers get, the dashboard after signing in.
"""

import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.exceptions import ValidationError
from wagtail.models import Page

from blog.models import BlogCategory, BlogPage
from contact.models import EnquiryPage
from tests.factories import make_image, make_post, post_form_data, signed_in

pytestmark = pytest.mark.django_db

CALF_STRETCH = "A runner stretching her calf against a park bench"


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def described_image(description=CALF_STRETCH):
    image = make_image(title="IMG_2034")
    image.description = description
    image.save()
    return image


# Alt text, asked once: the image's description is the post's alt text unless the post says otherwise.


def test_a_hero_image_is_read_out_with_the_images_own_description(client, blog):
    post = make_post(blog, "Calf stretches", hero_image=described_image())

    html = soup(client.get(post.url))

    assert html.select_one(".post__hero img")["alt"] == CALF_STRETCH
    assert soup(client.get(blog.url)).select_one(".post-card img")["alt"] == CALF_STRETCH
    assert html.find("meta", property="og:image:alt")["content"] == CALF_STRETCH


def test_a_post_may_describe_its_hero_image_in_its_own_words(client, blog):
    post = make_post(
        blog, "Calf stretches", hero_image=described_image(), hero_image_alt="Sam stretching after parkrun"
    )

    assert soup(client.get(post.url)).select_one(".post__hero img")["alt"] == "Sam stretching after parkrun"


def test_a_decorative_hero_image_is_skipped_by_screen_readers_whatever_its_description(client, blog):
    post = make_post(blog, "Calf stretches", hero_image=described_image(), hero_image_decorative=True)

    assert soup(client.get(post.url)).select_one(".post__hero img")["alt"] == ""


def test_an_image_without_a_description_needs_words_from_the_post_or_a_decorative_tick(blog):
    post = BlogPage(title="Hero", slug="hero", introduction="x", body=[], hero_image=make_image(title="IMG_2034"))

    with pytest.raises(ValidationError) as refused:
        post.clean()
    message = " ".join(refused.value.message_dict["hero_image_alt"])
    assert "has no description" in message
    assert "decorative" in message

    post.hero_image = described_image()
    post.clean()  # the image's description is enough: nothing to type twice


def test_the_editor_asks_for_alt_text_once_and_says_the_field_is_optional(admin_client, blog):
    html = soup(admin_client.get(f"/admin/pages/add/blog/blogpage/{blog.pk}/"))

    label = html.find("label", attrs={"for": "id_hero_image_alt"}).get_text(" ", strip=True)
    assert "optional" in label.lower()
    assert "hero image description" not in html.get_text().lower()
    help_text = html.find(id="id_hero_image_alt").find_parent(class_="w-field").find(class_="w-field__help")
    assert "Leave empty to use the image's description" in help_text.get_text()


def test_a_writer_publishes_a_hero_image_describing_it_only_once(clinic_site, client):
    blog, writer = clinic_site["blog"], signed_in("Writer")
    data = post_form_data("Calf stretches")
    data.update({"hero_image": described_image().pk, "hero_image_alt": "", "action-submit": "Submit"})

    response = writer.post(f"/admin/pages/add/blog/blogpage/{blog.pk}/", data)

    assert response.status_code == 302
    post = BlogPage.objects.get(slug="calf-stretches")
    assert post.hero_image_alt == ""
    assert post.hero_alt_text == CALF_STRETCH


def test_the_editor_keeps_the_post_and_says_what_to_do_when_the_image_has_no_description(admin_client, blog):
    data = post_form_data("Calf stretches")
    data.update({"hero_image": make_image(title="IMG_2034").pk, "hero_image_alt": ""})

    response = admin_client.post(f"/admin/pages/add/blog/blogpage/{blog.pk}/", data)

    html = soup(response)
    errors = html.find(id="id_hero_image_alt").find_parent(class_="w-field").find(class_="w-field__errors")
    assert "has no description" in errors.get_text()
    assert html.find(id="id_title")["value"] == "Calf stretches"
    assert not BlogPage.objects.filter(slug="calf-stretches").exists()


def test_the_migration_clears_only_the_hero_descriptions_that_repeat_the_images_own(blog):
    image = described_image()
    repeated = make_post(blog, "Repeated", hero_image=image, hero_image_alt=CALF_STRETCH)
    own_words = make_post(blog, "Own words", hero_image=image, hero_image_alt="Sam after parkrun")
    undescribed = make_post(blog, "Undescribed", hero_image=make_image(), hero_image_alt="A runner on a towpath")
    migration = importlib.import_module("blog.migrations.0004_hero_image_alt_defaults_to_the_images_description")

    migration.clear_repeated_hero_descriptions(apps, None)

    for post in (repeated, own_words, undescribed):
        post.refresh_from_db()
    assert repeated.hero_image_alt == ""
    assert repeated.latest_revision.as_object().hero_image_alt == ""  # the editor opens this
    assert repeated.hero_alt_text == CALF_STRETCH
    assert own_words.hero_image_alt == "Sam after parkrun"
    assert undescribed.hero_image_alt == "A runner on a towpath"


# Categories as ticks, not a list box needing Ctrl-click.


def test_categories_are_checkboxes_and_a_writer_ticks_two(clinic_site):
    blog, writer = clinic_site["blog"], signed_in("Writer")
    knees = BlogCategory.objects.create(name="Knees", slug="knees")
    running = BlogCategory.objects.get(slug="running")

    html = soup(writer.get(f"/admin/pages/add/blog/blogpage/{blog.pk}/"))

    assert html.find("select", attrs={"name": "categories"}) is None
    boxes = html.find_all("input", attrs={"name": "categories", "type": "checkbox"})
    labels = {html.find("label", attrs={"for": box["id"]}).get_text(strip=True) for box in boxes}
    assert labels == {"Knees", "Running"}

    data = post_form_data("Knee pain on long runs")
    data.update({"categories": [knees.pk, running.pk], "action-submit": "Submit"})
    assert writer.post(f"/admin/pages/add/blog/blogpage/{blog.pk}/", data).status_code == 302
    assert set(BlogPage.objects.get(slug="knee-pain-on-long-runs").categories.all()) == {knees, running}


# One call to action: a post that ends with its own invitation to book is not followed by the site's.


def closing_invitation(page=None):
    return ("call_to_action", {"text": "Worried?", "button_label": "Book a free discovery visit", "page": page})


def site_boxes(client, post):
    return soup(client.get(post.url)).select(".post-cta")


def test_a_post_ending_with_its_own_invitation_to_book_gets_no_second_box(client, clinic_site):
    blog = clinic_site["blog"]
    ends_with_default = make_post(blog, "Knees", body=[("paragraph", "<p>Text.</p>"), closing_invitation()])
    ends_with_enquiry_page = make_post(
        blog, "Ankles", body=[("paragraph", "<p>Text.</p>"), closing_invitation(EnquiryPage.objects.get())]
    )

    for post in (ends_with_default, ends_with_enquiry_page):
        html = soup(client.get(post.url))
        assert html.select(".post-cta") == []
        buttons = [a for a in html.select("main a") if a.get_text(strip=True) == "Book a free discovery visit"]
        assert [a["href"] for a in buttons] == ["/book-a-discovery-visit/"]


def test_the_site_box_stays_when_the_post_does_not_end_by_inviting_a_booking(client, clinic_site):
    blog = clinic_site["blog"]
    plain = make_post(blog, "Knees", body=[("paragraph", "<p>Text.</p>")])
    invitation_then_more = make_post(blog, "Hips", body=[closing_invitation(), ("paragraph", "<p>More.</p>")])
    elsewhere = Page.objects.get(slug="blog")
    ends_inviting_elsewhere = make_post(blog, "Shins", body=[closing_invitation(elsewhere)])

    for post in (plain, invitation_then_more, ends_inviting_elsewhere):
        boxes = site_boxes(client, post)
        assert len(boxes) == 1, post.title
        assert boxes[0].select_one(".button")["href"] == "/book-a-discovery-visit/"


def test_every_invitation_to_book_on_a_post_is_the_accent_button_and_others_are_not(client, clinic_site):
    """Booking is the clinic's one accent-coloured action (as in the header); a link elsewhere stays plain."""
    blog = clinic_site["blog"]
    elsewhere = Page.objects.get(slug="blog")
    post = make_post(blog, "Knees", body=[closing_invitation(elsewhere), ("paragraph", "<p>Text.</p>")])
    ending = make_post(blog, "Ankles", body=[("paragraph", "<p>Text.</p>"), closing_invitation()])

    boxed = soup(client.get(post.url))
    assert "button--accent" in boxed.select_one(".post-cta .button")["class"]
    assert "button--accent" not in boxed.select_one(".cta-block .button")["class"]
    assert "button--accent" in soup(client.get(ending.url)).select_one(".cta-block .button")["class"]


# A "Write a blog post" shortcut on the dashboard of everyone who may write one.


def test_writers_and_the_clinic_lead_find_write_a_blog_post_on_their_dashboard(clinic_site):
    blog = clinic_site["blog"]
    for group in ("Writer", "Clinic lead"):
        staff = signed_in(group)
        links = [a for a in soup(staff.get("/admin/")).find_all("a") if a.get_text(strip=True) == "Write a blog post"]

        assert [a["href"] for a in links] == [f"/admin/pages/add/blog/blogpage/{blog.pk}/"], group
        editor = staff.get(links[0]["href"])
        assert editor.status_code == 200
        assert soup(editor).find(id="id_title") is not None


def test_reception_has_no_write_a_blog_post_shortcut(clinic_site):
    reception = signed_in("Reception")

    assert "Write a blog post" not in soup(reception.get("/admin/")).get_text()


def test_the_dashboard_opens_without_a_blog(admin_client, db):
    html = soup(admin_client.get("/admin/"))

    assert "Write a blog post" not in html.get_text()
