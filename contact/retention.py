"""How long the clinic keeps enquiries (settings.ENQUIRY_RETENTION_MONTHS, 12 by default)."""

import calendar
import datetime

from django.conf import settings
from django.utils import timezone


def months_before(day, months):
    """The same day of the month, `months` calendar months earlier (the month's last day if shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_cutoff():
    """Enquiries received before the start of this day are past keeping."""
    cutoff = months_before(timezone.localdate(), settings.ENQUIRY_RETENTION_MONTHS)
    return timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
