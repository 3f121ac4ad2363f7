"""Lookups every page repeats, kept in the shared cache until the content changes.

Rendering any page asks the same questions again and again: which Wagtail
Site answers this host, which page this address leads to, whether any page
on the site is private, the clinic's details, the header menu, where "Book a
free discovery visit" goes. Their answers change only when staff change a
page (publish, unpublish, move, delete, save), a privacy setting, a Site or
the clinic details. Asked of the database, they cost a dozen queries a page;
remembered, none.

Every answer is cached under the current *content generation*, a token that
any such change replaces, so every app server sharing the cache (Redis in
production) stops using the old answers at once, and old ones simply expire.
The token is replaced as soon as the change is made and again once its
transaction commits: a request that read the database between the two cannot
leave a stale answer under the token that follows the commit.

What is remembered is which page answers an address (ids), never a rendered
page and never anything about a visitor: the page itself is read fresh from
the database on every request, and Wagtail's own routing, privacy check and
``serve()`` still run. When the cache is down or empty the lookups run as
Wagtail runs them (bodyzest.cache fails open).
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

GENERATION_KEY = "bodyzest:content-generation"
# Answers outlive no change (the generation sees to that); the lifetime only
# bounds how long an unused answer occupies the cache.
ANSWER_SECONDS = 24 * 60 * 60
_MISSING = object()


def _cache():
    from django.conf import settings

    return caches[settings.CONTENT_CACHE_ALIAS]


def generation():
    """The current content generation's token (a new one when the cache has none)."""
    cache = _cache()
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY) or "uncached"
    return token


def new_generation():
    """Forget every remembered answer, now and again when the current transaction commits."""
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: _cache().set(GENERATION_KEY, uuid.uuid4().hex, None))


def remembered(name, scope, compute, seconds=ANSWER_SECONDS):
    """``compute()``'s answer for ``name`` within ``scope`` (e.g. a site's id), cached for this generation."""
    key = f"bodyzest:{generation()}:{name}:{scope}"
    cache = _cache()
    answer = cache.get(key, _MISSING)
    if answer is _MISSING:
        answer = compute()
        cache.set(key, answer, seconds)
    return answer


@receiver(post_save)
@receiver(post_delete)
def _content_changed(sender, created=False, **kwargs):
    from home.models import ClinicDetails

    if issubclass(sender, (Page, PageViewRestriction, Site)):
        new_generation()
    elif issubclass(sender, ClinicDetails) and not created:
        # Wagtail creates a site's details, with their defaults, the first time a page
        # asks for them: nothing was remembered of them before, so nothing to forget.
        new_generation()


@receiver(post_page_move)
def _page_moved(sender, **kwargs):
    new_generation()


def site_for_request(request):
    """``Site.find_for_request``, remembered per host: it fills Wagtail's own per-request ``_wagtail_site``."""
    if not hasattr(request, "_wagtail_site"):
        host = f"{request.get_host()}:{request.get_port()}"
        request._wagtail_site = remembered("site-for-host", host, lambda: Site.find_for_request(request))
    return request._wagtail_site


# Should Redis be unreachable just when staff make a page private, the new
# generation could not be stored; this answer is then asked again within a minute.
PRIVACY_ANSWER_SECONDS = 60


def any_view_restrictions():
    """Whether any page on any site is private (password, staff only, groups)."""
    return remembered("any-view-restrictions", "all", PageViewRestriction.objects.exists, PRIVACY_ANSWER_SECONDS)


class CachedPrivacyMixin:
    """Mixed into every page type: skip the privacy lookups while no page at all is private.

    Wagtail checks each page served against the view restrictions of the page
    and its ancestors (two queries). Until staff make some page private there
    is nothing to find; from the moment they do, the full check runs.
    """

    def get_view_restrictions(self):
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class SiteAndRouteCacheMiddleware:
    """Remember which Site answers a host and which page an address routes to.

    Fills Wagtail's own per-request caches, ``request._wagtail_site`` (read by
    ``Site.find_for_request``) and ``request._wagtail_route_for_request``
    (read by ``Page.route_for_request`` in Wagtail's ``serve`` view), from the
    shared cache. A remembered route is the page's type and id and the part of
    the address its own ``route()`` handles (a blog's ``feed/rss/``, say): the
    page is read fresh and its ``route()`` still decides, so an unpublished
    page is a 404 and a blog's sub-pages resolve as before. Addresses that
    lead nowhere are not remembered.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        to_remember = getattr(request, "_bodyzest_route_to_remember", None)
        if to_remember is not None:
            self._remember_route(request, *to_remember)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve  # not at import time: it loads models

        if view_func is not serve:
            return None
        try:
            self._route_from_cache(request, view_args, view_kwargs)
        except DatabaseError:
            # Let Wagtail's view meet the fault, where DatabaseUnavailableMiddleware answers it.
            pass
        return None

    def _route_from_cache(self, request, view_args, view_kwargs):
        site = site_for_request(request)
        if site is None:
            return
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        key = f"bodyzest:{generation()}:route:{site.pk}:{path}"
        remembered_route = _cache().get(key)
        if remembered_route is not None:
            route = self._follow(request, *remembered_route)
            if route is not _MISSING:
                request._wagtail_route_for_request = route
                return
        request._bodyzest_route_to_remember = (key, site, path)

    @staticmethod
    def _follow(request, content_type_id, page_id, url_path, remaining):
        """The route result from the remembered page, or _MISSING when that page is gone or has moved."""
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            return _MISSING
        # A page type may name what its template always shows (a post's author, its picture).
        related = getattr(model, "serve_select_related", ())
        page = model.objects.select_related(*related).filter(pk=page_id).first()
        if page is None or page.url_path != url_path:
            return _MISSING
        try:
            return page.route(request, list(remaining))
        except Http404:
            return None

    @staticmethod
    def _remember_route(request, key, site, path):
        route = getattr(request, "_wagtail_route_for_request", None)
        if route is None:
            return
        page = route[0]
        components = [part for part in path.split("/") if part]
        root_path = site.root_page.url_path if site.root_page_id else "/"
        own = [part for part in page.url_path[len(root_path):].split("/") if part]
        if page.url_path.startswith(root_path) and components[: len(own)] == own:
            remaining = tuple(components[len(own):])
            _cache().set(key, (page.content_type_id, page.pk, page.url_path, remaining), ANSWER_SECONDS)
