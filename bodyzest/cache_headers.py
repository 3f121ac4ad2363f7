"""Cache-Control on every response: what the HTTP cache in front (Varnish, a CDN) may keep, and for how long.

The site stores no pages itself; the cache in front is the one page cache.
A response may be shared only when nothing in it is personal: a GET or HEAD
outside the admin from a visitor without a session, status 200, no
Cache-Control of its own (the enquiry page sets ``no-store``: it carries a
form token), no cookie set, no CSRF token used, not a preview. It is then
``public`` with ``s-maxage`` for the shared cache, which is banned whenever
staff change anything (``bodyzest.frontend_cache``), a short ``max-age``
for browsers, which cannot be banned, and ``stale-if-error`` so the cache
keeps serving readers while the database is down. Everything else is
``private, no-store``.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control


def is_shareable(request, response):
    """True when every visitor would get exactly this response."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(settings.CACHE_CONTROL_PRIVATE_PREFIXES)
        and response.status_code == 200
        and not response.streaming
        and not response.has_header("Cache-Control")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not getattr(request, "is_preview", False)
    )


class CacheControlMiddleware:
    """Label each response shareable (``public``) or not (``private, no-store``).

    Sits above the session, CSRF and authentication middleware so it sees the
    cookies and tokens they added.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_shareable(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.CACHE_CONTROL_MAX_AGE,
                s_maxage=settings.CACHE_CONTROL_S_MAXAGE,
                stale_while_revalidate=settings.CACHE_CONTROL_STALE_WHILE_REVALIDATE,
                stale_if_error=settings.CACHE_CONTROL_STALE_IF_ERROR,
            )
        elif not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
