"""The enquiry form's scripts and layout in a real browser.

The server-side tests prove the markup; these prove what only a browser shows:
focus moving to the error summary and from it to a field, the live character
count, and a phone-sized layout with large enough targets.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import GOOGLE_API_JS, PHONE, serve_fake_recaptcha


@pytest.fixture
def form_page(site, page):
    """The enquiry form on a phone, Google's script answering; `page.script_errors` collects uncaught JavaScript errors."""
    page.route(GOOGLE_API_JS, serve_fake_recaptcha)
    page.set_viewport_size(PHONE)
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(error))
    page.goto(site.url + "/book-a-discovery-visit/")
    return page


def focused(page, attribute="id"):
    return page.evaluate(f"document.activeElement.getAttribute('{attribute}')")


def test_errors_take_focus_to_the_summary_and_its_links_to_the_fields(form_page):
    page = form_page
    page.click(".enquiry-form button[type=submit]")  # not the header's search button
    expect(page.locator("[data-error-summary]")).to_be_focused()  # once its script has run, after the page is shown
    assert page.title().startswith("Error: ")

    page.click(".error-summary a[href='#id_message']")
    assert focused(page) == "id_message"
    page.click(".error-summary a[href='#id_contact_method_0']")
    assert focused(page) == "id_contact_method_0"
    assert page.script_errors == []


def test_the_message_counts_down_and_warns_past_the_limit(form_page):
    page = form_page
    status = "[data-character-count-for='id_message']"
    assert page.text_content(status) == "You have 2,000 characters remaining"
    # expect() polls from here: the site's CSP forbids the eval behind wait_for_function("...").
    page.fill("#id_message", "a" * 10)
    expect(page.locator(status)).to_have_text("You have 1,990 characters remaining")
    page.fill("#id_message", "a" * 2001)
    expect(page.locator(status)).to_have_text("You have 1 character too many")
    assert page.script_errors == []


def test_on_a_phone_the_form_fits_and_its_targets_are_large_enough(form_page):
    page = form_page
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    targets = (
        "#id_full_name",
        "#id_email",
        "#id_phone",
        ".enquiry-form button[type=submit]",
        ".radios__item",
        ".checkbox",
    )
    for selector in targets:
        for box in [element.bounding_box() for element in page.query_selector_all(selector)]:
            assert box["height"] >= 44, selector
    honeypot = page.query_selector("#id_website").bounding_box()
    assert honeypot["x"] + honeypot["width"] < 0  # off-screen, out of people's way
