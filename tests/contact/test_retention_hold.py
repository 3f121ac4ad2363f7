"""Retention made visible: each enquiry's deletion date, holds the purge respects, and the purge's last run."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from contact.models import Enquiry
from contact.retention import PurgeRun, deletion_date, retention_cutoff
from tests.factories import staff_member

from .helpers import make_enquiry, soup

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(days=400)


@pytest.fixture
def reception(client, clinic_site):
    client.force_login(staff_member("Reception"))
    return client


@pytest.fixture
def writer(client, clinic_site):
    client.force_login(staff_member("Writer"))
    return client


def purge():
    out = io.StringIO()
    call_command("purge_enquiries", stdout=out)
    return out.getvalue()


def keep_url(enquiry):
    return f"/admin/people/keep/{enquiry.pk}/"


def uk(year, month, day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.mark.parametrize(
    "received, months, deleted_on",
    [
        (uk(2026, 5, 27), 12, datetime.date(2027, 5, 28)),
        # 23:30 UK time in summer is 22:30 UTC: the clinic's day counts.
        (uk(2026, 7, 1, 23, 30), 12, datetime.date(2027, 7, 2)),
        # Short months, counted as the purge counts them.
        (uk(2026, 2, 28), 1, datetime.date(2026, 4, 1)),
        (uk(2026, 1, 31), 1, datetime.date(2026, 3, 1)),
        (uk(2024, 2, 29), 12, datetime.date(2025, 3, 1)),
    ],
)
def test_the_deletion_date_is_the_first_day_the_purge_takes_the_enquiry(received, months, deleted_on, settings):
    settings.ENQUIRY_RETENTION_MONTHS = months
    assert deletion_date(received) == deleted_on
    day_before = deleted_on - datetime.timedelta(days=1)
    assert not received < retention_cutoff(day_before)
    assert received < retention_cutoff(deleted_on)


def test_a_held_enquiry_survives_the_purge_until_released(reception):
    held = make_enquiry(full_name="Held Person", created_at=timezone.now() - LONG_AGO)
    make_enquiry(full_name="Gone Person", created_at=timezone.now() - LONG_AGO)

    response = reception.post(keep_url(held), {"hold_reason": "A complaint is open", "next": "/admin/"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.hold_reason == "A complaint is open"
    assert held.held_at is not None

    assert "Deleted 1 enquiry" in purge()
    assert "kept 1 on hold" in purge()
    assert list(Enquiry.objects.values_list("full_name", flat=True)) == ["Held Person"]

    reception.post(keep_url(held), {"release": "1"})
    held.refresh_from_db()
    assert held.hold_reason == "" and held.held_at is None
    assert "Deleted 1 enquiry" in purge()
    assert not Enquiry.objects.exists()


def test_a_hold_needs_a_reason_and_keeps_what_was_typed(reception):
    enquiry = make_enquiry()
    response = reception.post(keep_url(enquiry), {"hold_reason": "   "})
    assert response.status_code == 200
    assert "Say why the clinic must keep this enquiry" in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.hold_reason == ""

    too_long = "x" * 201
    response = reception.post(keep_url(enquiry), {"hold_reason": too_long})
    assert response.status_code == 200
    # A browser drops the newline Django writes after <textarea>.
    assert soup(response).select_one("textarea[name=hold_reason]").get_text().removeprefix("\n") == too_long


def test_holding_and_releasing_are_in_the_audit_log_without_the_reason(reception):
    enquiry = make_enquiry()
    reception.post(keep_url(enquiry), {"hold_reason": "Solicitor for Sam Walker asked"})
    reception.post(keep_url(enquiry), {"release": "1"})
    entries = ModelLogEntry.objects.filter(object_id=str(enquiry.pk)).order_by("timestamp", "pk")
    assert [entry.action for entry in entries] == ["contact.hold_enquiry", "contact.release_enquiry"]
    for entry in entries:
        assert "Sam" not in f"{entry.label} {entry.data} {entry.message}"
    assert entries[0].user.username == "reception"


def test_only_people_who_change_enquiries_may_hold_one(writer):
    enquiry = make_enquiry()
    response = writer.post(keep_url(enquiry), {"hold_reason": "Because"})
    assert response.status_code == 302 and response.url == "/admin/"
    enquiry.refresh_from_db()
    assert enquiry.hold_reason == ""


def test_a_hold_goes_back_only_to_an_address_on_this_site(reception):
    enquiry = make_enquiry()
    response = reception.post(keep_url(enquiry), {"hold_reason": "Complaint", "next": "https://evil.example/"})
    assert response.url == f"/admin/enquiries/edit/{enquiry.pk}/"


def test_the_enquiry_shows_its_deletion_date_and_its_hold(reception):
    enquiry = make_enquiry(created_at=uk(2026, 5, 27))
    page = reception.get(f"/admin/people/enquiry/{enquiry.pk}/").content.decode()
    assert "28 May 2027" in page

    reception.post(keep_url(enquiry), {"hold_reason": "A complaint is open"})
    page = reception.get(f"/admin/people/enquiry/{enquiry.pk}/").content.decode()
    assert "Kept because: A complaint is open" in page
    assert "28 May 2027" not in page


def test_the_retention_panel_for_the_enquiry_editor_says_when_it_goes(rf, clinic_site):
    """people.RetentionPanel is the read-only panel the inbox's edit view can list among its panels."""
    from contact.people import RetentionPanel

    user = staff_member("Reception")
    enquiry = make_enquiry(created_at=uk(2026, 5, 27))
    request = rf.get("/")
    request.user = user
    html = RetentionPanel().bind_to_model(Enquiry).get_bound_panel(instance=enquiry, request=request).render_html()
    assert "Deleted on 28 May 2027" in html
    assert keep_url(enquiry) in html
    assert f"/admin/people/enquiry/{enquiry.pk}/" in html

    enquiry.hold_reason = "A complaint is open"
    html = RetentionPanel().bind_to_model(Enquiry).get_bound_panel(instance=enquiry, request=request).render_html()
    assert "Kept because: A complaint is open" in html


def test_each_purge_run_is_recorded_and_dry_runs_are_not(db):
    make_enquiry(created_at=timezone.now() - LONG_AGO)
    call_command("purge_enquiries", "--dry-run", stdout=io.StringIO())
    assert not PurgeRun.objects.exists()
    purge()
    run = PurgeRun.last()
    assert (run.deleted, run.kept) == (1, 0)
    assert timezone.now() - run.ran_at < datetime.timedelta(minutes=1)


def dashboard(client):
    return soup(client.get("/admin/")).select_one("#enquiry-purge-section")


def test_the_dashboard_says_when_the_purge_last_ran(reception):
    ran_at = timezone.now() - datetime.timedelta(days=1)
    PurgeRun.objects.create(ran_at=ran_at, deleted=2, kept=1)
    text = dashboard(reception).get_text(" ", strip=True)
    assert f"The purge last ran on {timezone.localtime(ran_at):%-d %B %Y at %H:%M}" in text
    assert "deleted 2" in text and "1 kept on hold" in text
    assert "has not run" not in text


def test_the_dashboard_warns_when_the_purge_has_not_run_for_two_days(reception):
    PurgeRun.objects.create(ran_at=timezone.now() - datetime.timedelta(days=2, minutes=1))
    text = dashboard(reception).get_text(" ", strip=True)
    assert "The purge has not run for more than two days" in text
    assert "purge_enquiries" in text


def test_the_dashboard_warns_when_the_purge_never_ran(reception):
    text = dashboard(reception).get_text(" ", strip=True)
    assert "The purge has never run" in text


def test_the_purge_panel_is_only_for_people_who_read_enquiries(writer):
    assert dashboard(writer) is None
