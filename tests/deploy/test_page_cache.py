"""What the site tells the cache in front: public pages may be shared, nothing personal ever is.

The app stores no pages itself (bodyzest/cache_headers.py); Varnish, tested in
test_varnish.py, is the one page cache.
"""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.factories import make_blog, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return make_post(make_blog(), "Knee pain on long runs")


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_public_pages_may_be_shared_by_caches_for_the_configured_times(client, post, settings):
    settings.CACHE_CONTROL_MAX_AGE = 30
    settings.CACHE_CONTROL_S_MAXAGE = 3600
    settings.CACHE_CONTROL_STALE_WHILE_REVALIDATE = 45
    settings.CACHE_CONTROL_STALE_IF_ERROR = 7200
    assert directives(client.get(post.url)) == {
        "public",
        "max-age=30",
        "s-maxage=3600",
        "stale-while-revalidate=45",
        "stale-if-error=7200",
    }


def test_browsers_keep_no_page_by_default_so_a_change_shows_on_the_next_visit(client, post):
    assert "max-age=0" in directives(client.get(post.url))


def test_the_app_itself_stores_no_page(client, post):
    client.get(post.url)
    post.title = "Knee pain, explained"
    post.save_revision().publish()  # no commit in this test: nothing could have told a page cache
    assert b"Knee pain, explained" in client.get(post.url).content


def test_signed_in_staff_get_private_pages(client, post, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "x"))
    assert {"private", "no-store"} <= directives(client.get(post.url))


def test_a_csrf_cookie_alone_leaves_a_page_shareable(client, post):
    client.cookies["csrftoken"] = "x" * 32
    assert "public" in directives(client.get(post.url))


def test_view_restricted_pages_are_never_shared(client, post):
    restriction = PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Patients"))
    response = client.get(post.url)
    assert response.status_code == 302  # to the sign-in page
    assert "no-store" in directives(response)


def test_the_enquiry_page_with_its_form_token_is_never_shared(client, clinic_site):
    from contact.models import EnquiryPage

    assert {"private", "no-store"} <= directives(client.get(EnquiryPage.objects.get().url))


def test_previews_are_never_shared(client, post, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "x"))
    response = client.get(f"/admin/pages/{post.pk}/edit/preview/?mode=")
    assert "public" not in response.get("Cache-Control", "")


def test_not_found_pages_are_not_shared(client, post):
    assert "no-store" in directives(client.get("/no-such-page/"))


def test_public_pages_are_compressed_and_private_ones_are_not(client, clinic_site):
    from blog.models import BlogPage
    from contact.models import EnquiryPage

    post = BlogPage.objects.live().first()
    assert client.get(post.url, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
    # The enquiry page carries a CSRF token: compressing it would expose the token to BREACH.
    assert "Content-Encoding" not in client.get(EnquiryPage.objects.get().url, HTTP_ACCEPT_ENCODING="gzip")
