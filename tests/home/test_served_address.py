"""`make run` and `make run PORT=…`: every absolute address points at the address being served.

The Makefile's own commands are read with `make -n`, and the loader is run with
the very arguments `make run PORT=8123` gives it, so a Makefile that stops
passing the address fails here.
"""

import re
import shlex
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Site

from contact.models import EnquiryPage
from contact.notifications import clinic_details, notification
from tests.contact.helpers import make_enquiry

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
SERVED = "http://127.0.0.1:8123"
POST_URL = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"
PAGES = [
    "/",
    "/blog/",
    POST_URL,
    "/blog/category/running/",
    "/blog/tag/knee-pain/",
    "/blog/author/the-body-zest-team/",
    "/book-a-discovery-visit/",
    "/privacy/",
    "/search/?q=knee",
]
ATOM = "{http://www.w3.org/2005/Atom}"


def make_commands(*variables):
    """The shell lines `make run` would run with these variables (nothing is run)."""
    result = subprocess.run(["make", "-n", "run", *variables], cwd=REPO, capture_output=True, text=True, check=True)
    return [shlex.split(line) for line in result.stdout.splitlines() if "manage.py" in line]


def command(lines, name):
    [line] = [words for words in lines if name in words]
    return line


def load_as_make_run(*variables):
    """Run the loader exactly as `make run` would, with these variables."""
    words = command(make_commands(*variables), "load_clinic_content")
    call_command(*words[words.index("load_clinic_content") :], stdout=open("/dev/null", "w"))


@pytest.fixture(autouse=True)
def forget_site_root_paths():
    yield
    Site.clear_site_root_paths_cache()  # the rollback does not tell Wagtail's cache


@pytest.fixture
def served_on_8123():
    load_as_make_run("PORT=8123")


def get(client, url):
    """``url`` as a browser at the served address asks for it."""
    response = client.get(url, HTTP_HOST="127.0.0.1:8123")
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_make_run_serves_on_the_port_it_is_given_and_tells_the_loader_and_the_admin():
    lines = make_commands("PORT=8123")

    runserver = command(lines, "runserver")
    assert runserver[-1] == "127.0.0.1:8123"
    assert f"WAGTAILADMIN_BASE_URL={SERVED}" in runserver
    assert command(lines, "load_clinic_content")[-2:] == ["--served-at", SERVED]


def test_the_default_port_is_passed_too():
    assert command(make_commands(), "load_clinic_content")[-2:] == ["--served-at", "http://127.0.0.1:8000"]


def test_the_site_record_is_the_served_address(served_on_8123):
    site = Site.objects.get(is_default_site=True)

    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8123, SERVED)


@pytest.mark.parametrize("url", PAGES)
def test_every_absolute_address_in_a_page_head_is_the_served_one(client, served_on_8123, url):
    head = BeautifulSoup(get(client, url).content, "html.parser").head
    canonical = head.find("link", rel="canonical")
    addresses = [
        *([canonical["href"]] if canonical else []),
        *(tag["content"] for tag in head.find_all("meta", property=["og:url", "og:image"])),
        *(tag["content"] for tag in head.find_all("meta", attrs={"name": "twitter:image"})),
        *(link["href"] for link in head.find_all("link", rel="alternate")),
    ]

    assert head.find("meta", property="og:image"), "every page is shared with a picture"
    assert head.find_all("link", rel="alternate"), "feed autodiscovery"
    assert addresses and all(address.startswith(SERVED + "/") for address in addresses), addresses
    assert "localhost" not in str(head) and "127.0.0.1:8000" not in str(head)


def test_the_sitemap_and_robots_txt_give_the_served_address(client, served_on_8123):
    sitemap = ElementTree.fromstring(get(client, "/sitemap.xml").content)
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]

    assert SERVED + POST_URL in locations
    assert all(location.startswith(SERVED + "/") for location in locations)
    assert f"Sitemap: {SERVED}/sitemap.xml" in get(client, "/robots.txt").content.decode()


def test_the_feeds_give_the_served_address(client, served_on_8123):
    rss = ElementTree.fromstring(get(client, "/blog/feed/rss/").content).find("channel")
    atom = ElementTree.fromstring(get(client, "/blog/feed/atom/").content)
    links = [
        rss.find("link").text,
        *(item.find("link").text for item in rss.findall("item")),
        *(link.get("href") for link in atom.iter(f"{ATOM}link")),
    ]

    assert SERVED + POST_URL in links
    assert all(link.startswith(SERVED + "/") for link in links), links


def test_the_clinics_email_about_an_enquiry_links_to_the_served_admin(settings, served_on_8123):
    runserver = command(make_commands("PORT=8123"), "runserver")
    settings.WAGTAILADMIN_BASE_URL = next(word for word in runserver if "=" in word).split("=", 1)[1]
    enquiry = make_enquiry(page=EnquiryPage.objects.get())

    message = notification(enquiry, clinic_details(enquiry))

    assert re.search(rf"{re.escape(SERVED)}/admin/\S*{enquiry.pk}/", message.body)


def test_run_again_on_another_port_the_addresses_follow(client):
    load_as_make_run("PORT=8000")
    load_as_make_run("PORT=8123")

    head = BeautifulSoup(get(client, POST_URL).content, "html.parser").head
    assert head.find("link", rel="canonical")["href"] == SERVED + POST_URL


def test_a_real_address_staff_gave_the_site_is_kept(client, clinic_site):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "www.bodyzest.example", 443
    site.save()

    load_as_make_run("PORT=8123")

    site.refresh_from_db()
    assert (site.hostname, site.port) == ("www.bodyzest.example", 443)
