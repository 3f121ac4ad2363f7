"""RSS 2.0 and Atom feeds of the latest posts, of the whole blog or of one archive.

Django's syndication framework writes the XML. The blog index serves the feeds
from its routes (``feed/rss/``, ``category/<slug>/feed/atom/``...), so a feed
lives under the page it lists and follows it if staff move the blog.
"""

import logging

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

from home.seo import SocialImage, absolute_url, summarise

logger = logging.getLogger(__name__)


class LatestPostsFeed(Feed):
    """The newest BLOG_FEED_LENGTH published posts of a blog, or of one of its archives."""

    feed_type = Rss201rev2Feed

    def __init__(self, blog, archive=None):
        super().__init__()
        self.blog = blog
        self.archive = archive

    def get_object(self, request):
        self.request = request
        return None

    def title(self):
        return self.blog.feed_title(self.request, self.archive)

    def link(self):
        if self.archive is not None:
            return self.blog.archive_url(self.request, self.archive.kind, self.archive.slug)
        return self.blog.get_full_url(self.request)

    def feed_url(self):
        return absolute_url(self.request, self.request.path)

    def description(self):
        text = self.archive.description if self.archive is not None else self.blog.introduction
        return summarise(text) or self.title()

    def items(self):
        posts = self.archive.posts if self.archive is not None else self.blog.posts()
        return posts[: settings.BLOG_FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.introduction

    def item_link(self, post):
        return post.get_full_url(self.request)

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post):
        return post.author.name if post.author else None

    def item_author_link(self, post):
        return self.blog.archive_url(self.request, "author", post.author.slug)

    def item_categories(self, post):
        return [category.name for category in post.categories.all()]

    def item_enclosures(self, post):
        """The hero image, at the size shared on social sites."""
        image = SocialImage.of(post.hero_image, self.request)
        if image is None:
            return []
        try:
            size = image.rendition.file.size
        except OSError:  # the rendition's file is gone from storage: the post is listed without it
            logger.warning("Image rendition %s: its file is missing, so it is left out of the feed", image.rendition.pk)
            return []
        return [Enclosure(image.url, str(size), image.mime_type)]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


FEEDS = {"rss": LatestPostsFeed, "atom": LatestPostsAtomFeed}


def serve_feed(request, feed_format, blog, archive=None):
    """The response for one feed: ``feed_format`` is "rss" or "atom"."""
    return FEEDS[feed_format](blog, archive)(request)
