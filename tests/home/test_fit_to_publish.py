"""The site as shipped is fit to publish: no staff notes in public, a complete privacy notice, an accessibility statement."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page

from home.models import ClinicDetails, StandardPage

pytestmark = pytest.mark.django_db

# What a note to staff or an unfilled stand-in looks like in a page's text.
STAFF_NOTE = re.compile(r"\[staff|staff:|for staff|please confirm|\{[a-z ]+\}", re.IGNORECASE)
RUNNERS_KNEE = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"


def soup_of(response):
    assert response.status_code == 200, response
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ", strip=True).split())


def load_clinic_content():
    call_command("load_clinic_content", stdout=open("/dev/null", "w"))


def public_urls():
    pages = Page.objects.live().public().filter(depth__gt=1)
    return [page.url for page in pages] + ["/search/?q=knee"]


def footer_links(client, url):
    footer = soup_of(client.get(url)).find("footer", class_="site-footer")
    return {text_of(a): a["href"] for a in footer.select("nav a")}


@pytest.fixture
def real_details(clinic_site):
    """The clinic's details as staff fill them in before going live."""
    details = ClinicDetails.objects.get()
    details.name = "Body Zest Physiotherapy"
    details.address = "12 High Street\nBanstead\nSM7 2NN"
    details.phone = "01737 555 010"
    details.email = "privacy@bodyzest.test"
    details.save()
    return details


def test_no_public_page_shows_a_note_meant_for_staff(client, clinic_site):
    urls = public_urls()
    assert {"/", "/blog/", RUNNERS_KNEE, "/privacy/", "/accessibility/", "/book-a-discovery-visit/"} <= set(urls)

    for url in urls:
        page_text = text_of(soup_of(client.get(url)).body)
        assert not STAFF_NOTE.search(page_text), (url, STAFF_NOTE.search(page_text))


def test_opening_hours_nobody_has_filled_in_are_left_out_of_the_footer(client, clinic_site):
    assert ClinicDetails.objects.get().opening_hours == ""

    footer = soup_of(client.get("/")).find("footer", class_="site-footer")

    assert "Opening hours" not in text_of(footer)


def test_loading_again_removes_the_old_note_to_confirm_opening_hours_but_keeps_real_hours(clinic_site):
    details = ClinicDetails.objects.get()
    details.opening_hours = "Please confirm opening hours (staff: edit in Settings › Clinic details)"
    details.save()

    load_clinic_content()
    assert ClinicDetails.objects.get().opening_hours == ""

    details = ClinicDetails.objects.get()
    details.opening_hours = "Monday to Friday: 8am–7pm"
    details.save()
    load_clinic_content()
    assert ClinicDetails.objects.get().opening_hours == "Monday to Friday: 8am–7pm"


def test_the_privacy_notice_is_complete_and_filled_from_the_clinic_details(client, real_details, settings):
    settings.ENQUIRY_RETENTION_MONTHS = 18

    notice = soup_of(client.get("/privacy/")).find("main")
    text = text_of(notice)

    headings = [text_of(h) for h in notice.find_all("h2")]
    for heading in (
        "Who we are",
        "What we collect",
        "Why we use it, and our lawful basis",
        "Who sees it",
        "Protecting the form from spam",
        "How long we keep it",
        "Your rights",
        "Complaints",
    ):
        assert heading in headings
    # The controller, named and reachable, as the clinic details say now.
    assert "Body Zest Physiotherapy is a physiotherapy clinic" in text
    assert "controller" in text
    assert "Write to: Body Zest Physiotherapy, 12 High Street, Banstead, SM7 2NN" in text
    assert notice.find("a", href="mailto:privacy@bodyzest.test", string="privacy@bodyzest.test")
    assert notice.find("a", href="tel:01737555010", string="01737 555 010")
    # Purposes and lawful bases, explicit consent for health data.
    assert "Article 6(1)(b)" in text and "Article 6(1)(f)" in text
    assert "explicit consent" in text and "Article 9(2)(a)" in text
    assert "withdraw your consent" in text
    # Recipients.
    assert "Google reCAPTCHA" in text and notice.find("a", href="https://policies.google.com/privacy")
    assert "email provider" in text and "hosts this website" in text
    # Retention, from the setting the purge uses.
    assert "We keep your enquiry for 18 months after we receive it" in text
    # Rights and the regulator.
    for right in ("a copy", "corrected", "deleted", "restrict", "object", "withdraw your consent"):
        assert right in text
    assert "Information Commissioner's Office" in text
    assert notice.find("a", href="https://ico.org.uk/make-a-complaint/")


def test_the_privacy_notice_follows_the_clinic_details_when_staff_change_them(client, real_details):
    real_details.email = "dpo@bodyzest.test"
    real_details.save()

    notice = soup_of(client.get("/privacy/")).find("main")

    assert notice.find("a", href="mailto:dpo@bodyzest.test")
    assert "privacy@bodyzest.test" not in text_of(notice)


def test_a_detail_staff_left_empty_is_left_out_of_the_notice(client, real_details):
    real_details.phone = ""
    real_details.address = ""
    real_details.save()

    notice = soup_of(client.get("/privacy/")).find("main")
    items = [text_of(li) for li in notice.find_all("li")]

    assert not [item for item in items if item.startswith(("Phone", "Write to"))]
    assert "Email: privacy@bodyzest.test" in items
    assert not STAFF_NOTE.search(text_of(notice))


def test_the_accessibility_statement_says_how_to_report_a_problem(client, real_details):
    statement = soup_of(client.get("/accessibility/")).find("main")
    text = text_of(statement)

    assert text_of(statement.find("h1")) == "Accessibility statement"
    assert "This website is run by Body Zest Physiotherapy" in text
    assert "WCAG) version 2.2 at level AA" in text
    assert statement.find("a", href="tel:01737555010")
    assert statement.find("a", href="mailto:privacy@bodyzest.test")
    # A private clinic: the public sector regulations do not apply, the Equality Act does.
    assert "not covered by the Public Sector Bodies" in text
    assert "Equality Act 2010" in text
    assert statement.find("a", href="https://www.equalityadvisoryservice.com/")


def test_every_footer_links_the_privacy_notice_and_the_accessibility_statement(client, clinic_site):
    for url in public_urls() + ["/no-such-page/"]:
        response = client.get(url)
        footer = BeautifulSoup(response.content, "html.parser").find("footer", class_="site-footer")
        links = {text_of(a): a["href"] for a in footer.select("nav a")}
        assert links == {"Privacy notice": "/privacy/", "Accessibility statement": "/accessibility/"}, url


def test_a_footer_link_follows_its_page_when_staff_rename_and_move_it(client, clinic_site):
    statement = StandardPage.objects.get(slug="accessibility")
    statement.title, statement.slug = "Accessibility", "access"
    statement.save_revision().publish()

    assert footer_links(client, "/blog/")["Accessibility"] == "/access/"


def test_a_footer_link_is_left_out_once_its_page_is_unpublished_or_deleted(client, clinic_site):
    assert len(footer_links(client, RUNNERS_KNEE)) == 2  # and remembered, as a running server has them

    StandardPage.objects.get(slug="accessibility").unpublish()
    assert footer_links(client, RUNNERS_KNEE) == {"Privacy notice": "/privacy/"}

    StandardPage.objects.get(slug="privacy").delete()
    assert footer_links(client, RUNNERS_KNEE) == {}


def test_a_private_page_is_not_linked_from_the_footer(client, clinic_site):
    from wagtail.models import PageViewRestriction

    assert "Accessibility statement" in footer_links(client, "/")

    statement = StandardPage.objects.get(slug="accessibility")
    PageViewRestriction.objects.create(page=statement, restriction_type=PageViewRestriction.LOGIN)

    assert "Accessibility statement" not in footer_links(client, "/")


def test_loading_again_keeps_staff_edits_and_duplicates_nothing(clinic_site):
    statement = StandardPage.objects.get(slug="accessibility")
    statement.title, statement.slug = "Accessibility", "access"
    statement.introduction = "Our own words."
    statement.save_revision().publish()
    pages = StandardPage.objects.count()

    load_clinic_content()

    assert StandardPage.objects.count() == pages == 2
    assert StandardPage.objects.get(pk=statement.pk).introduction == "Our own words."
    details = ClinicDetails.objects.get()
    assert details.accessibility_statement_id == statement.pk
    assert details.privacy_notice_id == StandardPage.objects.get(slug="privacy").pk


def test_loading_again_replaces_the_old_draft_notice_only_if_nobody_edited_it(clinic_site, admin_user):
    notice = StandardPage.objects.get(slug="privacy")
    notice.introduction = "Draft for staff to review: check this notice before going live."
    notice.body = "<p>[Staff: fill this in.]</p>"
    notice.save_revision().publish()  # as an earlier version of the loader left it

    load_clinic_content()
    notice.refresh_from_db()
    assert "[Staff" not in notice.body and "Draft" not in notice.introduction

    notice.introduction = "Draft for staff to review: our own version."
    notice.save_revision(user=admin_user).publish()
    load_clinic_content()
    assert StandardPage.objects.get(pk=notice.pk).introduction == "Draft for staff to review: our own version."


def test_words_in_braces_become_the_details_and_an_empty_one_drops_only_its_own_list_item(settings):
    from home.templatetags.clinic_tags import fill_in

    settings.ENQUIRY_RETENTION_MONTHS = 1
    clinic = ClinicDetails(name="Zest & Co", address="", phone="", email="a@zest.test")
    html = "<ul><li>Kept {enquiry retention period}<ul><li>Phone: {clinic phone}</li></ul></li></ul><p>{clinic name} {unknown}</p>"

    assert fill_in(html, clinic) == "<ul><li>Kept 1 month<ul></ul></li></ul><p>Zest &amp; Co {unknown}</p>"
