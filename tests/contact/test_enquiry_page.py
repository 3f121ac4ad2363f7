"""The enquiry page: where it is, how its form reads, and what a successful enquiry leads to."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from blog.models import BlogPage
from contact.models import Enquiry, EnquiryPage
from home.models import HomePage, StandardPage

from .helpers import enquiry_data, post_enquiry, soup

pytestmark = pytest.mark.django_db


def load_content():
    call_command("load_clinic_content", stdout=open("/dev/null", "w"))


def test_loader_creates_the_enquiry_page_and_privacy_notice(clinic_site):
    page = EnquiryPage.objects.get()
    privacy = StandardPage.objects.get(slug="privacy")
    assert page.url == "/book-a-discovery-visit/"
    assert page.live and page.show_in_menus
    assert page.privacy_page.specific == privacy
    assert privacy.live and privacy.url == "/privacy/"
    assert "staff" not in privacy.introduction.lower()
    assert "UK GDPR" in privacy.body
    assert HomePage.objects.get().call_to_action_page.specific == page


def test_loader_run_again_creates_nothing_and_keeps_staff_edits(clinic_site):
    page = EnquiryPage.objects.get()
    page.heading = "Ask us anything"
    page.save_revision().publish()
    home = HomePage.objects.get()
    home.call_to_action_page = None
    home.save_revision().publish()

    load_content()

    assert EnquiryPage.objects.get().heading == "Ask us anything"
    assert StandardPage.objects.filter(slug="privacy").count() == 1
    assert HomePage.objects.get().call_to_action_page is None


def test_every_book_button_leads_to_the_enquiry_page(client, enquiry_page):
    post = BlogPage.objects.live().first()
    for url in ("/", post.url):
        html = soup(client.get(url))
        header_button = html.select_one(".site-header .button")
        assert header_button["href"] == "/book-a-discovery-visit/"
    assert soup(client.get("/")).select_one(".hero .button")["href"] == "/book-a-discovery-visit/"
    assert soup(client.get(post.url)).select_one(".post-cta .button")["href"] == "/book-a-discovery-visit/"


def render_discovery_visit_url(request=None):
    request = request or RequestFactory().get("/", SERVER_NAME="localhost")
    return Template("{% load contact_tags %}{% discovery_visit_url %}").render(Context({"request": request}))


def test_finding_the_enquiry_page_costs_no_query_once_remembered(enquiry_page, client):
    """Every page shows the booking button: the server remembers where it leads until content changes."""
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert soup(client.get("/")).select_one(".hero .button")["href"] == "/book-a-discovery-visit/"
    assert not [query for query in queries.captured_queries if "contact_enquirypage" in query["sql"]]


def test_book_button_never_leads_the_public_to_a_private_enquiry_page(enquiry_page, client):
    """Staff may hide the page while they rework it: the button then leads to the contact details."""
    PageViewRestriction.objects.create(page=enquiry_page, restriction_type=PageViewRestriction.LOGIN)
    assert render_discovery_visit_url() == "#clinic-details"
    assert soup(client.get("/")).select_one(".hero .button")["href"] == "#clinic-details"


def test_book_button_falls_back_to_contact_details_without_a_live_enquiry_page(enquiry_page):
    enquiry_page.unpublish()
    assert render_discovery_visit_url() == "#clinic-details"


def test_form_fields_are_labelled_described_and_autocompleted(client, enquiry_page):
    html = soup(client.get(enquiry_page.url))
    form = html.select_one("form.enquiry-form")
    assert form["method"] == "post" and form.has_attr("novalidate")
    for control in form.select("input:not([type=hidden]), textarea, select"):
        assert html.select_one(f'label[for="{control["id"]}"]'), f"{control['name']} has no label"
    assert form.select_one("#id_full_name")["autocomplete"] == "name"
    assert form.select_one("#id_email")["autocomplete"] == "email"
    assert form.select_one("#id_email")["type"] == "email"
    assert form.select_one("#id_phone")["autocomplete"] == "tel"
    assert form.select_one("#id_phone")["type"] == "tel"
    message = form.select_one("textarea#id_message")
    hint = html.select_one(f"#{message['aria-describedby'].split()[0]}")
    assert "up to 2,000 characters" in hint.get_text()
    assert html.select_one('[data-character-count-for="id_message"][aria-live="polite"]')


def test_consent_box_is_unticked_required_and_links_to_the_privacy_notice(client, enquiry_page):
    html = soup(client.get(enquiry_page.url))
    consent = html.select_one("input#id_consent")
    assert consent["type"] == "checkbox"
    assert not consent.has_attr("checked")
    assert consent.has_attr("required")
    label = html.select_one('label[for="id_consent"]').get_text(" ", strip=True)
    assert "health information" in label
    described = " ".join(html.select_one(f"#{id_}").decode() for id_ in consent["aria-describedby"].split())
    assert 'href="/privacy/"' in described


def test_honeypot_is_hidden_from_people(client, enquiry_page):
    html = soup(client.get(enquiry_page.url))
    trap = html.select_one('input[name="website"]')
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert trap.find_parent(attrs={"aria-hidden": "true"})


def test_recaptcha_script_is_named_only_on_the_enquiry_page(client, enquiry_page, settings):
    """Named, not loaded: static/js/enquiry-form.js fetches it once the visitor starts the form."""
    settings.RECAPTCHA_DOMAIN = "www.recaptcha.net"
    html = soup(client.get(enquiry_page.url))
    assert html.select_one("[data-recaptcha]")["data-recaptcha-src"].startswith(
        "https://www.recaptcha.net/recaptcha/api.js"
    )
    assert not [script for script in html.select("script[src]") if "recaptcha" in script["src"]]
    post = BlogPage.objects.live().first()
    for url in ("/", post.url, "/privacy/"):
        assert b"recaptcha" not in client.get(url).content


def test_the_page_has_no_inline_script(client, enquiry_page):
    """Every script is a file, except JSON-LD data for search engines, which browsers never run."""
    for script in soup(client.get(enquiry_page.url)).select("script"):
        if script.get("type") == "application/ld+json":
            continue
        assert script.has_attr("src") and not script.string


@pytest.mark.parametrize(
    "version, marker",
    [
        ("v2-checkbox", 'div.g-recaptcha[data-sitekey]:not([data-size="invisible"])'),
        ("v2-invisible", 'div.g-recaptcha[data-size="invisible"][data-callback]'),
        ("v3", 'input.g-recaptcha[type="hidden"][name="captcha"][data-action="enquiry"]'),
    ],
)
def test_recaptcha_version_is_chosen_by_settings(client, enquiry_page, settings, version, marker):
    settings.RECAPTCHA_VERSION = version
    html = soup(client.get(enquiry_page.url))
    assert html.select_one(marker)
    if version == "v3":
        assert html.select_one('[data-recaptcha-src*="recaptcha/api.js?render="]')


def test_successful_enquiry_redirects_to_a_thank_you_page(client, enquiry_page, siteverify, mailoutbox):
    response = post_enquiry(client, enquiry_page)
    assert response.status_code == 302
    assert response["Location"] == "/book-a-discovery-visit/thank-you/"

    thank_you = client.get(response["Location"])
    html = soup(thank_you)
    assert html.select_one("h1").get_text(strip=True) == enquiry_page.thank_you_heading
    assert html.select_one('meta[name="robots"]')["content"] == "noindex"
    assert html.select_one('main a[href="tel:01632960123"]').get_text(strip=True) == "01632 960 123"

    # Refreshing the thank-you page sends nothing again.
    client.get(response["Location"])
    assert Enquiry.objects.count() == 1
    assert len(mailoutbox) == 2


def test_the_form_page_is_never_cached(client, enquiry_page):
    assert "no-store" in client.get(enquiry_page.url)["Cache-Control"]


def test_person_can_send_the_form_without_choosing_an_area(client, enquiry_page, siteverify):
    response = post_enquiry(client, enquiry_page, enquiry_data(area_of_concern=None, phone="", contact_method="email"))
    assert response.status_code == 302
    assert Enquiry.objects.get().area_of_concern == ""
