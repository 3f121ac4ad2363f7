"""Whole-page caching of public pages in the shared cache (Redis), and the headers that let Varnish cache them.

A request may be answered from the cache only when it is a GET or HEAD with
no session, CSRF or messages cookie: a visitor without them sees exactly what
every other anonymous visitor sees (so the ``Vary: Cookie`` Django adds once
the userbar has asked who the visitor is does not stop caching). Staff always have a session cookie, so they
(and their previews, the userbar, view-restricted pages they unlocked) never
meet the cache. Answering a hit touches neither the database nor the session,
so cached pages are still served while PostgreSQL is down.

A response is stored only when nothing about it is personal: status 200, no
Cache-Control of its own (the enquiry page sets ``no-store`` because of its
form token), no Set-Cookie, no CSRF token used, not a
preview, outside the admin. It then carries
``Cache-Control: public, max-age, s-maxage, stale-while-revalidate`` from
settings. Every other response without a Cache-Control of its own is marked
``private, no-store``.

Entries are removed on publish, unpublish, move and delete by the same purge
that tells Varnish (``blog.signals``): ``OriginCacheBackend`` below is a
Wagtail frontend-cache backend, listed first in ``WAGTAILFRONTENDCACHE``.
"""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.contrib.frontend_cache.backends import BaseBackend

KEY_PREFIX = "bodyzest:page:"


def cache_key(url):
    """The cache key of an address, e.g. ``/blog/?page=2`` or ``https://bodyzest.co.uk/blog/?page=2``.

    Only the path and query count: the clinic has one Wagtail site, reached
    under one name (ALLOWED_HOSTS), and purges name it by the site's root URL
    while readers may arrive through a proxy under another Host. Varnish
    hashes the same way (deploy/varnish/bodyzest.vcl).
    """
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return KEY_PREFIX + hashlib.sha256(path.encode()).hexdigest()


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _request_key(request):
    return cache_key(request.get_full_path())


def may_use_cache(request):
    """True when the request comes from a visitor who sees only what everyone sees."""
    if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    if any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages")):
        return False
    return not request.path_info.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)


def is_public(request, response):
    """True when the response holds nothing personal and may be shared by every visitor."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.has_header("Cache-Control")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not getattr(request, "is_preview", False)
    )


def add_public_cache_headers(response):
    patch_cache_control(
        response,
        public=True,
        max_age=settings.CACHE_CONTROL_MAX_AGE,
        s_maxage=settings.CACHE_CONTROL_S_MAXAGE,
        stale_while_revalidate=settings.CACHE_CONTROL_STALE_WHILE_REVALIDATE,
    )


class PageCacheMiddleware:
    """Serve public pages from the shared cache; store them there; label every response's cacheability.

    Placed above the session, CSRF and authentication middleware, so a hit
    costs no database query and a miss's response is seen with the cookies
    and Vary headers those middleware added.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable_request = may_use_cache(request)
        if cacheable_request:
            cached = page_cache().get(_request_key(request))
            if cached is not None:
                cached["X-Origin-Cache"] = "hit"
                return cached
        response = self.get_response(request)
        if cacheable_request and is_public(request, response):
            add_public_cache_headers(response)
            if request.method == "GET":
                page_cache().set(_request_key(request), response, settings.PAGE_CACHE_SECONDS)
            response["X-Origin-Cache"] = "miss"
        elif not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class OriginCacheBackend(BaseBackend):
    """A Wagtail frontend-cache backend that removes addresses from the page cache above."""

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        page_cache().delete_many([cache_key(url) for url in urls])
