"""Site-wide middleware: the headers Django does not set, compression without BREACH, database outages."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
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
    """Let the editor's preview panel frame a preview: ``frame-ancestors 'self'``, for previews only.

    Wagtail sends a stand-in request for the page through the whole stack, so the
    public ``frame-ancestors 'none'`` would blank the admin's iframe. After CSPMiddleware.
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
    settings.CLINIC_PHONE_FALLBACK. For a form that was being sent (a POST,
    e.g. an enquiry) it says honestly what happened: "nothing you sent has been
    saved, try again or call" only if no change of this request was committed;
    otherwise "we have what you sent", so no one sends twice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST":
            return self.get_response(request)
        request.committed_writes = CommittedWrites()
        with connection.execute_wrapper(request.committed_writes):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable (%s) for %s %s", type(exception).__name__, request.method, request.path)
        writes = getattr(request, "committed_writes", None)
        return service_unavailable(form_sent=request.method == "POST", saved=bool(writes and writes.happened))


class CommittedWrites:
    """Notes whether a statement that changes data was committed (at once in autocommit, or when its transaction commits)."""

    happened = False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            context["connection"].on_commit(self.committed)
        return result

    def committed(self):
        self.happened = True


def service_unavailable(form_sent=False, saved=False):
    """The 503 response: stand-alone page, ``Retry-After``, never cached."""
    context = {"phone": settings.CLINIC_PHONE_FALLBACK, "form_sent": form_sent, "saved": saved}
    html = render_to_string("503.html", context)
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
