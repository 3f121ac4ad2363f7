"""The staff's inbox in the Wagtail admin: list, search, filter, read, update, export, and who may see it."""

import csv
import datetime
import io
from importlib import import_module
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from contact.models import Enquiry
from contact.retention import deletion_date
from tests.factories import staff_member

from .helpers import make_enquiry, soup

pytestmark = pytest.mark.django_db

INBOX = "/admin/enquiries/"
MIGRATIONS = Path(__file__).resolve().parents[2] / "contact" / "migrations"


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


@pytest.fixture
def staff_client(client, clinic_site):
    client.force_login(staff_member("Reception"))
    return client


@pytest.fixture
def editor_client(client, clinic_site):
    """Someone who writes posts (the "Writer" role) and so never sees enquiries."""
    client.force_login(staff_member("Writer"))
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


# --- Working in the inbox: titles, contact links, search, history, messages ---

RECEIVED = datetime.datetime(2026, 7, 1, 13, 5, tzinfo=datetime.UTC)  # 14:05 in the clinic (summer time)
RECEIVED_TEXT = "1 Jul 2026 14:05"


@pytest.fixture
def sam(enquiry_page):
    return make_enquiry(
        enquiry_page,
        full_name="Sam Walker",
        email="sam@example.com",
        phone="07700 900123",
        created_at=RECEIVED,
        staff_notes="Left a voicemail about her knee.",
    )


def page_text(response):
    return soup(response).get_text(" ", strip=True)


def test_each_enquirys_pages_are_titled_by_the_persons_name_and_received_time(staff_client, sam):
    for view in ("edit", "history", "delete"):
        html = soup(staff_client.get(f"{INBOX}{view}/{sam.pk}/"))
        heading = html.select_one("h1").get_text(" ", strip=True)
        assert f"Sam Walker, received {RECEIVED_TEXT}" in heading, view
        assert "Sam Walker" in html.title.get_text(), view
        assert f"Enquiry {sam.pk}" not in html.get_text(" ", strip=True), view


def test_the_list_tells_two_people_of_one_name_apart_by_email_and_phone(staff_client, sam, enquiry_page):
    make_enquiry(enquiry_page, full_name="Sam Walker", email="sam.w@example.org", phone="+44 20 7946 0018")
    rows = soup(staff_client.get(INBOX)).select("tbody tr")
    headings = [cell.get_text(strip=True) for cell in soup(staff_client.get(INBOX)).select("thead th")]
    assert "Email address" in headings and "Phone number" in headings
    links = [{a["href"] for a in row.select("a[href^='mailto:'], a[href^='tel:']")} for row in rows]
    assert links == [
        {"mailto:sam.w@example.org", "tel:02079460018"},
        {"mailto:sam@example.com", "tel:07700900123"},
    ]
    assert "+44 20 7946 0018" in rows[0].get_text() and "07700 900123" in rows[1].get_text()
    menu = rows[1].select_one("[aria-label^='More options']")
    assert menu["aria-label"] == f"More options for Sam Walker, received {RECEIVED_TEXT}"


def test_an_enquiry_shows_its_email_and_phone_as_links(staff_client, sam):
    html = soup(staff_client.get(f"{INBOX}edit/{sam.pk}/"))
    assert html.select_one("a[href='mailto:sam@example.com']").get_text(strip=True) == "sam@example.com"
    assert html.select_one("a[href='tel:07700900123']").get_text(strip=True) == "07700 900123"


def test_a_person_without_a_phone_number_gets_no_phone_link(staff_client, enquiry_page):
    enquiry = make_enquiry(enquiry_page, phone="")
    assert not soup(staff_client.get(INBOX)).select("a[href^='tel:']")
    assert not soup(staff_client.get(f"{INBOX}edit/{enquiry.pk}/")).select("a[href^='tel:']")


@pytest.fixture
def people(enquiry_page):
    names = {
        "siobhan": ("Siobhan O'Brien", "07700 900123"),
        "liam": ("Liam O’Brien", "+44 7700 900456"),
        "zoe_accent": ("Zoë Adams", "01632 960001"),
        "zoe_plain": ("Zoe Baker", "(01632) 960-002"),
        "other": ("Nadia Other", "+33 6 12 34 56 78"),
    }
    return {
        key: make_enquiry(
            enquiry_page, full_name=name, phone=phone, email=f"{key}@example.com", message="O'Brien sent me. Zoe too."
        )
        for key, (name, phone) in names.items()
    }


def found(client, query):
    html = soup(client.get(INBOX, {"q": query}))
    return sorted(row.select_one("td a").get_text(strip=True) for row in html.select("tbody tr"))


@pytest.mark.parametrize("query", ["O'Brien", "O’Brien", "OBrien", "obrien", "O BRIEN", "o`brien"])
def test_search_finds_a_name_however_its_apostrophe_and_case_are_typed(staff_client, people, query):
    assert found(staff_client, query) == ["Liam O’Brien", "Siobhan O'Brien"]


@pytest.mark.parametrize("query", ["Zoe", "zoë", "ZOË", "Zoe\u0308"])
def test_search_finds_a_name_with_or_without_its_accents(staff_client, people, query):
    assert found(staff_client, query) == ["Zoe Baker", "Zoë Adams"]


def test_search_finds_first_and_last_names_in_either_order(staff_client, people):
    assert found(staff_client, "siobhan o'brien") == ["Siobhan O'Brien"]
    assert found(staff_client, "O'Brien Siobhan") == ["Siobhan O'Brien"]


@pytest.mark.parametrize(
    "query", ["07700 900123", "+44 7700 900123", "07700900123", "+447700900123", "0044 7700 900123", "07700-900-123"]
)
def test_search_finds_a_phone_number_in_any_format(staff_client, people, query):
    assert found(staff_client, query) == ["Siobhan O'Brien"]


def test_search_finds_a_phone_number_stored_in_international_format(staff_client, people):
    assert found(staff_client, "07700 900456") == ["Liam O’Brien"]
    assert found(staff_client, "+44 (0)7700 900456") == ["Liam O’Brien"]
    assert found(staff_client, "01632 960002") == ["Zoe Baker"]
    assert found(staff_client, "0033 612 345 678") == ["Nadia Other"]
    assert found(staff_client, "900456") == ["Liam O’Brien"]


def test_search_never_looks_in_the_message_or_matches_punctuation_alone(staff_client, people):
    assert found(staff_client, "sent me") == []
    assert found(staff_client, "'") == []


def test_enquiries_stored_before_the_search_key_existed_are_found(staff_client, people):
    Enquiry.objects.update(search_key="")  # as the migration found them
    (migration,) = (path.stem for path in MIGRATIONS.glob("*_enquiry_search_key.py"))
    import_module(f"contact.migrations.{migration}").fill_search_keys(apps, None)
    assert found(staff_client, "obrien") == ["Liam O’Brien", "Siobhan O'Brien"]


def log_entries_text(enquiry):
    from wagtail.models import ModelLogEntry

    return " ".join(
        f"{entry.label} {entry.data} {entry.message}"
        for entry in ModelLogEntry.objects.filter(object_id=str(enquiry.pk))
    )


def test_history_says_which_fields_changed_never_what_the_notes_say(staff_client, sam):
    url = f"{INBOX}edit/{sam.pk}/"
    staff_client.post(url, {"status": "contacted", "staff_notes": "Rang her mobile."})
    staff_client.post(url, {"status": "contacted", "staff_notes": "Rang her mobile.\nBooked Tuesday."})
    staff_client.post(url, {"status": "booked", "staff_notes": "Rang her mobile.\nBooked Tuesday."})
    # A browser sends the same notes back with CR LF line breaks: not a change.
    staff_client.post(url, {"status": "booked", "staff_notes": "Rang her mobile.\r\nBooked Tuesday."})

    history = page_text(staff_client.get(f"{INBOX}history/{sam.pk}/"))
    assert "Status changed from New to Contacted; staff notes changed" in history
    assert "Staff notes changed" in history
    assert "Status changed from Contacted to Booked" in history
    assert "Saved, nothing changed" in history
    logged = log_entries_text(sam)
    for private in ("Rang her mobile", "voicemail", "Sam Walker", "sam@example.com", "07700"):
        assert private not in history.replace(f"Sam Walker, received {RECEIVED_TEXT}", "")
        assert private not in logged


def test_saving_says_what_was_saved_for_whom(staff_client, sam):
    response = staff_client.post(
        f"{INBOX}edit/{sam.pk}/", {"status": "contacted", "staff_notes": sam.staff_notes}, follow=True
    )
    assert (
        f"Enquiry from Sam Walker, received {RECEIVED_TEXT}, saved: status changed from New to Contacted."
        in page_text(response)
    )
    response = staff_client.post(
        f"{INBOX}edit/{sam.pk}/", {"status": "contacted", "staff_notes": sam.staff_notes}, follow=True
    )
    assert f"Enquiry from Sam Walker, received {RECEIVED_TEXT}: nothing had changed." in page_text(response)


def test_deleting_names_the_enquiry_and_the_audit_log_keeps_no_name(staff_client, sam):
    pk = sam.pk
    response = staff_client.post(f"{INBOX}delete/{pk}/", follow=True)
    text = page_text(response)
    assert f"Enquiry from Sam Walker, received {RECEIVED_TEXT}, deleted." in text
    assert "None" not in text
    assert not Enquiry.objects.filter(pk=pk).exists()
    sam.pk = pk
    logged = log_entries_text(sam)
    assert f"Enquiry {pk}" in logged
    for private in ("Sam Walker", "sam@example.com", "07700", "voicemail"):
        assert private not in logged


def test_a_refused_save_says_what_to_fix_and_keeps_the_notes(staff_client, sam):
    response = staff_client.post(f"{INBOX}edit/{sam.pk}/", {"status": "lost", "staff_notes": "Draft of a note"})
    assert response.status_code == 200
    text = page_text(response)
    assert "could not be saved" in text and "Select a valid choice" in text
    assert "Draft of a note" in response.content.decode()
    sam.refresh_from_db()
    assert sam.status == Enquiry.Status.NEW


def test_an_enquiry_says_when_it_will_be_deleted_and_how_to_keep_it(staff_client, enquiries):
    """Retention is visible where staff read the enquiry: its deletion date, and a way to keep it longer."""
    enquiry = Enquiry.objects.get(full_name="Sam Walker")
    page = staff_client.get(f"{INBOX}edit/{enquiry.pk}/").content.decode()
    assert f"Deleted on {deletion_date(enquiry.created_at):%-d %B %Y}" in page
    assert f"/admin/people/enquiry/{enquiry.pk}/" in page
