"""An imported post's old addresses start redirecting when the post goes live, not before.

Redirecting to a draft would answer 301 and then 404; so the importer leaves a
draft's redirects to this handler, which makes them when staff publish it.
"""

from wagtail.signals import page_published

from .importer.importer import old_address_redirects
from .models import BlogPage


def redirect_old_addresses_once_live(sender, instance, **kwargs):
    old_address_redirects(instance)


page_published.connect(redirect_old_addresses_once_live, sender=BlogPage, dispatch_uid="blog_old_address_redirects")
