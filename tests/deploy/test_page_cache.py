"""Public pages come from the shared cache; nothing personal is ever stored or marked shareable."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.factories import make_blog, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return make_post(make_blog(), "Knee pain on long runs")


def test_second_anonymous_request_comes_from_the_cache_without_a_query(client, post, django_assert_num_queries):
    first = client.get(post.url)
    assert first["X-Origin-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(post.url)
    assert second["X-Origin-Cache"] == "hit"
    assert second.content == first.content


def test_public_pages_may_be_shared_by_caches_for_the_configured_times(client, post, settings):
    settings.CACHE_CONTROL_MAX_AGE = 30
    settings.CACHE_CONTROL_S_MAXAGE = 3600
    settings.CACHE_CONTROL_STALE_WHILE_REVALIDATE = 45
    directives = {part.strip() for part in client.get(post.url)["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=30", "s-maxage=3600", "stale-while-revalidate=45"}


def test_signed_in_staff_never_get_or_fill_the_cache(client, post, django_user_model):
    client.get(post.url)  # cached for readers
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "x"))
    response = client.get(post.url)
    assert "X-Origin-Cache" not in response
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_request_with_a_session_or_csrf_cookie_bypasses_the_cache(client, post):
    client.get(post.url)
    client.cookies["csrftoken"] = "x" * 32
    assert "X-Origin-Cache" not in client.get(post.url)


def test_view_restricted_pages_are_never_cached(client, post):
    restriction = PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Patients"))
    response = client.get(post.url)
    assert response.status_code == 302  # to the sign-in page
    assert "no-store" in response["Cache-Control"]
    assert "X-Origin-Cache" not in client.get(post.url)


def test_the_enquiry_page_with_its_form_token_is_never_cached(client, clinic_site):
    from contact.models import EnquiryPage

    url = EnquiryPage.objects.get().url
    for _ in range(2):
        response = client.get(url)
        assert "X-Origin-Cache" not in response
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_previews_are_never_cached(client, post, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "x"))
    response = client.get(f"/admin/pages/{post.pk}/edit/preview/?mode=")
    assert "X-Origin-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_not_found_pages_are_not_stored(client, post):
    client.get("/no-such-page/")
    assert "X-Origin-Cache" not in client.get("/no-such-page/")


def test_public_pages_are_compressed_and_private_ones_are_not(client, post, clinic_site):
    from contact.models import EnquiryPage

    assert client.get(post.url, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
    # The enquiry page carries a CSRF token: compressing it would expose the token to BREACH.
    assert "Content-Encoding" not in client.get(EnquiryPage.objects.get().url, HTTP_ACCEPT_ENCODING="gzip")
