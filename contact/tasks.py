"""The enquiry emails as a django-tasks task, so the visitor's request never waits for the mail server.

Its own backend, TASKS["enquiry_emails"]: in production the database backend
(django-tasks-db), run by `manage.py db_worker --backend enquiry_emails`
(docs/deployment.md); in development and tests the immediate backend, which
runs it at once. Only the enquiry's id is queued: no personal data in the queue.
"""

from django_tasks import task

from .enquiries import Enquiry
from .notifications import send_enquiry_emails


@task(backend="enquiry_emails")
def send_enquiry_emails_task(enquiry_id):
    enquiry = Enquiry.objects.filter(pk=enquiry_id).first()
    if enquiry is not None:  # purged or deleted by staff meanwhile: nothing to send
        send_enquiry_emails(enquiry)
