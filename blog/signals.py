"""An imported post's old addresses redirect while the post is live, and only then.

Redirecting to a draft, or to a post taken down, would answer 301 and then 404;
so the importer leaves a draft's redirects to this handler, which makes them when
staff publish it and removes them when they unpublish it.
"""

from wagtail.contrib.redirects.models import Redirect
from wagtail.signals import page_published, page_unpublished

from .importer.importer import old_address_redirects
from .models import BlogPage


def redirect_old_addresses_once_live(sender, instance, **kwargs):
    old_address_redirects(instance)


def stop_redirecting_while_not_live(sender, instance, **kwargs):
    paths, _ = old_address_redirects(instance, create=False)
    Redirect.objects.filter(redirect_page=instance, old_path__in=paths).delete()


page_published.connect(redirect_old_addresses_once_live, sender=BlogPage, dispatch_uid="blog_old_address_redirects")
page_unpublished.connect(stop_redirecting_while_not_live, sender=BlogPage, dispatch_uid="blog_old_address_unredirects")
