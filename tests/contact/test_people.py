"""People's rights (UK GDPR): find a person's enquiries, download everything held about them, erase it."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from contact.enquiries import phone_key
from contact.models import Enquiry
from tests.factories import staff_member

from .helpers import make_enquiry, soup

pytestmark = pytest.mark.django_db

FIND = "/admin/people/"
DOWNLOAD = "/admin/people/download/"
ERASE = "/admin/people/erase/"

SAM = {"full_name": "Sam Walker", "email": "sam@example.com", "phone": "07700 900123"}


def client_for(client, group):
    client.force_login(staff_member(group))
    return client


@pytest.fixture
def reception(client, clinic_site):
    return client_for(client, "Reception")


@pytest.fixture
def enquiries(enquiry_page):
    return {
        "by_email": make_enquiry(
            enquiry_page,
            **SAM,
            message="Stiff neck after gardening.",
            staff_notes="Called back Tuesday.",
            preferred_times="Mornings",
        ),
        "by_phone": make_enquiry(
            enquiry_page,
            full_name="Samuel Walker",
            email="s.walker@example.org",
            phone="+44 7700 900123",
            message="Knee again.",
        ),
        "other": make_enquiry(
            enquiry_page, full_name="Olive Other", email="olive@example.net", phone="01632 960 999", message="Hip."
        ),
    }


def numbers_listed(response):
    return sorted(int(row["data-enquiry"]) for row in soup(response).select("[data-enquiry]"))


@pytest.mark.parametrize(
    "typed",
    ["07700 900123", "+44 7700 900123", "07700900123", "+44 (0)7700 900-123", "0044 7700 900123", "447700900123"],
)
def test_a_uk_phone_number_is_the_same_however_it_is_typed(typed):
    assert phone_key(typed) == "07700900123"


def test_numbers_from_elsewhere_stay_apart_from_uk_ones():
    assert phone_key("+33 1 23 45 67 89") != phone_key("01 23 45 67 89")


def test_find_a_person_by_email_in_any_case(reception, enquiries):
    response = reception.post(FIND, {"email": "SAM@Example.COM"})
    assert response.status_code == 200
    assert numbers_listed(response) == [enquiries["by_email"].pk]


def test_find_a_person_by_phone_in_any_format(reception, enquiries):
    response = reception.post(FIND, {"phone": "07700900123"})
    assert numbers_listed(response) == sorted([enquiries["by_email"].pk, enquiries["by_phone"].pk])
    page = response.content.decode()
    # Other contact details found in their enquiries, to search for too.
    assert "s.walker@example.org" in page


def test_find_by_email_or_phone_lists_both(reception, enquiries):
    response = reception.post(FIND, {"email": "s.walker@example.org", "phone": "07700 900123"})
    assert numbers_listed(response) == sorted([enquiries["by_email"].pk, enquiries["by_phone"].pk])


def test_each_enquiry_found_shows_when_it_will_be_deleted(reception, enquiries):
    response = reception.post(FIND, {"email": "sam@example.com"})
    assert "Deleted on" in soup(response).select_one("[data-enquiry]").get_text(" ", strip=True)


def test_nothing_typed_or_a_bad_address_is_a_clear_message_with_the_input_kept(reception, enquiries):
    response = reception.post(FIND, {"email": "", "phone": ""})
    assert response.status_code == 200
    assert "Enter their email address or phone number" in response.content.decode()

    response = reception.post(FIND, {"email": "sam@", "phone": "12"})
    page = soup(response)
    assert "Enter a valid email address" in response.content.decode()
    assert "Enter the whole phone number" in response.content.decode()
    assert page.select_one("input[name=email]")["value"] == "sam@"
    assert page.select_one("input[name=phone]")["value"] == "12"


def test_no_one_found_says_so(reception, enquiries):
    response = reception.post(FIND, {"email": "nobody@example.com"})
    assert "No enquiries from this email address or phone number" in response.content.decode()


def test_the_person_s_details_never_travel_in_the_address(reception, enquiries):
    form = soup(reception.get(FIND)).select_one("form#find-person")
    assert form["method"].lower() == "post"


def test_download_gives_one_readable_file_of_everything_held(reception, enquiries):
    response = reception.post(DOWNLOAD, {"email": "sam@example.com", "phone": "07700 900123"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="person-')
    text = response.content.decode("utf-8")
    for value in (
        "Sam Walker",
        "Samuel Walker",
        "sam@example.com",
        "s.walker@example.org",
        "Stiff neck after gardening.",
        "Knee again.",
        "Called back Tuesday.",
        "Mornings",
        "Deleted on",
        f"Enquiry {enquiries['by_email'].pk}",
    ):
        assert value in text
    assert "Olive" not in text and "Hip." not in text
    assert "clinic's mailbox" in text


def test_download_is_recorded_without_personal_data(reception, enquiries):
    reception.post(DOWNLOAD, {"email": "sam@example.com"})
    entry = ModelLogEntry.objects.get(action="contact.download_person")
    assert entry.object_id == str(enquiries["by_email"].pk)
    assert "Sam" not in f"{entry.label} {entry.data} {entry.message}"


def test_erase_asks_first_then_removes_everything_held_about_the_person(reception, enquiries):
    person = {"email": "sam@example.com", "phone": "07700 900123"}
    confirm = reception.post(ERASE, person)
    assert confirm.status_code == 200
    assert Enquiry.objects.count() == 3
    page = confirm.content.decode()
    assert "This cannot be undone" in page
    assert "clinic's mailbox" in page
    assert numbers_listed(confirm) == sorted([enquiries["by_email"].pk, enquiries["by_phone"].pk])

    erased = reception.post(ERASE, {**person, "confirm": "yes"}, follow=True)
    assert list(Enquiry.objects.values_list("full_name", flat=True)) == ["Olive Other"]
    message = soup(erased).select_one(".messages").get_text(" ", strip=True)
    assert "Erased 2 enquiries" in message
    assert "clinic's mailbox" in message
    assert "Sam" not in message

    # Nothing of theirs is left anywhere in the database, the audit log included. Their number as
    # typed and as the search key holds it; "7700" alone also turns up in random block ids.
    everything = io.StringIO()
    call_command("dumpdata", stdout=everything)
    number = ("7700 900", "7700900")
    for value in ("Sam Walker", "Samuel Walker", "sam@example.com", "s.walker@example.org", *number, "Stiff neck"):
        assert value not in everything.getvalue()


def test_erasing_is_in_the_audit_log_without_personal_data(reception, enquiries):
    reception.post(ERASE, {"email": "sam@example.com", "confirm": "yes"})
    entry = ModelLogEntry.objects.get(action="contact.erase_person")
    assert entry.object_id == str(enquiries["by_email"].pk)
    assert entry.user.username == "reception"
    assert entry.label == f"Enquiry {enquiries['by_email'].pk}"
    assert "erased" in entry.message.lower()


def test_erase_leaves_held_enquiries_and_says_why(reception, enquiries):
    held = enquiries["by_phone"]
    held.hold_reason = "Complaint open"
    held.save()
    confirm = reception.post(ERASE, {"phone": "07700900123"}).content.decode()
    assert "Complaint open" in confirm
    reception.post(ERASE, {"phone": "07700900123", "confirm": "yes"})
    assert set(Enquiry.objects.values_list("pk", flat=True)) == {held.pk, enquiries["other"].pk}


def test_a_writer_may_not_find_download_or_erase(client, clinic_site, enquiries):
    writer = client_for(client, "Writer")
    for url in (FIND, DOWNLOAD, ERASE):
        response = writer.post(url, {"email": "sam@example.com", "confirm": "yes"})
        assert response.status_code == 302 and response.url == "/admin/"
    assert Enquiry.objects.count() == 3


def test_erasing_needs_the_delete_permission(client, clinic_site, enquiries):
    readers = Group.objects.create(name="Readers only")
    readers.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="change_enquiry")
    )
    reader = client_for(client, readers)
    found = reader.post(FIND, {"email": "sam@example.com"})
    assert numbers_listed(found) == [enquiries["by_email"].pk]
    assert soup(found).select_one(f"form[action='{ERASE}']") is None
    response = reader.post(ERASE, {"email": "sam@example.com", "confirm": "yes"})
    assert response.status_code == 302 and response.url == "/admin/"
    assert Enquiry.objects.count() == 3


def test_the_menu_offers_find_a_person_to_people_who_read_enquiries(reception):
    assert FIND in reception.get("/admin/").content.decode()


def test_the_menu_hides_find_a_person_from_writers(client, clinic_site):
    client.force_login(staff_member("Writer"))
    assert FIND not in client.get("/admin/").content.decode()


def test_each_enquiry_links_to_everything_about_its_person(reception, enquiries):
    response = reception.get(f"/admin/people/enquiry/{enquiries['by_email'].pk}/")
    assert numbers_listed(response) == sorted([enquiries["by_email"].pk, enquiries["by_phone"].pk])
