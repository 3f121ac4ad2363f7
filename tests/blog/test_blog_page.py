"""A blog post: what readers see, and what staff can build in the admin."""

import datetime
import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.blocks import count_words
from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage
from home.models import ClinicDetails, HomePage, StandardPage
from tests.factories import make_blog, make_image, make_post


class BlogPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.blog = make_blog()
        cls.author = Author.objects.create(name="Alex Example", role="Physiotherapist", bio="Alex treats runners.")
        cls.running = BlogCategory.objects.create(name="Running", slug="running")
        cls.post = make_post(
            cls.blog,
            "Shin splints",
            datetime.date(2026, 3, 4),
            introduction="Shin pain is common when mileage rises.",
            author=cls.author,
            body=[
                ("heading", {"text": "What are shin splints?", "level": "h2"}),
                ("heading", {"text": "1. Rest", "level": "h3"}),
                ("paragraph", "<p>Pain along the <b>inner</b> shin.</p><ul><li>Rest</li><li>Ice</li></ul>"),
                ("callout", {"title": "When to seek professional help", "text": "<p>If pain is severe.</p>"}),
                ("quote", {"quote": "I ran again in a month.", "attribution": "A patient"}),
                ("call_to_action", {"text": "Worried?", "button_label": "Book a free discovery visit", "page": None}),
            ],
        )
        cls.post.categories.set([cls.running])
        cls.post.tags.set(["shin pain", "running"])
        cls.post.save_revision().publish()

    def soup(self, url=None):
        response = self.client.get(url or self.post.url)
        self.assertEqual(response.status_code, 200)
        return BeautifulSoup(response.content, "html.parser")

    def test_an_anonymous_reader_can_read_a_post(self):
        self.assertPageIsRenderable(self.post)
        self.assertPageIsRenderable(self.blog)

    def test_the_post_shows_its_date_author_reading_time_categories_and_tags(self):
        header = self.soup().find("article")
        text = " ".join(header.get_text(" ", strip=True).split())

        self.assertEqual(header.find("time")["datetime"], "2026-03-04")
        self.assertIn("4 March 2026", text)
        self.assertIn("By Alex Example", text)
        self.assertIn("1 min read", text)
        self.assertIn("Categories Running", text)
        self.assertIn("Tags", text)
        self.assertIn("shin pain", text)
        self.assertIn("Physiotherapist", text)
        self.assertIn("Alex treats runners.", text)

    def test_each_block_renders_as_its_kind(self):
        body = self.soup().find(class_="post__body")

        self.assertEqual(body.find("h2").get_text(), "What are shin splints?")
        self.assertEqual(body.find("h3").get_text(), "1. Rest")
        self.assertEqual(body.find("b").get_text(), "inner")
        self.assertEqual([li.get_text() for li in body.find("ul").find_all("li")], ["Rest", "Ice"])
        self.assertIn("When to seek professional help", body.find(class_="callout").get_text())
        self.assertEqual(body.find("blockquote").get_text(strip=True), "I ran again in a month.")
        self.assertEqual(body.select_one(".cta-block a").get_text(), "Book a free discovery visit")

    def test_one_h1_and_the_page_landmarks(self):
        soup = self.soup()

        self.assertEqual(len(soup.find_all("h1")), 1)
        self.assertEqual(soup.html["lang"], "en-GB")
        self.assertEqual(soup.find("a", class_="skip-link")["href"], "#main-content")
        self.assertIsNotNone(soup.find("main", id="main-content"))
        self.assertIsNotNone(soup.find("header"))
        self.assertIsNotNone(soup.find("nav", attrs={"aria-label": "Main"}))
        self.assertIsNotNone(soup.find("footer"))
        self.assertEqual(soup.find("title").get_text(), "Shin splints | Body Zest")

    def test_reading_time_grows_with_the_body(self):
        words = " ".join(["word"] * 1000)
        long_post = make_post(self.blog, "A long read", body=[("paragraph", f"<p>{words}</p>")])

        self.assertEqual(long_post.reading_time, 5)  # 1,000+ words at 200 a minute
        self.assertEqual(self.post.reading_time, 1)

    def test_reading_time_follows_the_published_words(self):
        edit = BlogPage.objects.get(pk=self.post.pk)
        edit.body = [("paragraph", "<p>" + " ".join(["word"] * 1000) + "</p>")]
        edit.save_revision().publish()

        self.assertIn("5 min read", self.client.get(self.post.url).content.decode())

    def test_posts_stored_before_words_were_counted_get_their_count(self):
        migration = importlib.import_module("blog.migrations.0008_blogpage_word_count")
        BlogPage.objects.filter(pk=self.post.pk).update(word_count=0)

        migration.count_existing_posts(django_apps, schema_editor=None)

        self.assertEqual(
            BlogPage.objects.get(pk=self.post.pk).word_count, count_words(self.post.introduction, self.post.body)
        )

    def test_hero_image_needs_a_description_unless_marked_decorative(self):
        post = BlogPage(title="Hero", slug="hero", introduction="x", body=[], hero_image=make_image())
        with self.assertRaisesMessage(ValidationError, "Describe the hero image"):
            post.clean()

        post.hero_image_decorative = True
        post.clean()
        self.assertEqual(post.hero_alt_text, "")

    def test_the_hero_image_is_a_responsive_picture_with_its_description(self):
        self.post.hero_image = make_image()
        self.post.hero_image_alt = "A runner holding her shin"
        self.post.save_revision().publish()

        picture = self.soup().find(class_="post__hero").find("picture")

        self.assertEqual({s["type"] for s in picture.find_all("source")}, {"image/avif", "image/webp"})
        self.assertIn("800w", picture.find("source")["srcset"])
        self.assertEqual(picture.find("img")["alt"], "A runner holding her shin")

    def test_a_post_lives_only_under_the_blog_index_and_has_no_children(self):
        self.assertAllowedParentPageTypes(BlogPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogPage, set())
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPage})
        self.assertAllowedSubpageTypes(HomePage, {BlogIndexPage, StandardPage} | _later_home_children())
        self.assertCanNotCreateAt(HomePage, BlogPage)
        self.assertCanNotCreateAt(Page, BlogIndexPage)

    def test_there_is_only_one_blog_index_and_one_home_page(self):
        self.assertFalse(BlogIndexPage.can_create_at(self.blog.get_parent()))
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_staff_can_create_a_post_in_the_admin(self):
        self.login()
        self.assertCanCreate(
            self.blog,
            BlogPage,
            nested_form_data(
                {
                    "title": "Plantar heel pain",
                    "slug": "plantar-heel-pain",
                    "date": "05/03/2026",
                    "introduction": "Heel pain first thing in the morning is common.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "What is it?", "level": "h2"}),
                            ("paragraph", rich_text("<p>An irritated band under the foot.</p>")),
                            ("callout", {"title": "See us if", "text": rich_text("<p>It lasts.</p>")}),
                        ]
                    ),
                    "author": self.author.pk,
                    "categories": [self.running.pk],
                    "tags": "heel pain, feet",
                    "related_post_links": inline_formset([]),
                }
            ),
        )
        post = BlogPage.objects.get(slug="plantar-heel-pain")
        self.assertEqual(post.date, datetime.date(2026, 3, 5))
        self.assertEqual([block.block_type for block in post.body], ["heading", "paragraph", "callout"])
        self.assertEqual(sorted(tag.name for tag in post.tags.all()), ["feet", "heel pain"])
        self.assertIn(b"An irritated band under the foot.", self.client.get(post.url).content)

    def test_staff_see_wagtails_accessibility_checker_in_the_userbar(self):
        self.login()
        soup = self.soup()

        self.assertIsNotNone(soup.find("wagtail-userbar"))
        checker = soup.find(id="wagtail-userbar-template").find(id="checker-trigger")
        self.assertIsNotNone(checker, "the userbar has lost its accessibility checker")
        self.assertIsNotNone(soup.find(id="wagtail-userbar-template").find(id="checker-axe-configuration"))

    def test_a_new_post_is_dated_today_unless_staff_change_it(self):
        self.assertEqual(BlogPage().date, datetime.date.today())

    def test_every_field_staff_edit_has_help_text(self):
        # Wagtail's own page fields come with Wagtail's help text or need none.
        skip = {"title", "slug", "seo_title", "search_description", "show_in_menus", "go_live_at", "expire_at", "site"}
        for model in (BlogPage, BlogIndexPage, Author, BlogCategory, HomePage, StandardPage, ClinicDetails):
            for field in model._meta.get_fields():
                if field.concrete and field.editable and not field.auto_created and field.model is model:
                    if field.name in skip or field.name.endswith("_ptr"):
                        continue
                    with self.subTest(model=model.__name__, field=field.name):
                        self.assertTrue(field.help_text, f"{model.__name__}.{field.name} has no help text")

    def test_every_body_block_has_a_label_icon_description_and_preview(self):
        self.login()
        stream_block = BlogPage._meta.get_field("body").stream_block
        for name, block in stream_block.child_blocks.items():
            with self.subTest(block=name):
                self.assertTrue(block.label)
                self.assertNotEqual(block.meta.icon, "placeholder")
                self.assertTrue(block.get_description())
                if name != "image":  # an image preview needs an image in the library
                    self.assertTrue(block.is_previewable)
                    preview = self.client.get("/admin/block-preview/", {"id": block.definition_prefix})
                    self.assertEqual(preview.status_code, 200)
                    self.assertIn(b"css/bodyzest.css", preview.content)

    def test_image_blocks_require_alt_text_or_decorative(self):
        image_block = BlogPage._meta.get_field("body").stream_block.child_blocks["image"]
        image = make_image()
        with self.assertRaises(ValidationError):
            image_block.clean(
                image_block.to_python({"image": {"image": image.pk, "decorative": False, "alt_text": ""}})
            )
        value = image_block.clean(
            image_block.to_python({"image": {"image": image.pk, "decorative": True, "alt_text": ""}})
        )
        self.assertEqual(value["image"].contextual_alt_text, "")

    def test_a_post_scheduled_for_tomorrow_is_not_live_today(self):
        post = make_post(self.blog, "Coming soon", publish=False)
        post.go_live_at = timezone.now() + datetime.timedelta(days=1)
        post.save_revision().publish()
        post.refresh_from_db()

        self.assertFalse(post.live)
        self.assertEqual(self.client.get(post.url).status_code, 404)
        self.assertNotIn("Coming soon", self.client.get(self.blog.url).content.decode())

    def test_revisions_are_kept_for_each_publish(self):
        before = self.post.revisions.count()
        self.post.title = "Shin splints: a guide"
        self.post.save_revision().publish()

        self.assertEqual(self.post.revisions.count(), before + 1)
        self.assertEqual(self.post.revisions.order_by("created_at").first().content["title"], "Shin splints")


def _later_home_children():
    """Page types other apps add under the home page (the enquiry page, once it exists)."""
    return {model for model in HomePage.allowed_subpage_models() if model._meta.app_label == "contact"}


@pytest.mark.django_db
def test_a_post_costs_the_same_queries_whatever_the_number_of_posts(client):
    blog = make_blog()
    day = datetime.date(2025, 1, 1)
    posts = [make_post(blog, f"Post {n}", day + datetime.timedelta(days=n)) for n in range(3)]

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count(posts[1].url)
    for n in range(3, 15):
        make_post(blog, f"Post {n}", day + datetime.timedelta(days=n))

    assert count(posts[1].url) == few
    assert few <= 8  # the production budget (tests/deploy/test_query_budget.py)
