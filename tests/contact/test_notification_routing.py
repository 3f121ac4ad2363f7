"""Where the clinic is told of enquiries: changed only by people who may read enquiries, and every change logged."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from wagtail.models import GroupPagePermission, ModelLogEntry, Page, Site

from contact.models import EnquiryNotifications

from .helpers import post_enquiry, soup

pytestmark = pytest.mark.django_db

OUTSIDER = "harvest@outside.example"
CLINIC_EMAIL = "hello@bodyzest.example"


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def group_with(name, permissions=(), page_actions=()):
    """A group as an admin would make it: global permissions, and page permissions from the root down."""
    group = Group.objects.create(name=name)
    group.permissions.add(permission("wagtailadmin", "access_admin"), *[permission(*perm) for perm in permissions])
    for action in page_actions:
        GroupPagePermission.objects.create(
            group=group, page=Page.get_first_root_node(), permission=permission("wagtailcore", f"{action}_page")
        )
    return group


def member_of(group, username):
    user = User.objects.create_user(username, f"{username}@bodyzest.example", "a-long-test-password")
    user.groups.add(group)
    return user


@pytest.fixture
def people_without_enquiry_access(clinic_site):
    """Each kind of staff login that may edit or publish pages or settings, but not read enquiries."""
    return [
        # As Wagtail's own "Moderators" and "Editors" groups.
        member_of(group_with("Moderator-like", page_actions=("add", "change", "publish")), "moderator"),
        member_of(group_with("Editor-like", page_actions=("add", "change")), "editor"),
        # A clinic lead who runs the site and even holds the setting's own permission, without the inbox.
        member_of(
            group_with(
                "Lead without enquiries",
                permissions=[("home", "change_clinicdetails"), ("contact", "change_enquirynotifications")],
                page_actions=("add", "change", "publish"),
            ),
            "lead",
        ),
    ]


@pytest.fixture
def permitted(clinic_site):
    """Someone who answers enquiries and may say where they are notified."""
    group = group_with(
        "Enquiry lead", permissions=[("contact", "change_enquiry"), ("contact", "change_enquirynotifications")]
    )
    return member_of(group, "enquiry-lead")


def settings_url():
    return f"/admin/settings/contact/enquirynotifications/{Site.objects.get(is_default_site=True).pk}/"


def notified(client, enquiry_page, mailoutbox):
    """Where the clinic's email about the next enquiry goes."""
    mailoutbox.clear()
    client.logout()
    post_enquiry(client, enquiry_page)
    return [message.to for message in mailoutbox if message.subject.startswith("New discovery-visit enquiry")]


def edit_form_data(response):
    """Everything the page editor's form would send, as a browser fills it in."""
    form = soup(response).select_one("form#page-edit-form")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.name == "input" and field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "select":
            chosen = field.select_one("option[selected]")
            data[field["name"]] = chosen["value"] if chosen else ""
        elif field.name == "textarea":
            data[field["name"]] = field.get_text()
        else:
            data[field["name"]] = field.get("value", "")
    return data


def test_the_page_editor_has_no_notification_field(client, enquiry_page, people_without_enquiry_access):
    for person in people_without_enquiry_access:
        client.force_login(person)
        response = client.get(f"/admin/pages/{enquiry_page.pk}/edit/")
        assert response.status_code == 200, person
        form = soup(response).select_one("form#page-edit-form")
        assert not form.select('[name*="notification"], [name="addresses"]'), person
        assert "notification" not in form.get_text(" ").lower(), person


def test_a_crafted_page_editor_post_does_not_reroute_enquiries(
    client, enquiry_page, people_without_enquiry_access, siteverify, mailoutbox
):
    for person in people_without_enquiry_access:
        client.force_login(person)
        data = edit_form_data(client.get(f"/admin/pages/{enquiry_page.pk}/edit/"))
        data.update(notification_addresses=OUTSIDER, addresses=OUTSIDER, heading=f"Edited by {person.username}")
        if person.username != "editor":  # an editor may only save a draft
            data["action-publish"] = "action-publish"
        response = client.post(f"/admin/pages/{enquiry_page.pk}/edit/", data)
        assert response.status_code == 302, (person, response.status_code)
        saved = Page.objects.get(pk=enquiry_page.pk).get_latest_revision().content
        assert saved["heading"] == f"Edited by {person.username}"  # the post itself went through

        assert notified(client, enquiry_page, mailoutbox) == [[CLINIC_EMAIL]], person
    assert EnquiryNotifications.objects.filter(addresses__contains=OUTSIDER).count() == 0


def test_others_can_neither_open_nor_post_the_notification_setting(
    client, enquiry_page, people_without_enquiry_access, siteverify, mailoutbox
):
    for person in people_without_enquiry_access:
        client.force_login(person)
        assert "enquirynotifications" not in client.get("/admin/").content.decode(), person  # no menu item
        assert client.get(settings_url()).status_code in (302, 403), person
        response = client.post(settings_url(), {"addresses": OUTSIDER, "include_area_of_concern": "on"})
        assert response.status_code in (302, 403), person
        assert response.get("Location", "") != settings_url()  # not "saved"

        assert notified(client, enquiry_page, mailoutbox) == [[CLINIC_EMAIL]], person
    assert not ModelLogEntry.objects.filter(action="contact.edit_enquiry_notifications").exists()


def test_someone_who_reads_enquiries_changes_where_they_go_and_the_log_shows_old_and_new(
    client, enquiry_page, permitted, siteverify, mailoutbox
):
    client.force_login(permitted)
    first = client.post(settings_url(), {"addresses": "lead@bodyzest-clinic.example"})
    assert first.status_code == 302
    client.force_login(permitted)
    second = client.post(
        settings_url(), {"addresses": "reception@bodyzest-clinic.example\nlead@bodyzest-clinic.example"}
    )
    assert second.status_code == 302

    assert notified(client, enquiry_page, mailoutbox) == [
        ["reception@bodyzest-clinic.example", "lead@bodyzest-clinic.example"]
    ]
    entries = ModelLogEntry.objects.filter(action="contact.edit_enquiry_notifications").order_by("timestamp", "pk")
    assert [(entry.user, entry.data["old_addresses"], entry.data["new_addresses"]) for entry in entries] == [
        (permitted, [], ["lead@bodyzest-clinic.example"]),
        (
            permitted,
            ["lead@bodyzest-clinic.example"],
            ["reception@bodyzest-clinic.example", "lead@bodyzest-clinic.example"],
        ),
    ]
    assert all(entry.timestamp for entry in entries)

    # What the clinic's superuser reads under Reports › Site history.
    User.objects.create_superuser("owner", "owner@bodyzest.example", "a-long-test-password")
    client.force_login(User.objects.get(username="owner"))
    history = soup(client.get("/admin/reports/site-history/")).get_text(" ", strip=True)
    assert (
        "addresses changed from lead@bodyzest-clinic.example "
        "to reception@bodyzest-clinic.example, lead@bodyzest-clinic.example"
    ) in history
    assert "enquiry-lead" in history


def test_the_setting_refuses_what_is_not_an_email_address(client, clinic_site, permitted):
    client.force_login(permitted)
    response = client.post(settings_url(), {"addresses": "lead@bodyzest-clinic.example\nnot an address"})
    assert response.status_code == 200
    assert "“not an address” is not an email address" in response.content.decode()
    assert EnquiryNotifications.objects.filter(addresses__contains="lead@").count() == 0
