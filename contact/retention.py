"""How long the clinic keeps enquiries (settings.ENQUIRY_RETENTION_MONTHS, 12 by default), and the purge.

The nightly ``manage.py purge_enquiries`` deletes every enquiry past keeping
except those on hold ("kept because …", set in the admin: contact/people.py),
and records each run as a ``PurgeRun`` so the dashboard can say when it last
ran and warn when cron has stopped running it.
"""

import calendar
import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .enquiries import Enquiry

# The purge runs nightly: a last run older than this means cron is not running it.
PURGE_LATE_AFTER = datetime.timedelta(days=2)


def months_before(day, months):
    """The same day of the month, `months` calendar months earlier (the month's last day if shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_cutoff(today=None):
    """Enquiries received before the start of this day are past keeping."""
    cutoff = months_before(today or timezone.localdate(), settings.ENQUIRY_RETENTION_MONTHS)
    return timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))


def deletion_date(received):
    """The first day whose purge deletes an enquiry received at `received` (unless it is on hold).

    Counted the purge's way, so short months agree with it: received on
    28 February with one month's keeping, it goes on 1 April, not 29 March.
    """
    day = timezone.localtime(received).date()
    months = settings.ENQUIRY_RETENTION_MONTHS
    candidate = months_before(day, -months)
    while months_before(candidate, months) <= day:
        candidate += datetime.timedelta(days=1)
    return candidate


class PurgeRun(models.Model):
    """One run of the purge: what the dashboard reads to say it runs (runs older than the keeping period go)."""

    ran_at = models.DateTimeField(default=timezone.now, db_index=True)
    deleted = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField("past keeping but on hold", default=0)

    class Meta:
        app_label = "contact"
        ordering = ["-ran_at", "-pk"]

    def __str__(self):
        return f"Purge of {self.ran_at:%Y-%m-%d %H:%M}"

    @classmethod
    def last(cls):
        return cls.objects.first()

    def is_late(self, now=None):
        return (now or timezone.now()) - self.ran_at > PURGE_LATE_AFTER


def purge(cutoff=None):
    """Delete what is past keeping, but not what is on hold; record the run. Returns the run."""
    cutoff = cutoff or retention_cutoff()
    with transaction.atomic():
        due = Enquiry.objects.received_before(cutoff)
        kept = due.exclude(hold_reason="").count()
        _, deleted = due.filter(hold_reason="").delete()
        PurgeRun.objects.filter(ran_at__lt=cutoff).delete()
        return PurgeRun.objects.create(deleted=deleted.get(Enquiry._meta.label, 0), kept=kept)
