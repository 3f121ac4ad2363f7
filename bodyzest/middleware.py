"""Site-wide middleware: the headers Django does not set, compression without BREACH, database outages."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class PermissionsPolicyMiddleware:
    """Add ``Permissions-Policy`` (settings.PERMISSIONS_POLICY): deny the browser features the site never uses."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


class PreviewFramingMiddleware:
    """Let the Wagtail editor's preview panel frame a page preview: ``frame-ancestors 'self'``.

    Wagtail renders a preview by sending a stand-in request for the page's own
    URL through the whole middleware stack (``request.is_preview``), so the
    public policy, ``frame-ancestors 'none'``, would stop the admin's iframe
    from showing it. Only that directive changes, and only for previews, which
    only signed-in staff can open; the rest of the policy still applies.
    Sits after CSPMiddleware so its change is read when the policy is built.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            replace = getattr(response, "_csp_replace", None) or {}
            response._csp_replace = {**replace, "frame-ancestors": ["'self'"]}
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Compress only responses every visitor shares (``Cache-Control: public``).

    BREACH reads a secret out of a compressed response by reflecting guesses
    into it; a response that is public holds no secret (no CSRF token, no
    session data), so compressing it is safe. Pages with a form token or
    anything personal are marked private/no-store and go out uncompressed.
    """

    def process_response(self, request, response):
        if "public" not in response.get("Cache-Control", ""):
            return response
        return super().process_response(request, response)


class DatabaseUnavailableMiddleware:
    """When PostgreSQL cannot be reached, answer with the branded 503 page instead of a 500.

    ``templates/503.html`` needs no database: it is rendered without a request
    (so no context processor runs) and shows the phone number from
    settings.CLINIC_PHONE_FALLBACK. A form that was being sent (a POST, e.g.
    an enquiry) was not saved, and the page says so: please try again or call.
    Pages already in the page cache are still served, from Redis, before any
    view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable (%s) for %s %s", type(exception).__name__, request.method, request.path)
        return service_unavailable(form_sent=request.method == "POST")


def service_unavailable(form_sent=False):
    """The 503 response: stand-alone page, ``Retry-After``, never cached."""
    html = render_to_string("503.html", {"phone": settings.CLINIC_PHONE_FALLBACK, "form_sent": form_sent})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
