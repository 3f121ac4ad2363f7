"""Real Varnish (Debian's package, shipped VCL) in front of the live server.

After a publish the next anonymous reader sees the new content; nothing
private or staff-only is ever cached. `.ci/run` installs the package; under CI
(the CI variable set) a missing varnishd fails these tests instead of skipping them.
"""

import http.client
import os
import re

import pytest
from django.core.management import call_command

from .varnish import Varnish, varnish_available

MISSING = "Debian's varnishd is missing: install the `varnish` package (apt-get install varnish)."


@pytest.fixture
def varnish(transactional_db, live_server, settings):
    if not varnish_available():
        if os.environ.get("CI"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    call_command("load_clinic_content", stdout=open(os.devnull, "w"))
    proxy = Varnish([int(live_server.url.rsplit(":", 1)[1])])
    settings.WAGTAILFRONTENDCACHE = {
        "origin": {"BACKEND": "bodyzest.page_cache.OriginCacheBackend"},
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": proxy.url},
    }
    yield proxy
    proxy.stop()


def fetch(varnish, path, cookie=None, method="GET"):
    connection = http.client.HTTPConnection("127.0.0.1", varnish.port, timeout=30)
    connection.request(method, path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response, body


def a_post():
    from blog.models import BlogPage

    return BlogPage.objects.live().order_by("pk").first()


def test_after_a_publish_the_next_anonymous_request_sees_the_new_content(varnish):
    post = a_post()
    path = post.url
    fetch(varnish, path)
    response, body = fetch(varnish, path)
    assert response.getheader("X-Varnish-Cache") == "hit"
    assert "Freshly edited title" not in body

    post.title = "Freshly edited title"
    post.save_revision().publish()

    response, body = fetch(varnish, path)
    assert response.getheader("X-Varnish-Cache") == "miss"
    assert "Freshly edited title" in body
    blog_response, blog_body = fetch(varnish, post.get_parent().url)
    assert "Freshly edited title" in blog_body


def test_unpublishing_takes_the_page_away_at_once(varnish):
    post = a_post()
    fetch(varnish, post.url)
    assert fetch(varnish, post.url)[0].getheader("X-Varnish-Cache") == "hit"
    post.unpublish()
    assert fetch(varnish, post.url)[0].status == 404


def test_staff_pages_previews_and_signed_in_views_are_never_cached(varnish, client, django_user_model):
    post = a_post()
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.com", "x"))
    session = f"sessionid={client.cookies['sessionid'].value}"
    for path in ("/admin/", f"/admin/pages/{post.pk}/edit/", f"/admin/pages/{post.pk}/edit/preview/?mode=", post.url):
        for _ in range(2):
            response, _body = fetch(varnish, path, cookie=session)
            assert response.getheader("X-Varnish-Cache") == "miss", path
    # What staff saw (the userbar) never reaches an anonymous reader.
    _response, staff_body = fetch(varnish, post.url, cookie=session)
    assert "wagtail-userbar" in staff_body
    fetch(varnish, post.url)
    response, body = fetch(varnish, post.url)
    assert response.getheader("X-Varnish-Cache") == "hit"
    assert "wagtail-userbar" not in body


def test_the_enquiry_form_and_its_token_are_never_cached(varnish):
    from contact.models import EnquiryPage

    path = EnquiryPage.objects.get().url
    tokens = []
    for _ in range(2):
        response, body = fetch(varnish, path)
        assert response.getheader("X-Varnish-Cache") == "miss"
        tokens += re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert len(tokens) == 2 and tokens[0] != tokens[1]


def test_analytics_cookies_do_not_stop_caching_but_a_csrf_cookie_does(varnish):
    path = a_post().url
    fetch(varnish, path)
    assert fetch(varnish, path, cookie="_ga=GA1.2.3; _gid=GA1.4.5")[0].getheader("X-Varnish-Cache") == "hit"
    assert fetch(varnish, path, cookie="_ga=GA1.2.3; csrftoken=abc")[0].getheader("X-Varnish-Cache") == "miss"
