"""Ban the whole site from the HTTP cache in front, and forget the remembered lookups, whenever staff change anything.

Working out which addresses show a change (listings, feeds, archives, neighbours,
menus, the footer, every query-string variant) is error-prone; the clinic has a few
hundred, and a ban costs Varnish one list entry (docs/benchmarks.md). A change is a
page published, unpublished (scheduled publishing and expiry too), moved or deleted,
or a model in settings.FRONTEND_CACHE_BAN_MODELS saved or deleted, and every
``migrate`` (a deploy); a draft or an autosave bans nothing.
"""

import functools

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .content_cache import new_generation


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def content_changed(**signal):
    """Forget the remembered lookups (bodyzest.content_cache) now; on commit, again and ban the cache in front.

    One callback a transaction, however many changes it holds (deleting a section sends one
    signal a page). Forgetting again on commit means an answer computed from data read
    before the commit is never taken for a new one. Also run after ``migrate`` (home's
    AppConfig), which every deploy runs: the new code may render, or remember, differently.
    """
    new_generation()
    if not any(callback is _committed for _savepoints, callback, _robust in connection.run_on_commit):
        transaction.on_commit(_committed)


def _committed():
    new_generation()
    if settings.WAGTAILFRONTENDCACHE:
        # "/*": everything, to a CloudFront invalidation as to the VCL (which bans all on any PURGE).
        purge_urls_from_cache([f"{site.root_url}/*" for site in Site.objects.all()])


@functools.cache
def _bans(sender):
    """Whether saving or deleting a ``sender`` changes what the public sees."""
    if sender._meta.apps is not apps:  # a migration's historical model
        return False
    labels = {apps.get_model(label)._meta.label for label in settings.FRONTEND_CACHE_BAN_MODELS}
    return any(getattr(model, "_meta", None) and model._meta.label in labels for model in sender.__mro__)


@receiver(post_save)
@receiver(post_delete)
def _model_changed(sender, instance, created=False, **kwargs):
    if created and issubclass(sender, BaseSiteSetting):
        return  # Wagtail makes a site's settings, with their defaults, when a page first asks: nothing changed
    if (kwargs["signal"] is post_delete and isinstance(instance, Page)) or _bans(sender):
        content_changed()
