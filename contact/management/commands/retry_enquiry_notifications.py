"""Send the enquiry emails that failed, or never went (never queued, or the task worker down).

Run from cron every 15 minutes, for example:

    */15 * * * *  cd /srv/bodyzest && .venv/bin/python manage.py retry_enquiry_notifications

Each enquiry is tried at most ENQUIRY_EMAIL_MAX_ATTEMPTS times (10 unless set);
staff see the emails' status on every enquiry in the admin. An attempt that was
cut off mid-way is never sent again (the email may have gone): it is marked
"unknown" and reported here, for staff to contact the person themselves.
"""

from django.core.management.base import BaseCommand
from django.template.defaultfilters import pluralize

from contact.models import Enquiry
from contact.notifications import send_enquiry_emails, settle_interrupted


class Command(BaseCommand):
    help = "Retry enquiry emails that failed or were never sent. Run every 15 minutes from cron."

    def handle(self, *args, **options):
        for enquiry in Enquiry.objects.interrupted():
            if not settle_interrupted(enquiry):
                self.stderr.write(f"{enquiry}: sending was interrupted; not sent again, contact the person.")
        sent = failed = 0
        for enquiry in Enquiry.objects.emails_to_retry():
            outcome = send_enquiry_emails(enquiry)
            if outcome:
                sent += 1
            elif outcome is False:
                failed += 1
                self.stderr.write(f"{enquiry}: emails still failing ({enquiry.notification_error}).")
        tried = sent + failed
        self.stdout.write(
            f"{tried} enquir{pluralize(tried, 'y,ies')}: emails sent for {sent}, still failing for {failed}."
        )
