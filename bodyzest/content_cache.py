"""Lookups every page repeats (site, route, privacy, clinic details, menu, breadcrumbs), remembered: one read a request.

Asked of the database they are a dozen queries a page (docs/benchmarks.md). Their
answers live in two entries, one per host and one per address, read with the current
generation token in one ``get_many``; an entry counts only under the generation it was
computed in, and every change (bodyzest.frontend_cache) replaces the token, at once and
on commit. Only ids, titles and small records are kept: the page is read fresh, and
Wagtail's route(), privacy check and serve() still decide.
"""

import contextvars
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import DatabaseError
from django.http import Http404
from wagtail.models import PageViewRestriction, Site

GENERATION_KEY = "bodyzest:generation"
# Answers outlive no change (the generation sees to that); this only bounds how long unused ones stay.
ANSWER_SECONDS = 24 * 60 * 60
_current = contextvars.ContextVar("bodyzest_remembered", default=None)


def _cache():
    return caches[settings.CONTENT_CACHE_ALIAS]


def new_generation():
    """Forget every remembered answer (bodyzest.frontend_cache calls it at a change and again on commit)."""
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)


class Remembered:
    """One request's remembered answers: the host's (``site``) and the address's (``path``)."""

    def __init__(self, request):
        host = request.get_host()
        self.keys = {"site": f"bodyzest:site:{host}", "path": f"bodyzest:path:{host}:{request.path}"}
        found = _cache().get_many([GENERATION_KEY, *self.keys.values()])
        self.generation = found.get(GENERATION_KEY)
        if self.generation is None:
            self.generation = uuid.uuid4().hex
            _cache().add(GENERATION_KEY, self.generation, None)
        self.answers = {}
        for scope, key in self.keys.items():
            entry = found.get(key)
            self.answers[scope] = entry if entry and entry.get("_generation") == self.generation else {}
        self.changed = set()

    def get(self, scope, name, compute):
        """``compute()``'s answer to ``name`` for this host or address, from the cache when it has one."""
        answers = self.answers[scope]
        if name not in answers:
            answers[name] = compute()
            self.changed.add(scope)
        return answers[name]

    def save(self):
        if self.changed:
            entries = {
                self.keys[scope]: {**self.answers[scope], "_generation": self.generation} for scope in self.changed
            }
            _cache().set_many(entries, ANSWER_SECONDS)


def remembered(scope, name, compute):
    """The current request's remembered answer (computed afresh outside a request)."""
    lookups = _current.get()
    return lookups.get(scope, name, compute) if lookups is not None else compute()


def any_view_restrictions():
    """Whether any page is private (password, staff only, groups)."""
    return remembered("site", "any-view-restrictions", PageViewRestriction.objects.exists)


class CachedPrivacyMixin:
    """Mixed into every page type: skip Wagtail's two privacy queries while no page at all is private."""

    def get_view_restrictions(self):
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class RememberedLookupsMiddleware:
    """Read the request's remembered answers once; fill Wagtail's own per-request site and route from them.

    A remembered route is the page's type, id and address and the part of the
    path its own ``route()`` handles (a blog's ``feed/rss/``, say); the page is
    read fresh and must still be at that address, so a moved or unpublished
    page is never served from it. Only addresses that answered 200 are kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The admin, and previews (Wagtail's stand-in requests), which show drafts: always asked afresh.
        if request.path_info.startswith(settings.CACHE_CONTROL_PRIVATE_PREFIXES) or getattr(request, "is_dummy", False):
            return self.get_response(request)
        lookups = Remembered(request)
        token = _current.set(lookups)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if response.status_code != 200 or "route" not in lookups.answers["path"]:
            lookups.changed.discard("path")
        lookups.save()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve  # not at import time: it loads models

        lookups = _current.get()
        if lookups is None:
            return None
        try:
            request._wagtail_site = lookups.get("site", "site", lambda: _site_with_root(request))
            # Wagtail's own cached lookup for every page URL, read here with the rest.
            request._wagtail_cached_site_root_paths = lookups.get("site", "root-paths", Site.get_site_root_paths)
            if view_func is not serve or request._wagtail_site is None:
                return None
            route = lookups.answers["path"].get("route")
            if route is not None:
                request._wagtail_route_for_request = _follow(request, *route)
            if getattr(request, "_wagtail_route_for_request", None) is None:
                request.__dict__.pop("_wagtail_route_for_request", None)  # gone or moved: route afresh
                path = view_kwargs.get("path", view_args[0] if view_args else "")
                lookups.get("path", "route", lambda: _route(request, request._wagtail_site, path))
        except DatabaseError:
            pass  # Wagtail's own view routes, meets any fault, and DatabaseUnavailableMiddleware answers it
        return None


def _site_with_root(request):
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page  # noqa: B018  (kept with the site)
    return site


def _route(request, site, path):
    """Route as Wagtail does (filling its per-request route); what to remember of the result, or None."""
    from wagtail.models import Page

    result = Page.route_for_request(request, path)
    if result is None:
        return None
    page, root_path = result[0], site.root_page.url_path
    components = [part for part in path.split("/") if part]
    own = [part for part in page.url_path[len(root_path) :].split("/") if part]
    if not page.url_path.startswith(root_path) or components[: len(own)] != own:
        return None
    return (page.content_type_id, page.pk, page.url_path, tuple(components[len(own) :]))


def _follow(request, content_type_id, page_id, url_path, remaining):
    """The route result from the remembered page, or None when it has gone or moved."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    # A page type may name what its template always shows (a post's author, its picture).
    related = getattr(model, "serve_select_related", ())
    page = model.objects.select_related(*related).filter(pk=page_id).first() if model else None
    if page is None or page.url_path != url_path:
        return None
    try:
        return page.route(request, list(remaining))
    except Http404:
        return None
