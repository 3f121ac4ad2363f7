from django.apps import AppConfig


class ContactConfig(AppConfig):
    verbose_name = "Discovery-visit enquiries"
    name = "contact"

    def ready(self):
        from home.errors import CSRF_FAILURE_VIEWS

        from .models import EnquiryPage
        from .views import serve_csrf_failure

        # A failed CSRF check on the enquiry page shows the form again with what the person wrote.
        CSRF_FAILURE_VIEWS[EnquiryPage] = serve_csrf_failure
