"""Delete enquiries older than the clinic keeps them.

Run daily from cron, for example:

    30 3 * * *  cd /srv/bodyzest && .venv/bin/python manage.py purge_enquiries

The period is ENQUIRY_RETENTION_MONTHS (12 unless set). `--dry-run` reports
what would go and deletes nothing.
"""

from django.core.management.base import BaseCommand
from django.template.defaultfilters import pluralize

from contact.models import Enquiry
from contact.retention import retention_cutoff


class Command(BaseCommand):
    help = "Delete enquiries received longer ago than ENQUIRY_RETENTION_MONTHS (default 12). Run daily from cron."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would be deleted; delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        cutoff = retention_cutoff()
        old = Enquiry.objects.received_before(cutoff)
        before = f"received before {cutoff:%d/%m/%Y}"
        if dry_run:
            count = old.count()
            self.stdout.write(
                f"Would delete {count} enquir{pluralize(count, 'y,ies')} {before} (dry run: nothing was deleted)."
            )
            return
        count, _ = old.delete()
        self.stdout.write(f"Deleted {count} enquir{pluralize(count, 'y,ies')} {before}.")
