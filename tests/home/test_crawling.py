"""What search engines' crawlers read first: /robots.txt and /sitemap.xml."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from blog.models import BlogIndexPage
from home.models import StandardPage
from tests.factories import make_post

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ROOT = "http://localhost"


def sitemap(client, **headers):
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def add_page(home, title, **fields):
    page = home.add_child(instance=StandardPage(title=title, body="<p>Text.</p>", **fields))
    page.save_revision().publish()
    return page


def test_the_sitemap_lists_every_public_page_and_category_with_its_last_change(client, clinic_site):
    from contact.models import EnquiryPage

    home, blog = clinic_site["home"], clinic_site["blog"]
    add_page(home, "About us", slug="about-us")
    add_page(home, "Thanks for subscribing", slug="thanks", noindex=True)
    private = add_page(home, "Staff notes", slug="staff-notes")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = make_post(blog, "Draft post", publish=False)
    enquiry_page = EnquiryPage.objects.get()

    entries = sitemap(client)

    assert set(entries) >= {
        f"{ROOT}/",
        f"{ROOT}/about-us/",
        f"{ROOT}{enquiry_page.url}",
        f"{ROOT}/blog/",
        f"{ROOT}/blog/category/running/",
        f"{ROOT}/blog/knee-pain-and-runners-knee-when-training-for-an-event/",
        f"{ROOT}/blog/helpful-tips-for-easing-back-into-the-new-year/",
    }
    assert not set(entries) & {
        f"{ROOT}/thanks/",
        f"{ROOT}{enquiry_page.thank_you_url}",
        f"{ROOT}/staff-notes/",
        f"{ROOT}/blog/draft-post/",
    }
    assert draft.slug == "draft-post"
    for location, lastmod in entries.items():
        assert datetime.date.fromisoformat(lastmod[:10]) <= datetime.date.today(), location


def test_a_category_without_published_posts_is_not_in_the_sitemap(client, clinic_site):
    blog = BlogIndexPage.objects.get()
    for post in blog.get_children().specific():
        post.categories.clear()
        post.save_revision().publish()

    assert f"{ROOT}/blog/category/running/" not in sitemap(client)


def test_a_hidden_blog_takes_its_categories_out_of_the_sitemap(client, clinic_site):
    blog = clinic_site["blog"]
    blog.noindex = True
    blog.save_revision().publish()

    entries = sitemap(client)

    assert f"{ROOT}/blog/" not in entries
    assert f"{ROOT}/blog/category/running/" not in entries


def test_production_sitemap_and_robots_give_https_addresses(client, https_site):
    entries = sitemap(client, HTTP_HOST="www.bodyzest.example")
    robots = client.get("/robots.txt", HTTP_HOST="www.bodyzest.example").content.decode()

    assert entries and all(location.startswith("https://www.bodyzest.example/") for location in entries)
    assert "Sitemap: https://www.bodyzest.example/sitemap.xml" in robots.splitlines()


def test_robots_txt_allows_the_site_but_not_the_admin_or_search_results(client, clinic_site):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Allow: /",
        "",
        f"Sitemap: {ROOT}/sitemap.xml",
    ]
