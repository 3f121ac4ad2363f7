"""Send the enquiry emails that failed, or never went (a crash between saving and sending).

Run from cron every 15 minutes, for example:

    */15 * * * *  cd /srv/bodyzest && .venv/bin/python manage.py retry_enquiry_notifications

Each enquiry is tried at most ENQUIRY_EMAIL_MAX_ATTEMPTS times (10 unless set);
staff see the emails' status on every enquiry in the admin.
"""

from django.core.management.base import BaseCommand
from django.template.defaultfilters import pluralize

from contact.models import Enquiry
from contact.notifications import send_enquiry_emails


class Command(BaseCommand):
    help = "Retry enquiry emails that failed or were never sent. Run every 15 minutes from cron."

    def handle(self, *args, **options):
        sent = failed = 0
        for enquiry in Enquiry.objects.emails_to_retry():
            if send_enquiry_emails(enquiry):
                sent += 1
            else:
                failed += 1
                self.stderr.write(f"{enquiry}: emails still failing ({enquiry.notification_error}).")
        tried = sent + failed
        self.stdout.write(f"{tried} enquir{pluralize(tried, 'y,ies')}: emails sent for {sent}, still failing for {failed}.")
