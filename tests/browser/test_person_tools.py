"""Reception answers a person's UK GDPR request in a real browser: find them, download their data, erase it."""

import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from contact.models import Enquiry
from tests.browser.conftest import DESKTOP, STAFF_PASSWORD, screenshot
from tests.contact.helpers import make_enquiry


def test_reception_finds_a_person_downloads_their_data_and_erases_it(site, django_user_model, page):
    reception = django_user_model.objects.create_user("reception", "reception@bodyzest.example", STAFF_PASSWORD)
    reception.groups.add(Group.objects.get(name="Reception"))
    first = make_enquiry(full_name="Sam Walker", email="sam@example.com", phone="07700 900123", message="Stiff neck.")
    second = make_enquiry(full_name="Sam Walker", email="sam.w@example.org", phone="07700900123", message="Sore knee.")
    make_enquiry(full_name="Olive Other", email="olive@example.net", phone="01632 960 999")

    page.set_viewport_size(DESKTOP)
    page.goto(site.url + "/admin/login/")
    page.get_by_label("Username").fill("reception")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.wait_for_load_state("networkidle")
    expect(page.locator("#enquiry-purge-section")).to_contain_text("The purge has never run")
    screenshot(page, "dashboard-purge-panel")

    page.get_by_role("link", name="Find a person").first.click()
    expect(page.get_by_role("heading", name="Find a person")).to_be_visible()
    page.get_by_label("Phone number").fill("+44 7700 900123")
    page.get_by_role("button", name="Find their enquiries").click()
    expect(page.get_by_role("heading", name="2 enquiries found")).to_be_visible()
    rows = page.locator("tr[data-enquiry]")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Deleted on")
    screenshot(page, "find-a-person")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download their data").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert "Stiff neck." in text and "Sore knee." in text and "Olive" not in text
    assert download.value.suggested_filename.startswith("person-")

    page.get_by_role("button", name="Erase this person…").click()
    expect(page.get_by_text("This cannot be undone")).to_be_visible()
    expect(page.get_by_text("clinic's mailbox")).to_be_visible()
    screenshot(page, "erase-a-person")
    assert Enquiry.objects.count() == 3  # nothing goes before the confirmation
    page.get_by_role("button", name="Yes, erase 2 enquiries").click()

    expect(page.locator(".messages")).to_contain_text(f"Erased 2 enquiries (numbers {first.pk}, {second.pk})")
    expect(page.locator(".messages")).to_contain_text("clinic's mailbox")
    assert list(Enquiry.objects.values_list("full_name", flat=True)) == ["Olive Other"]
