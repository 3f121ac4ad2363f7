"""Honest outcomes: the thank-you page never waits for mail, "received" iff the enquiry committed, no email twice.

The emails go through the production path: queued in the database
(django-tasks-db), sent by its worker over real SMTP to tests/fake_smtp.py.
Faults are cut at the network edge by tests/faults.py: the mail server hangs
or tarpits; the database connection is cut at each step of an enquiry's life.
"""

import datetime
import io
import time

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connections
from django.db.utils import load_backend
from django.utils import timezone

from contact.models import Enquiry
from tests.faults import FaultyProxy

from .helpers import post_enquiry

QUEUED = {"BACKEND": "django_tasks_db.DatabaseBackend"}


@pytest.fixture
def queued_emails(transactional_db, settings):
    """Enquiry emails queued for the task worker, as production.py has them.

    Committing tests: the worker drops connections as between tasks, which would end a test's transaction.
    """
    settings.TASKS = {**settings.TASKS, "enquiry_emails": QUEUED}


def run_worker():
    """What `manage.py db_worker --backend enquiry_emails` does, until the queue is empty."""
    call_command("db_worker", "--batch", "--backend", "enquiry_emails", "--no-startup-delay", "--interval", "0")


def run_retry_job_later():
    """The retry cron job, run once everything left over is old enough to count as stalled."""
    later = timezone.now() - datetime.timedelta(hours=1)
    Enquiry.objects.update(created_at=later)
    Enquiry.objects.exclude(notification_started_at=None).update(notification_started_at=later)
    out, err = io.StringIO(), io.StringIO()
    call_command("retry_enquiry_notifications", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def assert_nobody_got_an_email_twice(smtp):
    recipients = smtp.recipients()
    assert len(recipients) == len(set(recipients)), recipients


@pytest.mark.parametrize("mode", ["hang", "trickle"])
def test_the_thank_you_page_comes_at_once_however_the_mail_server_behaves(
    client, enquiry_page, siteverify, smtp, queued_emails, settings, mode
):
    settings.EMAIL_SEND_DEADLINE = 1
    with FaultyProxy(("127.0.0.1", smtp.port), mode=mode) as proxy:
        settings.EMAIL_PORT = proxy.port
        started = time.monotonic()
        response = post_enquiry(client, enquiry_page)
        assert time.monotonic() - started < 1
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200
        run_worker()  # the worker, not the visitor, waits out the deadline
    enquiry = Enquiry.objects.get()
    assert enquiry.notification_status == Enquiry.EmailStatus.FAILED
    assert enquiry.notification_error == "DeadlineExceeded"

    settings.EMAIL_PORT = smtp.port  # the mail server recovers
    run_retry_job_later()
    assert smtp.recipients() == ["hello@bodyzest.example", "jane@example.com"]


def test_queued_emails_are_sent_by_the_worker_once(client, enquiry_page, siteverify, smtp, queued_emails):
    post_enquiry(client, enquiry_page)
    assert smtp.messages == []
    run_worker()
    run_worker()
    run_retry_job_later()
    assert smtp.recipients() == ["hello@bodyzest.example", "jane@example.com"]
    assert Enquiry.objects.get().notification_status == Enquiry.EmailStatus.SENT


# --- The database cut at each step (PostgreSQL behind the fault proxy) ---------


@pytest.fixture
def database(queued_emails):
    """The default connection goes through a FaultyProxy to the test's PostgreSQL database."""
    working = connections["default"]
    if working.vendor != "postgresql":
        pytest.skip("cuts a PostgreSQL connection: run with DATABASE_URL=postgres://...")
    with FaultyProxy(("127.0.0.1", int(working.settings_dict["PORT"] or 5432))) as proxy:
        settings_dict = {**working.settings_dict, "HOST": "127.0.0.1", "PORT": proxy.port}
        connections["default"] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
        yield proxy
        connections["default"].close()
        connections["default"] = working


def back_up(database):
    """The database is reachable again; the broken connection is dropped as Django drops it between requests."""
    database.mode = "pass"
    connections["default"].close()


def test_cut_before_the_enquiry_is_saved_says_not_saved(client, clinic_site, siteverify, smtp, database):
    from contact.models import EnquiryPage

    page = EnquiryPage.objects.get()
    database.cut_when(b'INSERT INTO "contact_enquiry"')
    response = post_enquiry(client, page)
    assert database.cuts == 1
    assert response.status_code == 503
    assert "nothing you sent has been saved" in response.content.decode()
    back_up(database)
    assert Enquiry.objects.count() == 0
    run_worker()
    run_retry_job_later()
    assert smtp.messages == []


def test_cut_after_the_enquiry_committed_while_queueing_its_emails_says_received(
    client, clinic_site, siteverify, smtp, database
):
    from contact.models import EnquiryPage

    page = EnquiryPage.objects.get()
    database.cut_when(b'INSERT INTO "django_tasks_database_dbtaskresult"')
    response = post_enquiry(client, page)
    assert database.cuts == 1
    html = response.content.decode()
    assert "not been saved" not in html and "not sent" not in html
    assert response.status_code in (302, 503)
    if response.status_code == 503:  # the database was still down for the redirect's address
        assert "We have what you sent" in html
    back_up(database)
    assert Enquiry.objects.get().full_name == "Jane Runner"
    run_worker()
    assert "emails sent for 1" in run_retry_job_later()
    run_retry_job_later()
    assert smtp.recipients() == ["hello@bodyzest.example", "jane@example.com"]


def test_cut_when_recording_an_email_that_has_gone_it_is_never_sent_again(
    client, clinic_site, siteverify, smtp, database
):
    from contact.models import EnquiryPage

    assert post_enquiry(client, EnquiryPage.objects.get()).status_code == 302
    smtp.on_message = lambda message: setattr(database, "mode", "close")  # the first email has gone; then the cut
    with pytest.raises(DatabaseError):
        run_worker()
    back_up(database)
    smtp.on_message = None
    report = run_retry_job_later()
    run_worker()
    run_retry_job_later()
    assert smtp.recipients() == ["hello@bodyzest.example"]  # the acknowledgement may have gone: not risked twice
    enquiry = Enquiry.objects.get()
    assert enquiry.notification_status == Enquiry.EmailStatus.UNKNOWN
    assert "interrupted" in report


def test_cut_during_the_status_update_after_both_emails_went_nothing_is_sent_again(
    client, clinic_site, siteverify, smtp, database
):
    from contact.models import EnquiryPage

    assert post_enquiry(client, EnquiryPage.objects.get()).status_code == 302
    database.cut_when(b"\"notification_status\" = 'sent'")
    with pytest.raises(DatabaseError):
        run_worker()
    assert database.cuts == 1
    back_up(database)
    run_retry_job_later()
    run_worker()
    run_retry_job_later()
    assert smtp.recipients() == ["hello@bodyzest.example", "jane@example.com"]
    assert Enquiry.objects.get().notification_status == Enquiry.EmailStatus.SENT
