"""The staff's inbox in the Wagtail admin: list, search, filter, read, update, export, and who may see it."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from contact.models import Enquiry

from .helpers import make_enquiry, soup

pytestmark = pytest.mark.django_db

INBOX = "/admin/enquiries/"


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def enquiries(enquiry_page):
    return {
        "old": make_enquiry(
            enquiry_page,
            full_name="Olive Older",
            email="olive@example.org",
            created_at=days_ago(40),
            status=Enquiry.Status.BOOKED,
            area_of_concern=Enquiry.AreaOfConcern.HIP,
        ),
        "middle": make_enquiry(
            enquiry_page,
            full_name="Sam Walker",
            email="sam@example.com",
            created_at=days_ago(10),
            status=Enquiry.Status.CONTACTED,
            area_of_concern=Enquiry.AreaOfConcern.KNEE,
        ),
        "new": make_enquiry(
            enquiry_page,
            full_name="Nina Newest",
            email="nina@example.net",
            created_at=days_ago(1),
            area_of_concern=Enquiry.AreaOfConcern.KNEE,
            notification_status=Enquiry.EmailStatus.FAILED,
        ),
    }


def user_in(group_name, username):
    user = User.objects.create_user(username, f"{username}@bodyzest.example", "a-long-test-password")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def staff_client(client, clinic_site):
    client.force_login(user_in("Reception", "reception"))
    return client


@pytest.fixture
def editor_client(client, clinic_site):
    """Someone who writes posts (the "Writer" role) and so never sees enquiries."""
    client.force_login(user_in("Writer", "writer"))
    return client


def names_in(response):
    return [name for name in ("Nina Newest", "Sam Walker", "Olive Older") if name in response.content.decode()]


def test_the_reception_group_holds_the_enquiry_permissions(db):
    group = Group.objects.get(name="Reception")
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("wagtailadmin", "access_admin"),
        ("contact", "change_enquiry"),
        ("contact", "delete_enquiry"),
    }


def test_inbox_lists_newest_first_with_status(staff_client, enquiries):
    response = staff_client.get(INBOX)
    assert response.status_code == 200
    rows = soup(response).select("tbody tr")
    assert [row.select_one("td a").get_text(strip=True) for row in rows] == ["Nina Newest", "Sam Walker", "Olive Older"]
    cells = [cell.get_text(" ", strip=True) for cell in rows[0].select("td")]
    assert "New" in cells and "Knee" in cells and "Failed" in cells
    assert "Booked" in [cell.get_text(strip=True) for cell in rows[2].select("td")]


def test_inbox_searches_names_and_email_addresses(staff_client, enquiries):
    assert names_in(staff_client.get(INBOX, {"q": "walker"})) == ["Sam Walker"]
    assert names_in(staff_client.get(INBOX, {"q": "example.org"})) == ["Olive Older"]


def test_inbox_search_does_not_reach_into_health_messages(staff_client, enquiries):
    assert names_in(staff_client.get(INBOX, {"q": "Stiff neck"})) == []


def test_inbox_filters_by_status_area_and_date(staff_client, enquiries):
    assert names_in(staff_client.get(INBOX, {"status": "contacted"})) == ["Sam Walker"]
    assert names_in(staff_client.get(INBOX, {"area_of_concern": "knee"})) == ["Nina Newest", "Sam Walker"]
    since = days_ago(20).date().isoformat()
    until = days_ago(5).date().isoformat()
    assert names_in(staff_client.get(INBOX, {"received_from": since, "received_to": until})) == ["Sam Walker"]


def test_the_detail_view_shows_the_whole_message_and_saves_status_and_notes(staff_client, enquiries):
    enquiry = enquiries["new"]
    enquiry.message = "Pain in my right knee\nwhen I go downstairs."
    enquiry.save()
    url = f"{INBOX}edit/{enquiry.pk}/"
    page = staff_client.get(url).content.decode()
    assert "Pain in my right knee" in page and "when I go downstairs." in page
    assert "nina@example.net" in page

    response = staff_client.post(
        url, {"status": "contacted", "staff_notes": "Rang 10:15, booked Tuesday.", "message": "changed"}
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.CONTACTED
    assert enquiry.staff_notes == "Rang 10:15, booked Tuesday."
    assert enquiry.message == "Pain in my right knee\nwhen I go downstairs."


def test_xss_in_an_enquiry_is_escaped_in_the_admin(staff_client, enquiry_page):
    payload = '<script>alert("x")</script>'
    enquiry = make_enquiry(enquiry_page, full_name=payload, message=payload, preferred_times=payload)
    for url in (INBOX, f"{INBOX}edit/{enquiry.pk}/"):
        page = staff_client.get(url).content.decode()
        assert payload not in page
        assert "&lt;script&gt;" in page


def test_nobody_adds_enquiries_in_the_admin(admin_client, enquiries):
    assert f'href="{INBOX}new/"' not in admin_client.get(INBOX).content.decode()
    assert admin_client.get(f"{INBOX}new/").status_code == 302
    assert Enquiry.objects.count() == 3


def test_dashboard_counts_new_enquiries_and_links_to_them(staff_client, enquiries):
    make_enquiry(full_name="Another New")
    html = soup(staff_client.get("/admin/"))
    panel = html.select_one("#new-enquiries-section")
    assert "2 new enquiries" in panel.get_text(" ", strip=True)
    assert panel.select_one(f'a[href="{INBOX}?status=new"]')


def test_staff_see_the_menu_item(staff_client, enquiries):
    assert f'"{INBOX}"' in staff_client.get("/admin/").content.decode()


def test_an_editor_without_the_permission_sees_nothing_of_enquiries(editor_client, enquiries):
    dashboard = editor_client.get("/admin/")
    assert dashboard.status_code == 200
    page = dashboard.content.decode()
    assert INBOX not in page
    assert "new enquir" not in page.lower()
    enquiry = enquiries["new"]
    for url in (INBOX, f"{INBOX}?export=csv", f"{INBOX}edit/{enquiry.pk}/", f"{INBOX}delete/{enquiry.pk}/"):
        response = editor_client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Nina" not in response.content
    editor_client.post(f"{INBOX}edit/{enquiry.pk}/", {"status": "closed", "staff_notes": "x"})
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.NEW


def test_an_editor_given_the_permission_sees_the_inbox(editor_client, enquiries):
    writer = User.objects.get(username="writer")
    writer.user_permissions.add(Permission.objects.get(codename="change_enquiry"))
    assert editor_client.get(INBOX).status_code == 200


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture
def formula_enquiries(enquiry_page):
    return [
        make_enquiry(enquiry_page, full_name=formula, message=formula, staff_notes=formula, email=f"f{n}@example.com")
        for n, formula in enumerate(FORMULAS)
    ]


def csv_rows(response):
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_neutralises_formulas(staff_client, formula_enquiries):
    response = staff_client.get(INBOX, {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="enquiries.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows) == len(FORMULAS)
    for row in rows:
        for column in ("Full name", "What they would like help with", "Staff notes"):
            assert row[column].startswith("'"), row[column]
            assert row[column][1:] in FORMULAS


def test_xlsx_export_shows_formulas_as_typed_text(staff_client, formula_enquiries):
    response = staff_client.get(INBOX, {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *rows = list(workbook.active.values)
    name_column = header.index("Full name")
    # Text cells, so no apostrophe is needed. XML reads a carriage return back as a line feed.
    assert sorted(row[name_column] for row in rows) == sorted(formula.replace("\r", "\n") for formula in FORMULAS)
    for row in workbook.active.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)


def test_export_keeps_ordinary_values_and_follows_the_filters(staff_client, enquiries):
    rows = csv_rows(staff_client.get(INBOX, {"export": "csv", "status": "contacted"}))
    assert [(row["Full name"], row["Email address"], row["Status"], row["Area of concern"]) for row in rows] == [
        ("Sam Walker", "sam@example.com", "Contacted", "Knee")
    ]
