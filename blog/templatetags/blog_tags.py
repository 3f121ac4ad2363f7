"""Template tags for the blog that any page may need."""

from django import template
from django.conf import settings

from blog.models import BlogIndexPage, BlogPage

register = template.Library()


@register.simple_tag(takes_context=True)
def blog_feeds(context):
    """The blog's feeds, and those of the archive shown, for autodiscovery ``<link>``s.

    A blog page already knows its blog; any other page costs one query.
    """
    request = context.get("request")
    page = context.get("page")
    if request is None:
        return []
    if isinstance(page, BlogIndexPage):
        return page.feed_links(request, context.get("archive"))
    blog = page.blog if isinstance(page, BlogPage) else BlogIndexPage.objects.published().first()
    return blog.feed_links(request) if blog else []


@register.simple_tag
def latest_posts():
    """The newest published posts, for the home page: HOME_LATEST_POSTS of them, ready for post cards."""
    return BlogPage.objects.published().for_listing().newest_first()[: settings.HOME_LATEST_POSTS]
