"""The inbox's CSV and XLSX export: every stored enquiry exports, in the clinic's time, text as the person typed it."""

import csv
import datetime
import io
import urllib.parse

import openpyxl
import pytest
from django.contrib.auth.models import Permission, User
from django.test import override_settings
from openpyxl.utils.exceptions import IllegalCharacterError
from wagtail.users.models import UserProfile

from contact.inbox import csv_text, xlsx_text
from contact.models import Enquiry

from .helpers import enquiry_data, make_enquiry, post_enquiry

pytestmark = pytest.mark.django_db

INBOX = "/admin/enquiries/"
UTC = datetime.UTC

# Everything a person (or a script posing as one) can put in a message. NUL is
# refused by the form, and PostgreSQL cannot store it.
AWKWARD = {
    **{f"C0 {code:#04x}": chr(code) for code in range(0x01, 0x20)},
    **{f"C1 {code:#04x}": chr(code) for code in range(0x7F, 0xA0)},
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "right-to-left mark": "\u200f",
    "right-to-left override": "\u202e",
    "Arabic letter mark": "\u061c",
    "noncharacters": "\ufffe\uffff",
}
NOT_IN_A_WORKBOOK = {chr(code) for code in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]} | {"\ufffe", "\uffff"}


@pytest.fixture
def staff_client(client, clinic_site):
    user = User.objects.create_user("inbox", "inbox@bodyzest.example", "a-long-test-password")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "change_enquiry"]))
    client.force_login(user)
    return client


def csv_rows(response):
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def xlsx_sheet(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def xlsx_rows(response):
    header, *rows = xlsx_sheet(response).values
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_every_awkward_character_exports_in_csv_and_xlsx(staff_client, enquiry_page):
    for name, characters in AWKWARD.items():
        make_enquiry(enquiry_page, full_name=name, message=f"Sore{characters}knee", staff_notes=f"{characters}called")

    by_name = {row["Full name"]: row for row in csv_rows(staff_client.get(INBOX, {"export": "csv"}))}
    assert set(by_name) == set(AWKWARD)
    for name, characters in AWKWARD.items():
        assert by_name[name]["What they would like help with"] == f"Sore{characters}knee", name

    by_name = {row["Full name"]: row for row in xlsx_rows(staff_client.get(INBOX, {"export": "xlsx"}))}
    assert set(by_name) == set(AWKWARD)
    for name, characters in AWKWARD.items():
        shown = "".join("\ufffd" if char in NOT_IN_A_WORKBOOK else char for char in characters)
        # XML reads a carriage return back as a line feed.
        assert by_name[name]["What they would like help with"] == f"Sore{shown}knee".replace("\r", "\n"), name


def test_a_lone_surrogate_is_never_stored_and_no_file_fails_on_one(client, enquiry_page, siteverify):
    """Bytes that are no UTF-8 (a surrogate's encoding) are refused by the form; the export's cleaning is the backstop."""
    body = urllib.parse.urlencode(enquiry_data(message="Sore SURROGATE knee")).replace("SURROGATE", "%ED%A0%80")
    response = client.post(
        enquiry_page.url, body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR="203.0.113.10"
    )
    assert response.status_code == 200 and not Enquiry.objects.exists()

    assert xlsx_text("a\ud800b\x0bc\x00d\ufffe") == "a\ufffdb\ufffdc\ufffdd\ufffd"
    assert csv_text("a\ud800b\x0bc") == "a\ufffdb\x0bc"


def test_times_are_the_clinics_to_the_minute_whatever_the_staff_members_own_zone(staff_client, enquiry_page):
    user = User.objects.get(username="inbox")
    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = "America/New_York"
    profile.save()
    make_enquiry(
        enquiry_page,
        full_name="Summer",
        created_at=datetime.datetime(2026, 7, 1, 13, 5, 42, 123456, tzinfo=UTC),
        consent_given_at=datetime.datetime(2026, 7, 1, 13, 4, 59, tzinfo=UTC),
    )
    make_enquiry(enquiry_page, full_name="Winter", created_at=datetime.datetime(2026, 1, 15, 9, 30, 59, tzinfo=UTC))

    rows = {row["Full name"]: row for row in csv_rows(staff_client.get(INBOX, {"export": "csv"}))}
    assert rows["Summer"]["Received (UK time)"] == "2026-07-01 14:05"  # British Summer Time
    assert rows["Summer"]["Consent given (UK time)"] == "2026-07-01 14:04"
    assert rows["Winter"]["Received (UK time)"] == "2026-01-15 09:30"

    sheet = xlsx_sheet(staff_client.get(INBOX, {"export": "xlsx"}))
    header = [cell.value for cell in sheet[1]]
    received = {
        row[header.index("Full name")].value: row[header.index("Received (UK time)")]
        for row in sheet.iter_rows(min_row=2)
    }
    assert received["Summer"].value == datetime.datetime(2026, 7, 1, 14, 5)
    assert received["Winter"].value == datetime.datetime(2026, 1, 15, 9, 30)
    assert received["Summer"].number_format == "yyyy-mm-dd hh:mm"


AS_TYPED = {
    "full_name": '=HYPERLINK("http://evil.example","x")',
    "phone": "+44 7700 900456",
    "preferred_times": "@any time",
    "heard_about": "-a friend",
    "staff_notes": "07700900123",
}


def test_xlsx_keeps_text_and_phone_numbers_as_typed_in_text_cells(staff_client, enquiry_page):
    make_enquiry(enquiry_page, **AS_TYPED)
    sheet = xlsx_sheet(staff_client.get(INBOX, {"export": "xlsx"}))
    header = [cell.value for cell in sheet[1]]
    [row] = sheet.iter_rows(min_row=2)
    cells = dict(zip(header, row, strict=True))
    for column, typed in zip(
        ["Full name", "Phone number", "Preferred days and times", "How they heard of the clinic", "Staff notes"],
        AS_TYPED.values(),
        strict=True,
    ):
        assert cells[column].value == typed  # no apostrophe added, the phone number not a number
        assert cells[column].data_type == "s" and cells[column].number_format == "@", column
    assert all(cell.data_type != "f" for cell in row)


def test_csv_still_neutralises_formulas(staff_client, enquiry_page):
    make_enquiry(enquiry_page, **AS_TYPED)
    [row] = csv_rows(staff_client.get(INBOX, {"export": "csv"}))
    assert row["Full name"] == "'" + AS_TYPED["full_name"]
    assert row["Phone number"] == "'+44 7700 900456"
    assert row["Preferred days and times"] == "'@any time"
    assert row["Staff notes"] == "07700900123"


def raise_with_the_value(worksheet, value=None):
    """openpyxl's own behaviour on a character it refuses: the cell's text in the exception (GUIDE pitfall 18)."""
    raise IllegalCharacterError(f"{value} cannot be used in worksheets.")


def test_no_failure_writes_a_persons_words_into_the_log(
    client, staff_client, enquiry_page, siteverify, monkeypatch, caplog
):
    """An export, the emails' sending and their rendering each fail with the person's text in the error."""
    caplog.set_level("DEBUG")
    typed = enquiry_data(
        full_name="Priya Quenby",
        email="priya.quenby@example.org",
        phone="07700 900987",
        preferred_times="Thursday after four",
        message="Numb toes since my back operation",
    )

    with override_settings(EMAIL_BACKEND="tests.contact.mail_backends.RecipientRefusingBackend"):
        assert post_enquiry(client, enquiry_page, typed).status_code == 302  # notification fails

    def render_failing(self, context=None, request=None):
        raise ValueError(f"Failed lookup for key [missing] in {context!r}")  # as VariableDoesNotExist words it

    with monkeypatch.context() as patch:
        patch.setattr("django.template.backends.django.Template.render", render_failing)
        assert (
            post_enquiry(client, enquiry_page, enquiry_data(**{**typed, "email": "p.q@example.org"})).status_code == 302
        )

    monkeypatch.setattr("openpyxl.cell.WriteOnlyCell", raise_with_the_value)
    response = staff_client.get(INBOX, {"export": "xlsx", "status": "new"})
    assert response.status_code == 302 and response["Location"] == f"{INBOX}?status=new"  # not a 500
    page = staff_client.get(response["Location"]).content.decode()
    assert "The export could not be made" in page

    assert Enquiry.objects.filter(notification_status=Enquiry.EmailStatus.FAILED).count() == 2
    logged = caplog.text + "\n".join(
        str(record.__dict__) + (str(record.exc_info[1]) if record.exc_info else "") for record in caplog.records
    )
    assert "Enquiry export (xlsx) failed (IllegalCharacterError)" in logged
    assert "email failed (SMTPRecipientsRefused)" in logged and "email failed (ValueError)" in logged
    for value in ("Priya", "Quenby", "priya.quenby", "p.q@", "900987", "900 987", "Thursday after four", "Numb toes"):
        assert value not in logged, value
