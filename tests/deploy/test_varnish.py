"""The one page cache: Debian's real Varnish with the shipped VCL, in front of the live server, every layer on.

Each change staff can make is seen by the next reader at every address that
shows it, whatever tracking parameters the address carries; the cache stays
bounded; nothing private or staff-only is ever cached; readers still get
pages while the site cannot answer. `.ci/run` installs the package; under CI
(the CI variable set) a missing varnishd fails these tests instead of skipping them.
"""

import datetime
import http.client
import os
import re
import subprocess
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage
from deploy.varnishd import Varnish, varnish_available
from home.models import ClinicDetails, HomePage, StandardPage
from tests.conftest import ClinicContentSnapshot
from tests.factories import make_image
from tests.faults import FaultyProxy

MISSING = "Debian's varnishd is missing: install the `varnish` package (apt-get install varnish)."
RUNNERS_KNEE = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"
SHARED = ("", "?utm_source=facebook&utm_medium=social", "?fbclid=IwAR0abc", "?gclid=xyz&mc_eid=1")


def require_varnish():
    if not varnish_available():
        if os.environ.get("CI"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)


@pytest.fixture(scope="module")
def shared_varnish(live_server):
    require_varnish()
    proxy = Varnish([int(live_server.url.rsplit(":", 1)[1])])
    yield proxy
    proxy.stop()


def use_varnish(settings, proxy):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": proxy.url}
    }


@pytest.fixture
def varnish(transactional_db, shared_varnish, settings):
    """The clinic's content behind Varnish, which holds nothing from an earlier test."""
    use_varnish(settings, shared_varnish)
    fetch(shared_varnish, "/", method="PURGE")
    ClinicContentSnapshot.load()
    return shared_varnish


def fetch(varnish, path, cookie=None, method="GET", host="localhost", connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", varnish.port, timeout=30)
    headers = {"Host": host, **({"Cookie": cookie} if cookie else {})}
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    body = response.read().decode()
    if own:
        connection.close()
    return response, body


def cached(varnish, path, **kwargs):
    """Read ``path`` until Varnish answers it from its cache; the body it holds."""
    fetch(varnish, path, **kwargs)
    response, body = fetch(varnish, path, **kwargs)
    assert response.getheader("X-Varnish-Cache") == "hit", path
    return body


def objects_in(varnish):
    """How many objects Varnish holds, once its count has settled.

    Varnish sums its threads' counters now and then, so a count read just after
    a fetch can lag it: read until the same count comes twice, a quarter second apart.
    """
    counts = [None]
    for _ in range(20):
        output = subprocess.run(
            ["varnishstat", "-n", varnish.workdir, "-1", "-f", "MAIN.n_object"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        counts.append(int(output.split()[1]))
        if counts[-1] == counts[-2]:
            break
        time.sleep(0.25)
    return counts[-1]


def runners_knee():
    return BlogPage.objects.get(url_path__endswith="/knee-pain-and-runners-knee-when-training-for-an-event/")


def every_variant(path):
    return [path + query for query in SHARED]


# --- Every change, seen on the next request, at every variant of every address showing it ----------------


def test_a_corrected_post_is_fresh_on_the_post_its_blog_and_the_home_page(varnish):
    for path in (*every_variant(RUNNERS_KNEE), *every_variant("/blog/"), "/"):
        cached(varnish, path)
    post = runners_knee()
    post.title = "Runner's knee, corrected"
    post.save_revision().publish()
    for path in (*every_variant(RUNNERS_KNEE), *every_variant("/blog/"), "/"):
        assert "Runner&#x27;s knee, corrected" in fetch(varnish, path)[1], path


def test_an_unpublished_post_is_gone_at_its_shared_links(varnish):
    for path in every_variant(RUNNERS_KNEE):
        cached(varnish, path)
    runners_knee().unpublish()
    for path in every_variant(RUNNERS_KNEE):
        assert fetch(varnish, path)[0].status == 404, path
    assert "Knee pain and runner" not in fetch(varnish, "/blog/")[1]


def test_a_scheduled_post_appears_when_the_cron_job_publishes_it(varnish):
    cached(varnish, "/blog/")
    post = BlogPage(title="Hamstrings before a half marathon", date=datetime.date(2026, 3, 1), introduction="Stretch.")
    BlogIndexPage.objects.get().add_child(instance=post)
    post.unpublish()
    post.go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    post.save_revision(approved_go_live_at=post.go_live_at)
    call_command("publish_scheduled", stdout=open(os.devnull, "w"))
    assert "Hamstrings before a half marathon" in fetch(varnish, "/blog/?utm_campaign=spring")[1]


def test_a_moved_page_answers_at_its_new_address(varnish):
    about = HomePage.objects.get().add_child(instance=StandardPage(title="About us", slug="about", body="<p>Who.</p>"))
    about.save_revision().publish()
    cached(varnish, "/about/")
    about.move(BlogIndexPage.objects.get(), "last-child")
    assert fetch(varnish, "/about/")[0].status == 301  # Wagtail's redirect from where it was
    assert fetch(varnish, "/blog/about/")[0].status == 200


def test_a_deleted_post_is_gone(varnish):
    cached(varnish, RUNNERS_KNEE)
    runners_knee().delete()
    assert fetch(varnish, RUNNERS_KNEE)[0].status == 404


def test_a_post_made_private_leaves_the_cache_and_its_listings(varnish):
    for path in (RUNNERS_KNEE, "/blog/", "/blog/?fbclid=1"):
        cached(varnish, path)
    PageViewRestriction.objects.create(page=runners_knee(), restriction_type=PageViewRestriction.LOGIN)
    response, _body = fetch(varnish, RUNNERS_KNEE)
    assert response.status == 302 and "/login/" in response.getheader("Location")
    assert "Knee pain and runner" not in fetch(varnish, "/blog/?fbclid=1")[1]


def test_new_clinic_details_show_on_every_cached_page(varnish):
    paths = ["/", "/blog/", RUNNERS_KNEE, "/blog/category/running/", "/blog/feed/rss/"]
    for path in paths[:4]:
        cached(varnish, path)
    details = ClinicDetails.objects.get()
    details.phone = "01737 000111"
    details.save()
    for path in paths[:4]:
        assert "01737 000111" in fetch(varnish, path + "?utm_source=newsletter")[1], path


def test_a_new_menu_page_appears_in_every_header(varnish):
    cached(varnish, RUNNERS_KNEE)
    about = HomePage.objects.get().add_child(
        instance=StandardPage(title="About us", slug="about", show_in_menus=True, body="<p>Who.</p>")
    )
    about.save_revision().publish()
    assert 'href="/about/"' in fetch(varnish, RUNNERS_KNEE)[1]


def test_a_new_redirect_answers_at_once(varnish):
    assert fetch(varnish, "/old-knee-post/")[0].status == 404
    Redirect.objects.create(old_path="/old-knee-post", redirect_page=runners_knee())
    response, _body = fetch(varnish, "/old-knee-post/")
    assert response.status == 301 and response.getheader("Location").endswith(RUNNERS_KNEE)


def test_a_renamed_author_and_category_show_on_the_post(varnish):
    cached(varnish, RUNNERS_KNEE)
    author = Author.objects.get()
    author.name = "Sam Physio"
    author.save()
    assert "Sam Physio" in fetch(varnish, RUNNERS_KNEE)[1]
    cached(varnish, "/blog/")
    category = BlogCategory.objects.get(slug="running")
    category.name = "Running and jogging"
    category.save()
    assert "Running and jogging" in fetch(varnish, "/blog/")[1]


def test_a_changed_image_is_never_served_from_an_old_copy(varnish):
    cached(varnish, RUNNERS_KNEE)
    image = make_image(title="Knee")
    assert fetch(varnish, RUNNERS_KNEE)[0].getheader("X-Varnish-Cache") == "miss"
    cached(varnish, RUNNERS_KNEE)
    image.description = "A runner holding their knee."
    image.save()
    assert fetch(varnish, RUNNERS_KNEE)[0].getheader("X-Varnish-Cache") == "miss"


def test_a_draft_or_autosave_bans_nothing(varnish):
    cached(varnish, RUNNERS_KNEE)
    post = runners_knee()
    post.title = "Not yet"
    post.save_revision()
    response, body = fetch(varnish, RUNNERS_KNEE)
    assert response.getheader("X-Varnish-Cache") == "hit" and "Not yet" not in body


# --- Bounded -----------------------------------------------------------------------------------------------


def test_tracking_parameters_share_the_pages_one_cached_copy(varnish):
    fetch(varnish, "/blog/?utm_source=a")
    for path in ("/blog/?fbclid=b", "/blog/", "/blog/?gclid=c&utm_medium=d&mc_cid=e"):
        assert fetch(varnish, path)[0].getheader("X-Varnish-Cache") == "hit", path


def test_the_page_number_varies_the_cache_and_nothing_else_does(varnish):
    cached(varnish, "/blog/")
    assert fetch(varnish, "/blog/?page=1")[0].getheader("X-Varnish-Cache") == "miss"
    assert fetch(varnish, "/blog/?utm_source=x&page=1")[0].getheader("X-Varnish-Cache") == "hit"
    assert fetch(varnish, "/blog/?page=99")[0].status == 404


def test_ten_thousand_random_query_strings_add_no_cache_entries(varnish):
    cached(varnish, RUNNERS_KNEE)
    before = objects_in(varnish)
    connection = http.client.HTTPConnection("127.0.0.1", varnish.port, timeout=30)
    for number in range(10_000):
        query = f"?x{number}={number}" if number % 3 else f"?utm_id={number}&page=abc{number}&q={number}"
        response, _body = fetch(varnish, RUNNERS_KNEE + query, connection=connection)
        assert response.status == 200
    connection.close()
    assert objects_in(varnish) == before


def test_searches_go_to_the_site_and_fill_no_cache(varnish):
    """Asked twice, each search still goes to the site: nothing was kept of the first answer."""
    for number in range(20):
        for _ in range(2):
            response, _body = fetch(varnish, f"/search/?q=knee{number}")
            assert response.status == 200 and response.getheader("X-Varnish-Cache") == "miss", number


# --- Cookies, hosts, privacy -------------------------------------------------------------------------------


def test_a_csrf_or_analytics_cookie_does_not_stop_a_page_coming_from_the_cache(varnish):
    cached(varnish, RUNNERS_KNEE)
    for cookie in ("csrftoken=" + "a" * 32, "_ga=GA1.2.3; _gid=GA1.4.5", "_ga=1; csrftoken=" + "b" * 32):
        assert fetch(varnish, RUNNERS_KNEE, cookie=cookie)[0].getheader("X-Varnish-Cache") == "hit", cookie


def test_the_enquiry_form_keeps_the_visitors_csrf_token_and_is_never_cached(varnish):
    from contact.models import EnquiryPage

    path = EnquiryPage.objects.get().url
    first, body = fetch(varnish, path)
    token = re.search(r"csrftoken=([^;]+)", first.getheader("Set-Cookie")).group(1)
    again, _body = fetch(varnish, path, cookie=f"_ga=1; csrftoken={token}")
    assert again.getheader("X-Varnish-Cache") == "miss"
    renewed = re.search(r"csrftoken=([^;]+)", again.getheader("Set-Cookie") or "")
    assert renewed is None or renewed.group(1) == token  # the visitor's token still stands
    assert 'name="csrfmiddlewaretoken"' in body


def test_cached_pages_answer_only_for_the_sites_own_hosts(varnish, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    cached(varnish, RUNNERS_KNEE)
    assert fetch(varnish, RUNNERS_KNEE, host="LOCALHOST:80")[0].getheader("X-Varnish-Cache") == "hit"
    response, body = fetch(varnish, RUNNERS_KNEE, host="evil.example")
    assert response.status == 400 and "Knee pain and runner" not in body


def test_staff_pages_previews_and_signed_in_views_are_never_cached(varnish, client, django_user_model):
    post = runners_knee()
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.com", "x"))
    session = f"sessionid={client.cookies['sessionid'].value}"
    for path in ("/admin/", f"/admin/pages/{post.pk}/edit/", f"/admin/pages/{post.pk}/edit/preview/?mode=", post.url):
        for _ in range(2):
            response, _body = fetch(varnish, path, cookie=session)
            assert response.getheader("X-Varnish-Cache") == "miss", path
    _response, staff_body = fetch(varnish, post.url, cookie=session)
    assert "wagtail-userbar" in staff_body
    assert "wagtail-userbar" not in cached(varnish, post.url)


def test_nobody_outside_can_ban_the_cache(varnish):
    cached(varnish, RUNNERS_KNEE)
    connection = http.client.HTTPConnection("127.0.0.1", varnish.port, timeout=30)
    # As a visitor's request arrives through the TLS terminator on this host.
    connection.request("PURGE", "/", headers={"Host": "localhost", "X-Forwarded-For": "203.0.113.9"})
    assert connection.getresponse().status == 405
    connection.close()
    assert fetch(varnish, RUNNERS_KNEE)[0].getheader("X-Varnish-Cache") == "hit"


# --- While the site cannot answer --------------------------------------------------------------------------


def test_readers_still_get_pages_while_the_site_cannot_answer(transactional_db, live_server, settings):
    require_varnish()
    settings.CACHE_CONTROL_S_MAXAGE = 1
    ClinicContentSnapshot.load()
    with FaultyProxy(("127.0.0.1", int(live_server.url.rsplit(":", 1)[1]))) as origin:
        proxy = Varnish([origin.port])
        try:
            use_varnish(settings, proxy)
            fetch(proxy, RUNNERS_KNEE)
            time.sleep(1.5)  # past its s-maxage: Varnish would ask the site again
            origin.mode = "close"
            for _ in range(3):
                response, body = fetch(proxy, RUNNERS_KNEE)
                assert response.status == 200 and "Knee pain and runner" in body
        finally:
            proxy.stop()
