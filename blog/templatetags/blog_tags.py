"""Template tags for the blog that any page may need."""

from django import template

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
