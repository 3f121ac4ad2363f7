"""Template tags for the blog that any page may need."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from blog.models import BlogIndexPage, BlogPage
from bodyzest.content_cache import remembered

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


@register.simple_tag(takes_context=True)
def related_posts(context):
    """The "Related posts" section under a post, remembered as HTML with the post's address until content changes.

    Afresh, its cards (pictures, categories) cost three queries and a third of the
    post's render (docs/benchmarks.md); a preview, which has no id yet, is always drawn afresh.
    """
    page = context["page"]

    def render():
        return render_to_string(
            "blog/related_posts.html", {"posts": page.related_posts, "request": context.get("request")}
        )

    return mark_safe(remembered("path", f"related-section:{page.pk}", render) if page.pk else render())
