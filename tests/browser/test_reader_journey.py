"""A reader on a phone: home → blog → the runner's knee post → Next → Previous → book a visit."""

import re

import pytest
from playwright.sync_api import expect

from blog.models import BlogCategory, BlogIndexPage
from tests.browser.conftest import PHONE, screenshot
from tests.factories import make_post

RUNNERS_KNEE = "Knee pain and runner's knee when training for an event"
NEW_YEAR = "Helpful Tips for Easing Back Into the New Year"


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_a_reader_moves_through_the_blog_and_reaches_the_booking_page(site, phone):
    page = phone
    page.goto(site.url + "/")
    expect(page.locator("h1")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Blog").click()
    expect(page).to_have_url(re.compile(r"/blog/$"))
    expect(page.locator("h1")).to_have_text("Blog")

    page.get_by_role("link", name=RUNNERS_KNEE).click()
    expect(page.locator("h1")).to_have_text(RUNNERS_KNEE)
    more_posts = page.get_by_role("navigation", name="More posts")
    expect(more_posts.get_by_text("Previous")).to_have_count(0)

    more_posts.get_by_role("link", name=re.compile("^Next")).click()
    expect(page.locator("h1")).to_have_text(NEW_YEAR)

    page.get_by_role("navigation", name="More posts").get_by_role("link", name=re.compile("^Previous")).click()
    expect(page.locator("h1")).to_have_text(RUNNERS_KNEE)

    page.locator(".post-cta").get_by_role("link", name="Book a free discovery visit").click()
    expect(page.locator("h1")).to_contain_text("discovery visit")


def test_a_post_reads_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site.url + "/blog/knee-pain-and-runners-knee-when-training-for-an-event/")

    expect(page.get_by_role("heading", name="Strengthening exercises for runner's knee", level=2)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Blog")).to_be_visible()
    screenshot(page, "post-no-js")
    context.close()


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_content(site, phone):
    page = phone
    page.goto(site.url + "/blog/")
    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main-content$"))
    expect(page.locator("#main-content")).to_be_focused()


def test_a_printed_post_keeps_the_words_and_drops_the_website_around_them(site, page):
    # A second running post, so the runner's knee post has related posts to leave off the paper.
    blog = BlogIndexPage.objects.get()
    make_post(blog, "Pacing your first half marathon", categories=BlogCategory.objects.filter(slug="running"))
    page.goto(site.url + "/blog/knee-pain-and-runners-knee-when-training-for-an-event/")
    for on_screen in [".site-search", ".related-posts", ".post-topics", ".post-cta"]:
        expect(page.locator(on_screen)).to_be_visible()
    page.emulate_media(media="print")

    expect(page.locator("h1")).to_have_text(RUNNERS_KNEE)
    expect(page.locator(".post__header .post-meta")).to_be_visible()
    expect(page.get_by_role("heading", name="1. Hip and glute strength", level=3)).to_be_visible()
    expect(page.get_by_text("Side-lying leg lifts")).to_be_visible()
    for website_around in [".main-nav", ".prev-next", ".post-cta", ".site-search", ".related-posts", ".post-topics"]:
        expect(page.locator(website_around)).to_be_hidden()


def test_every_style_font_and_script_comes_from_the_site_itself(site, page):
    outside = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(site.url) else None)
    for path in ["/", "/blog/", "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"]:
        page.goto(site.url + path)
        page.wait_for_load_state("networkidle")

    assert outside == []
