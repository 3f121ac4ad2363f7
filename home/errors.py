"""The pages for requests the site cannot take: a bad request (400) and a failed form check (CSRF, 403).

Django's own handlers for these run the CSRF check again, which reads the
form again: a form Django refused to read (a charset other than UTF-8, too
many fields, too large) then fails a second time and becomes a 500 with pages
of log. These never read the form they refuse.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from wagtail.models import Site

from .middleware import FormNotUTF8
from .models import ClinicDetails
from .seo import PageMetadata

# Page types whose form is shown again, with what the person wrote, when its CSRF check fails:
# {page class: view(request, page, reason)}. An app registers its own (contact.apps), so home imports none.
CSRF_FAILURE_VIEWS = {}


def bad_request(request, exception=None):
    """handler400: a stand-alone page (the host may be one we refuse, so no site or database lookups)."""
    if isinstance(exception, (TooManyFieldsSent, RequestDataTooBig)):
        problem = "too-large"
    elif isinstance(exception, DisallowedHost):
        problem = "host"
    elif isinstance(exception, FormNotUTF8):
        problem = "encoding"
    else:
        problem = "other"
    html = render_to_string("400.html", {"problem": problem, "phone": settings.CLINIC_PHONE_FALLBACK})
    response = HttpResponseBadRequest(html)
    add_never_cache_headers(response)
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: say why a form was not accepted and how to reach the clinic; a registered form comes back filled in."""
    page = page_for(request)
    view = CSRF_FAILURE_VIEWS.get(type(page))
    if view is not None:
        return view(request, page, reason)
    clinic = ClinicDetails.for_request(request)
    context = {
        "clinic": clinic,
        "no_cookie": reason == "CSRF cookie not set.",
        "metadata": PageMetadata(title="Your form was not sent", site_name=clinic.name, noindex=True),
    }
    response = TemplateResponse(request, "403_csrf.html", context, status=403)
    add_never_cache_headers(response)
    return response


def page_for(request):
    """The live page at the request's path, as Wagtail's own serve view finds it, or None."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    try:
        page, _args, _kwargs = site.root_page.localized.specific.route(
            request, [p for p in request.path.split("/") if p]
        )
    except Http404:
        return None
    return page
