"""Each staff role walked in a real browser, doing the clinic's jobs: one login, in one group, each.

tests/test_roles.py proves the whole permission matrix with Django's test client;
these walks prove that the admin a person sees lets them do their job, and shows
them nothing outside it: the shortcut they follow, the buttons they press, the
menu they read, the message when they try a door that is not theirs.
"""

import datetime
import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Site

from blog.models import BlogIndexPage, BlogPage
from tests.browser.conftest import DESKTOP, STAFF_PASSWORD
from tests.browser.test_staff_journey import sign_in
from tests.contact.helpers import make_enquiry

REFUSED = "Sorry, you do not have permission to access this area."
OLD_PHONE, NEW_PHONE = "01632 960 123", "01632 960 777"  # the loader's stand-in, and the clinic's own


def staff(django_user_model, username, group, **names):
    user = django_user_model.objects.create_user(username, f"{username}@bodyzest.example", STAFF_PASSWORD, **names)
    user.groups.add(Group.objects.get(name=group))
    return user


def main_menu(page):
    return page.get_by_role("navigation", name="Main menu")


def menu_entry(page, name):
    """An entry of the admin's sidebar: a link, or a button opening a submenu (Pages, Settings)."""
    menu = main_menu(page)
    return menu.get_by_role("link", name=name, exact=True).or_(menu.get_by_role("button", name=name, exact=True))


def expect_refused(page, base_url, address):
    """Wagtail sends them back to the dashboard and says why."""
    page.goto(base_url + address)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_text(REFUSED)).to_be_visible()


def submitted_post(writer, title):
    """A writer's new post, sent to "Clinic review" as the editor's "Submit to Clinic review" does."""
    blog = BlogIndexPage.objects.get()
    post = blog.add_child(
        instance=BlogPage(title=title, introduction="Why ankles go over, and how to stop it.", live=False, owner=writer)
    )
    post.save_revision(user=writer)
    post.get_workflow().start(post, writer)
    return post


def test_a_writer_writes_a_post_and_sends_it_for_review_but_cannot_publish_or_see_enquiries(
    site, django_user_model, page
):
    writer = staff(django_user_model, "writer", "Writer")
    page.set_viewport_size(DESKTOP)
    sign_in(page, site.url, writer)

    page.get_by_role("link", name="Write a blog post").click()
    expect(page.get_by_role("heading", name=re.compile("New: Blog post", re.I))).to_be_visible()
    page.get_by_placeholder("Page title*").fill("Shin splints in new runners")
    page.locator("#id_introduction").fill("Shin pain in the first weeks of running is common.")
    body = page.locator("#body-root")
    body.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Paragraph").click()
    editor = body.locator(".public-DraftEditor-content").last
    editor.click()
    page.keyboard.type("Build up your distance slowly, by no more than a tenth a week.")
    expect(page.locator("#body-0-value")).to_have_value(re.compile("by no more than a tenth a week"))

    page.get_by_role("button", name="More actions").click()
    submit = page.get_by_role("button", name="Submit to Clinic review")
    expect(submit).to_be_visible()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    submit.click()
    expect(
        page.get_by_text(
            re.compile(r"Page 'Shin splints in new runners' (created and|has been) submitted for moderation")
        )
    ).to_be_visible()
    assert BlogPage.objects.get(title="Shin splints in new runners").workflow_in_progress

    page.goto(site.url + "/blog/")
    expect(page.locator(".post-card__title").first).to_be_visible()
    expect(page.get_by_text("Shin splints in new runners")).to_have_count(0)

    page.goto(site.url + "/admin/")
    expect(menu_entry(page, "Pages")).to_be_visible()
    for entry in ("Enquiries", "Find a person", "Settings"):
        expect(menu_entry(page, entry)).to_have_count(0)
    expect_refused(page, site.url, "/admin/enquiries/")


def test_the_clinic_lead_approves_a_post_changes_the_phone_and_opens_the_inbox(site, django_user_model, page, browser):
    writer = staff(django_user_model, "writer", "Writer", first_name="Jo", last_name="Physio")
    lead = staff(django_user_model, "clinic-lead", "Clinic lead")
    submitted_post(writer, "Ankle sprains on trail runs")
    page.set_viewport_size(DESKTOP)
    sign_in(page, site.url, lead)

    waiting = page.locator("#awaiting-review-section")
    row = waiting.get_by_role("row").filter(has_text="Ankle sprains on trail runs")
    expect(row).to_contain_text("Jo Physio")  # who sent it
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(row).to_have_count(0)  # the dashboard reloads with nothing left to review

    page.goto(site.url + "/blog/")
    expect(page.locator(".post-card__title").first).to_have_text("Ankle sprains on trail runs")

    page.goto(site.url + "/admin/")
    menu_entry(page, "Settings").click()
    menu_entry(page, "Clinic details").click()
    page.get_by_role("textbox", name="Phone").fill(NEW_PHONE)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile("Clinic details updated", re.I))).to_be_visible()

    reader = browser.new_context()
    try:
        home = reader.new_page()
        home.goto(site.url + "/")
        expect(home.get_by_role("link", name=NEW_PHONE).first).to_be_visible()
        expect(home.get_by_text(OLD_PHONE)).to_have_count(0)
    finally:
        reader.close()

    menu_entry(page, "Enquiries").click()
    expect(page).to_have_url(re.compile(r"/admin/enquiries/$"))
    expect(page.get_by_role("heading", name="Enquiries")).to_be_visible()


def test_reception_answers_an_enquiry_and_cannot_edit_pages(site, django_user_model, page):
    reception = staff(django_user_model, "reception", "Reception")
    received = datetime.datetime(2026, 7, 1, 13, 5, tzinfo=datetime.UTC)  # 14:05 on the clinic's clock (BST)
    enquiry = make_enquiry(
        full_name="Robin O'Brien", email="robin@example.com", phone="07700 900123", created_at=received
    )
    page.set_viewport_size(DESKTOP)
    sign_in(page, site.url, reception)

    expect(menu_entry(page, "Enquiries")).to_be_visible()
    expect(menu_entry(page, "Find a person")).to_be_visible()
    for entry in ("Pages", "Settings"):
        expect(menu_entry(page, entry)).to_have_count(0)

    menu_entry(page, "Enquiries").click()
    page.get_by_role("row").filter(has_text="robin@example.com").get_by_role("link", name="Robin O'Brien").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Robin O'Brien, received 1 Jul 2026 14:05")
    expect(page.get_by_role("link", name="robin@example.com")).to_have_attribute("href", "mailto:robin@example.com")
    expect(page.get_by_role("link", name="07700 900123")).to_have_attribute("href", "tel:07700900123")

    page.get_by_role("combobox", name=re.compile("^Status")).select_option(label="Contacted")
    page.get_by_role("textbox", name=re.compile("^Staff notes")).fill("Called back; booked for Tuesday.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("saved: status changed from New to Contacted; staff notes changed.")).to_be_visible()
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.staff_notes) == ("contacted", "Called back; booked for Tuesday.")

    expect_refused(page, site.url, f"/admin/pages/{Site.objects.get(is_default_site=True).root_page_id}/edit/")
