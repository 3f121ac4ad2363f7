"""Someone in pain asks for a discovery visit by keyboard alone; staff then follow it up.

The whole path runs for real: the browser loads a stand-in for Google's
api.js (a Playwright route: the network edge), and the server's verify call
goes over HTTPS to the local fake siteverify server.
"""

import re

import pytest
from playwright.sync_api import expect

from contact.models import Enquiry
from tests.browser.conftest import (
    DESKTOP,
    GOOGLE_API_JS,
    PHONE,
    block_recaptcha,
    screenshot,
    serve_fake_recaptcha,
)
from tests.browser.test_staff_journey import sign_in

ENQUIRY_URL = "/book-a-discovery-visit/"


@pytest.fixture
def recaptcha(page, siteverify):
    """Google's script and verify endpoint, both replaced at the network edge."""
    page.route(GOOGLE_API_JS, serve_fake_recaptcha)
    return siteverify


def focused(page):
    return page.evaluate("document.activeElement && (document.activeElement.id || document.activeElement.tagName)")


def type_like_a_person(page, text):
    """Type at about 25 characters a second: the form turns away anything sent within 3 s."""
    page.keyboard.type(text, delay=40)


def tab_to(page, element_id, backwards=False, limit=40):
    """Press Tab (or Shift+Tab) until the element with this id has the keyboard focus."""
    for _ in range(limit):
        if focused(page) == element_id:
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    pytest.fail(f"Tab never reached #{element_id}; focus is on {focused(page)}")


def test_an_enquirer_sends_an_enquiry_by_keyboard_alone_and_staff_mark_it_contacted(site, page, recaptcha, staff_user):
    page.set_viewport_size(PHONE)
    page.goto(site.url + ENQUIRY_URL)

    tab_to(page, "id_full_name")
    type_like_a_person(page, "Sam Runner")
    expect(page.locator("#fake-recaptcha-checkbox")).to_be_attached()  # fetched once the form is started
    tab_to(page, "id_email")
    type_like_a_person(page, "sam@example.com")
    tab_to(page, "id_contact_method_0")
    page.keyboard.press("Space")
    tab_to(page, "id_message")
    type_like_a_person(page, "My right knee aches on long runs. My half marathon is in six weeks.")
    tab_to(page, "id_phone", backwards=True)  # Shift+Tab back: the phone is optional
    type_like_a_person(page, "01632 960 456")
    tab_to(page, "fake-recaptcha-checkbox")
    page.keyboard.press("Space")
    # The consent box is left unticked: the form must say so.
    tab_to(page, "fake-recaptcha-checkbox")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(page.locator("#id_message")).to_have_value(re.compile("six weeks"))
    assert Enquiry.objects.count() == 0
    assert recaptcha.requests == []  # Google is asked only about an otherwise acceptable enquiry

    # The form keeps the moment it was first shown: typing took more than its 3 s, so no wait now.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("href", "#id_consent")
    page.keyboard.press("Enter")
    expect(page.locator("#id_consent")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#id_consent")).to_be_checked()
    tab_to(page, "fake-recaptcha-checkbox")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/book-a-discovery-visit/thank-you/$"))
    expect(page.locator("main")).to_contain_text("01632 960 123")
    assert [request["response"] for request in recaptcha.requests] == ["token-from-the-fake-api"]
    enquiry = Enquiry.objects.get()
    assert enquiry.full_name == "Sam Runner" and enquiry.phone == "01632 960 456"

    page.reload()  # refreshing the thank-you page sends nothing twice
    assert Enquiry.objects.count() == 1

    # Staff find the enquiry in the inbox and mark it contacted.
    page.set_viewport_size(DESKTOP)
    sign_in(page, site.url, staff_user)
    page.get_by_role("link", name="Enquiries").first.click()
    expect(page).to_have_url(re.compile(r"/admin/enquiries/$"))
    page.get_by_role("link", name="Sam Runner").click()
    expect(page.get_by_text("half marathon is in six weeks")).to_be_visible()
    page.get_by_role("combobox", name=re.compile("^Status")).select_option(label="Contacted")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile("updated|saved", re.I)).first).to_be_visible()

    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.CONTACTED


def test_googles_script_is_fetched_only_once_the_visitor_starts_the_form(site, page, recaptcha):
    """Reading the page costs a phone none of Google's script, and Google learns nothing of a reader.

    The box's room is kept, so the Send button does not jump when the box arrives.
    """
    asked_google = []
    page.on("request", lambda request: GOOGLE_API_JS.match(request.url) and asked_google.append(request.url))
    page.set_viewport_size(PHONE)
    page.goto(site.url + ENQUIRY_URL)
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)
    assert asked_google == []
    send = page.locator(".enquiry-form button[type=submit]")
    send_was_at = send.bounding_box()["y"]

    page.locator("#id_full_name").click()
    expect(page.locator(".fake-recaptcha-widget")).to_be_attached()
    assert len(asked_google) == 1
    assert send.bounding_box()["y"] == send_was_at
    page.keyboard.type("Sam")
    page.locator("#id_email").click()
    assert len(asked_google) == 1  # once only


@pytest.mark.parametrize("with_errors", [False, True], ids=["fresh", "with-errors"])
def test_the_robot_check_fits_a_320px_screen_and_stays_easy_to_tick(site, page, recaptcha, with_errors):
    """Google's checkbox is a fixed 304 px wide: at 320 px it must not push the page sideways."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site.url + ENQUIRY_URL)
    if with_errors:  # the error state indents the field further
        page.locator(".enquiry-form button[type=submit]").click()
        page.wait_for_selector("[data-error-summary]")
    else:
        page.locator("#id_full_name").click()  # the visitor starts the form: Google's script is fetched
    widget = page.locator(".fake-recaptcha-widget")
    expect(widget).to_be_visible()
    screenshot(page, "enquiry-robot-check-with-errors" if with_errors else "enquiry-robot-check")

    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    form = page.locator(".enquiry-form").bounding_box()
    shown = widget.bounding_box()
    assert shown["x"] >= form["x"] and shown["x"] + shown["width"] <= form["x"] + form["width"] + 0.5
    checkbox = page.locator("#fake-recaptcha-checkbox")
    box = checkbox.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24

    checkbox.click()
    expect(checkbox).to_be_checked()


def test_when_googles_script_is_blocked_the_page_says_so_and_try_again_brings_the_box(site, page, siteverify):
    """A privacy extension or firewall refusing Google's script: told where the box should be, never stuck."""
    page.route(GOOGLE_API_JS, block_recaptcha)
    page.set_viewport_size(PHONE)
    page.goto(site.url + ENQUIRY_URL)
    page.locator("#id_full_name").click()  # the visitor starts the form: Google's script is asked for

    security_check = page.locator(".enquiry-form #id_captcha")  # where Google's box goes
    note = security_check.get_by_text("The security check did not load")
    expect(note).to_be_visible(timeout=10_000)
    expect(security_check.get_by_role("button", name="Try again")).to_be_visible()
    expect(security_check.get_by_role("link", name="01632 960 123")).to_have_attribute("href", "tel:01632960123")
    expect(security_check.get_by_role("link", name="hello@bodyzest.example")).to_have_attribute(
        "href", "mailto:hello@bodyzest.example"
    )
    consent = page.locator("#id_consent").bounding_box()
    send = page.locator(".enquiry-form button[type=submit]").bounding_box()
    shown = note.bounding_box()
    assert consent["y"] < shown["y"] < send["y"], "the note is not where the box would be"
    screenshot(page, "enquiry-robot-check-blocked")

    page.fill("#id_full_name", "Sam Runner")
    page.fill("#id_email", "sam@example.com")
    page.check("#id_contact_method_0")
    page.fill("#id_message", "My right knee aches on long runs.")
    page.check("#id_consent")
    page.wait_for_timeout(3000)  # the form turns away anything sent within 3 s
    page.locator(".enquiry-form button[type=submit]").click()

    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("The security check did not load, so the form cannot be sent yet")
    expect(summary).to_contain_text("call us on 01632 960 123 or email hello@bodyzest.example")
    expect(summary).not_to_contain_text("Tick the")
    expect(page.locator("#id_message")).to_have_value("My right knee aches on long runs.")
    expect(page.locator("#id_full_name")).to_have_value("Sam Runner")
    expect(note).to_be_visible()
    assert Enquiry.objects.count() == 0 and siteverify.requests == []

    # The summary's link lands on the note, not on an empty box.
    summary.get_by_role("link", name=re.compile("^The security check did not load")).click()
    expect(security_check).to_be_focused()
    assert security_check.bounding_box()["height"] > 100

    page.unroute(GOOGLE_API_JS)
    page.route(GOOGLE_API_JS, serve_fake_recaptcha)  # the blocker switched off, the outage over
    security_check.get_by_role("button", name="Try again").click()
    expect(page.locator("#fake-recaptcha-checkbox")).to_be_visible()
    expect(note).to_be_hidden()
    page.locator("#fake-recaptcha-checkbox").check()
    page.locator(".enquiry-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/book-a-discovery-visit/thank-you/$"))
    assert Enquiry.objects.get().message == "My right knee aches on long runs."
