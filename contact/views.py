"""The public side of the enquiry page: show the form, take an enquiry, say thank you.

Post/Redirect/Get: a successful enquiry ends in a redirect to the thank-you
URL, so refreshing that page sends nothing again.
"""

import logging

from django.conf import settings
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from bodyzest.client_ip import client_ip
from home.models import ClinicDetails

from .forms import CONSENT_VALUE, EnquiryForm
from .notifications import queue_enquiry_emails
from .spam import honeypot_filled

logger = logging.getLogger(__name__)


def recaptcha_csp():
    """What the enquiry page adds to the site's Content-Security-Policy: Google's reCAPTCHA, and only here.

    The widget loads its script from RECAPTCHA_DOMAIN, which loads more from
    www.gstatic.com, and draws the challenge in a frame from RECAPTCHA_DOMAIN.
    """
    google = f"https://{settings.RECAPTCHA_DOMAIN}/recaptcha/"
    return {
        "script-src": [google, "https://www.gstatic.com/recaptcha/"],
        "frame-src": [google],
        "connect-src": [google],
    }


def serve_enquiry_form(request, page):
    clinic = ClinicDetails.for_request(request)
    privacy = page.privacy_target
    form_options = {
        "clinic_phone": clinic.phone,
        "clinic_email": clinic.email,
        "privacy_url": privacy.get_url(request) if privacy else "",
    }
    if request.method == "POST":
        if honeypot_filled(request.POST):
            # Show a robot the same success as a person: nothing tells it to try harder.
            logger.info("Enquiry form: honeypot filled, treated as spam and not stored")
            return redirect(page.thank_you_url)
        form = EnquiryForm(request.POST, client_ip=client_ip(request), **form_options)
        if form.is_valid():
            # Saved (and committed: no ATOMIC_REQUESTS); the emails go from the task worker.
            enquiry = form.save(page=page)
            logger.info("Enquiry %s received", enquiry.pk)
            queue_enquiry_emails(enquiry)
            return redirect(page.thank_you_url)
    else:
        form = EnquiryForm(**form_options)
    response = page.render(request, context_overrides={"form": form, "clinic": clinic})
    # The page carries a CSRF token and, after an error, the person's health details.
    add_never_cache_headers(response)
    response._csp_update = recaptcha_csp()  # read by django-csp's middleware
    return response


def serve_thank_you(request, page):
    return page.render(
        request,
        template="contact/enquiry_page_thank_you.html",
        # Only someone who just sent the form should see this: not search engines.
        context_overrides={"clinic": ClinicDetails.for_request(request), "noindex": True, "is_thank_you": True},
    )


def serve_csrf_failure(request, page, reason=""):
    """The form again, filled in with what the person wrote, when its CSRF check failed (home.errors).

    Nothing is checked or saved: the form may not have come from this site. The
    person reads why it was not sent, and sends it again or calls.
    """
    clinic = ClinicDetails.for_request(request)
    privacy = page.privacy_target
    written = {name: request.POST.get(name, "") for name in EnquiryForm.base_fields if name != "started"}
    written["consent"] = request.POST.get("consent") == CONSENT_VALUE
    form = EnquiryForm(
        initial=written,
        clinic_phone=clinic.phone,
        clinic_email=clinic.email,
        privacy_url=privacy.get_url(request) if privacy else "",
    )
    context = {"form": form, "clinic": clinic, "not_sent": True, "no_cookie": reason == "CSRF cookie not set."}
    response = page.render(request, context_overrides=context)
    response.status_code = 403
    add_never_cache_headers(response)
    response._csp_update = recaptcha_csp()
    return response
