"""Retention: `manage.py purge_enquiries` deletes enquiries older than the clinic keeps them."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from contact.models import Enquiry
from contact.retention import months_before

from .helpers import make_enquiry

pytestmark = pytest.mark.django_db


@pytest.fixture
def enquiries():
    now = timezone.now()
    return {
        "thirteen_months": make_enquiry(full_name="Old", created_at=now - datetime.timedelta(days=396)),
        "eleven_months": make_enquiry(full_name="Recent", created_at=now - datetime.timedelta(days=335)),
        "today": make_enquiry(full_name="Today"),
    }


def purge(*args):
    out = io.StringIO()
    call_command("purge_enquiries", *args, stdout=out)
    return out.getvalue()


def remaining():
    return sorted(Enquiry.objects.values_list("full_name", flat=True))


def test_dry_run_reports_and_deletes_nothing(enquiries):
    output = purge("--dry-run")
    cutoff = months_before(timezone.localdate(), 12)
    assert f"Would delete 1 enquiry received before {cutoff:%d/%m/%Y}" in output
    assert "nothing was deleted" in output
    assert remaining() == ["Old", "Recent", "Today"]


def test_purge_deletes_enquiries_older_than_twelve_months(enquiries):
    output = purge()
    assert "Deleted 1 enquiry received before" in output
    assert remaining() == ["Recent", "Today"]
    assert "Deleted 0 enquiries" in purge()


def test_the_retention_period_comes_from_settings(enquiries, settings):
    settings.ENQUIRY_RETENTION_MONTHS = 6
    assert "Deleted 2 enquiries" in purge()
    assert remaining() == ["Today"]


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2026, 5, 27), 12, datetime.date(2025, 5, 27)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 3, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2026, 1, 15), 13, datetime.date(2024, 12, 15)),
    ],
)
def test_months_are_counted_on_the_calendar(day, months, expected):
    assert months_before(day, months) == expected
