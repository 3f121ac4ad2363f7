"""Purge every cached address that shows a page when staff publish, unpublish, move or delete it,
or make it (or a section above it) private or public again.

The purge goes to every backend in WAGTAILFRONTENDCACHE: the origin page
cache in Redis first (``bodyzest.page_cache.OriginCacheBackend``), then Varnish
(Wagtail's HTTPBackend). It runs once the database transaction has committed,
so a reader who fetches a purged address gets the new content, never the old.

Which addresses show a page (``urls_showing``) depends on the database, and a
change can move a page out of some listings and into others: a post's date
decides its previous/next neighbours, its categories and tags decide its
archives, its slug decides its own address. So the addresses are worked out
twice, as the database stood just before the change (``pre_save``,
``pre_page_move``, ``pre_delete``) and just after it, and the union is purged.

Not purged: posts whose "Related posts" filled a place automatically with
the changed post (every post sharing a topic may); they refresh when their
shared-cache lifetime (CACHE_CONTROL_S_MAXAGE) ends.
"""

import logging
import math

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from home.seo import with_page_number

from .models import FEED_TYPES, BlogIndexPage, BlogPage, BlogPageRelatedPost

logger = logging.getLogger(__name__)

# Addresses shown before a change, by page id, until the change's own signal purges them.
_before_change = {}


def urls_showing(page, with_descendants=False):
    """The absolute addresses of every cached response that shows ``page`` as the database holds it now."""
    page = page.specific
    url_parts = page.get_url_parts()
    if url_parts is None:  # not under any site: nothing of it is served
        return set()
    _site_id, site_root, path = url_parts
    own_url = site_root + path
    urls = {own_url, f"{site_root}/", f"{site_root}/sitemap.xml"}
    if page.show_in_menus:  # the header menu on every page names it
        urls |= {live.get_full_url() for live in Page.objects.live().public().specific()}
    if with_descendants:
        urls |= {descendant.get_full_url() for descendant in page.get_descendants()}
    if isinstance(page, BlogPage):
        urls |= post_urls_showing(page)
    return {url for url in urls if url}


def post_urls_showing(post):
    """What shows a blog post besides its own address: its blog's listings and feeds, archives, neighbours."""
    blog = post.get_parent().specific
    if not isinstance(blog, BlogIndexPage):
        return set()
    urls = listing_urls(blog.get_full_url(), blog.posts())
    urls |= feed_urls(blog, "feed", {})
    posts = blog.posts()
    archives = [("category", category.slug, posts.filter(categories=category)) for category in post.categories.all()]
    archives += [("tag", tag.slug, posts.filter(tagged_items__tag=tag)) for tag in post.tags.all()]
    if post.author is not None:
        archives.append(("author", post.author.slug, posts.filter(author=post.author)))
    for kind, slug, archive_posts in archives:
        urls |= listing_urls(blog.archive_url(None, kind, slug), archive_posts)
        urls |= feed_urls(blog, "archive_feed", {"kind": kind, "slug": slug})
    neighbours = [post.newer_post, post.older_post]
    neighbours += [link.page for link in BlogPageRelatedPost.objects.filter(post=post).select_related("page")]
    urls |= {neighbour.get_full_url() for neighbour in neighbours if neighbour is not None}
    return urls


def listing_urls(url, posts):
    """Every page of a paginated listing, and one past its end (a new post adds a page; ``?page=1`` too)."""
    pages = math.ceil(posts.count() / settings.BLOG_POSTS_PER_PAGE) + 1
    return {url, f"{url}?page=1"} | {with_page_number(url, number) for number in range(2, pages + 1)}


def feed_urls(blog, route, kwargs):
    return {blog.route_url(None, route, feed_format=feed_format, **kwargs) for feed_format, _label, _mime in FEED_TYPES}


def purge_after_commit(urls):
    """Purge ``urls`` from every cache once the change is committed."""
    urls = sorted(urls)
    if urls:
        transaction.on_commit(lambda: purge_urls_from_cache(urls))


def _remember_before(page, with_descendants=False):
    try:
        _before_change.setdefault(page.pk, urls_showing(page, with_descendants))
    except Page.DoesNotExist:  # a parent already gone in a cascade
        pass


def _purge_change(page, with_descendants=False):
    before = _before_change.pop(page.pk, set())
    purge_after_commit(before | urls_showing(page, with_descendants))


@receiver(pre_save)
def remember_before_publish(sender, instance, update_fields=None, **kwargs):
    """Before a page's full save (publishing, unpublishing, moving), note what shows it now."""
    if isinstance(instance, Page) and instance.pk and update_fields is None:
        stored = Page.objects.filter(pk=instance.pk).first()
        if stored is not None:
            _remember_before(stored)


@receiver(page_published)
@receiver(page_unpublished)
def purge_published_or_unpublished(sender, instance, **kwargs):
    _purge_change(instance)


@receiver(pre_page_move)
def remember_before_move(sender, instance, **kwargs):
    _before_change.pop(instance.pk, None)
    _remember_before(Page.objects.get(pk=instance.pk), with_descendants=True)


@receiver(post_page_move)
def purge_moved(sender, instance, **kwargs):
    _purge_change(instance, with_descendants=True)


@receiver(pre_delete)
def remember_before_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        _remember_before(instance)


@receiver(post_delete)
def purge_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.pk in _before_change:
        purge_after_commit(_before_change.pop(instance.pk))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def purge_when_privacy_changes(sender, instance, **kwargs):
    """A page made private must leave every cache at once (and a page made public again may join them).

    Everything that showed it or any page below it goes: their own addresses,
    the listings, feeds and neighbours that named them.
    """
    try:
        page = Page.objects.get(pk=instance.page_id)
    except Page.DoesNotExist:  # the page itself is being deleted: its own purge covers it
        return
    urls = urls_showing(page, with_descendants=True)
    for descendant in page.get_descendants().type(BlogPage).specific():
        urls |= post_urls_showing(descendant)
    purge_after_commit(urls)
