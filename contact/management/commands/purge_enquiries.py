"""Delete enquiries older than the clinic keeps them, except those staff put on hold.

Run daily from cron, for example:

    30 3 * * *  cd /srv/bodyzest && .venv/bin/python manage.py purge_enquiries

The period is ENQUIRY_RETENTION_MONTHS (12 unless set). Each run is recorded
(contact.retention.PurgeRun): the admin dashboard says when it last ran and
warns once it has not run for two days. `--dry-run` reports what would go,
deletes nothing and records nothing.
"""

from django.core.management.base import BaseCommand
from django.template.defaultfilters import pluralize

from contact.models import Enquiry
from contact.retention import purge, retention_cutoff


def enquiries(count):
    return f"{count} enquir{pluralize(count, 'y,ies')}"


class Command(BaseCommand):
    help = "Delete enquiries received longer ago than ENQUIRY_RETENTION_MONTHS (default 12). Run daily from cron."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would be deleted; delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        cutoff = retention_cutoff()
        before = f"received before {cutoff:%d/%m/%Y}"
        if dry_run:
            due = Enquiry.objects.received_before(cutoff)
            count, kept = due.filter(hold_reason="").count(), due.exclude(hold_reason="").count()
            self.stdout.write(
                f"Would delete {enquiries(count)} {before}; {kept} on hold would be kept"
                " (dry run: nothing was deleted)."
            )
            return
        run = purge(cutoff)
        self.stdout.write(f"Deleted {enquiries(run.deleted)} {before}; kept {run.kept} on hold.")
