"""The clinic's blog: an index page, posts, authors and categories.

Wagtail concepts, each explained once: page types (``BlogIndexPage``, ``BlogPage``) live in the
page tree, and ``parent_page_types``/``subpage_types`` keep staff to a tree the templates can
render; snippets (``Author``, ``BlogCategory``) are records chosen from a post; tags go through a
``ParentalKey`` model so previews and revisions carry them; ``StreamField`` stores the body as
typed blocks (blocks.py); ``RoutablePageMixin`` lets the index also serve its feeds and archives;
an ``Orderable`` (``BlogPageRelatedPost``) is a list staff reorder inside the page editor.
"""

import calendar
import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from bodyzest.content_cache import CachedPrivacyMixin, any_view_restrictions, remembered
from home.models import ClinicDetails, SeoMixin
from home.pagination import paginate
from home.seo import SocialImage, iso_datetime, with_page_number
from home.structured_data import SCHEMA, clinic_reference, credential

from .blocks import BlogStreamBlock, count_words
from .feeds import serve_feed
from .importer.panels import ImportWarningsPanel

# The kinds of archive the blog index serves at <kind>/<slug>/, and feed formats.
ARCHIVE_KINDS = "category|tag|author"
FEED_TYPES = [("rss", "RSS", "application/rss+xml"), ("atom", "Atom", "application/atom+xml")]
FEED_FORMATS = "|".join(feed_format for feed_format, _label, _mime_type in FEED_TYPES)
# Clinical review: a post's next review defaults to this long after its review (NHS
# health content is reviewed at least this often), and the dashboard lists posts this close to it.
CLINICAL_REVIEW_INTERVAL_MONTHS = 12
CLINICAL_REVIEW_NOTICE_DAYS = 30


class Author(index.Indexed, models.Model):
    """A member of the clinic's team who writes posts (not a login: no usernames leak)."""

    name = models.CharField(max_length=100, help_text="Full name as readers should see it.")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text=(
            "The author's web address part, e.g. “alex-smith” for /blog/author/alex-smith/. "
            "Leave empty to make it from the name."
        ),
    )
    role = models.CharField(
        max_length=100,
        blank=True,
        help_text="Job title, e.g. “Chartered physiotherapist”.",
    )
    # Shown in each post's byline, so readers can check who wrote the advice.
    registration = models.CharField(
        max_length=60,
        blank=True,
        help_text=(
            "Their professional registration as the public can check it on the register: the register's short "
            "name and the number, e.g. “HCPC PH123456”. Leave empty if they have none."
        ),
    )
    credentials = models.CharField(
        max_length=150,
        blank=True,
        help_text="Qualifications and memberships shown after their name, e.g. “MSc Physiotherapy, MCSP”.",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A friendly head-and-shoulders photo. Optional.",
    )
    bio = models.TextField(
        blank=True,
        max_length=600,
        help_text="Two or three sentences about the author, shown under their posts.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("registration"),
        FieldPanel("credentials"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_author_slug(self.name, Author.objects.exclude(pk=self.pk))
        super().save(*args, **kwargs)

    def credential_data(self):
        """Their credentials as schema.org ``Person`` properties: post-nominals, and the registration."""
        data = {}
        if self.credentials:
            data["honorificSuffix"] = self.credentials
        if self.registration:
            data["hasCredential"] = credential(self.registration, "Professional registration")
        return data


def unique_author_slug(name, others):
    """A slug from ``name`` that none of ``others`` (authors) has: "alex", "alex-2"..."""
    base = slugify(name)[:90] or "author"
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


class BlogCategory(models.Model):
    """A broad subject that groups posts, e.g. “Running injuries”."""

    name = models.CharField(max_length=80, unique=True, help_text="The category's name, e.g. “Running”.")
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The category's web address part, lower case with hyphens, e.g. “running”.",
    )
    description = models.TextField(
        blank=True,
        help_text="One or two sentences describing the posts in this category.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = "blog category"
        verbose_name_plural = "blog categories"

    def __str__(self):
        return self.name


register_snippet(Author)
register_snippet(BlogCategory)


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey("blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE)


class PublishedPageQuerySet(PageQuerySet):
    def published(self):
        """Pages a member of the public can read right now.

        Live (so never a draft, nor a post scheduled for later) and under no
        view restriction. The restriction check is a subquery, unlike Wagtail's
        ``public()``, which costs a query of its own; while no page at all is
        private (bodyzest.content_cache) it is left out.
        """
        if not any_view_restrictions():
            return self.live()
        # A restriction covers its page and every page whose path starts with its path.
        restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
        return self.live().exclude(Exists(restricted))


class BlogPageQuerySet(PublishedPageQuerySet):
    """Queries the site needs about posts, each in one SQL statement."""

    def newest_first(self):
        """Newest post first; same-day posts by first publication, then by id."""
        return self.order_by("-date", "-first_published_at", "-id")

    def for_listing(self):
        """Fetch what a post card shows, in a fixed number of queries; not the body (its word count is stored)."""
        return (
            self.defer_streamfields()
            .select_related("hero_image", "author")
            .prefetch_related("categories", "hero_image__renditions")
        )

    def due_for_clinical_review(self, today):
        """Live posts never reviewed, or whose next review falls within CLINICAL_REVIEW_NOTICE_DAYS of ``today`` or before.

        Never reviewed first (no reviewer or no date counts as never), then the
        most overdue: the order in which the clinic should work through them.
        """
        soon = today + datetime.timedelta(days=CLINICAL_REVIEW_NOTICE_DAYS)
        never = Q(reviewed_on=None) | Q(reviewed_by=None) | Q(next_review_on=None)
        return (
            self.live()
            .filter(never | Q(next_review_on__lte=soon))
            .annotate(never_reviewed=ExpressionWrapper(never, output_field=models.BooleanField()))
            .order_by("-never_reviewed", F("next_review_on").asc(nulls_first=True), "title", "pk")
        )


BlogPageManager = PageManager.from_queryset(BlogPageQuerySet)


@dataclass
class Archive:
    """The published posts of one category, tag or author, listed like the blog index."""

    kind: str  # "category", "tag" or "author": the first part of its address
    slug: str
    name: str  # "Running": the last step of the breadcrumb
    title: str  # "Posts about Running": the page's heading and title
    description: str
    posts: BlogPageQuerySet


class BlogIndexPage(CachedPrivacyMixin, RoutablePageMixin, SeoMixin, Page):
    """The blog's front page: an introduction and every published post, newest first.

    Its routes: ``feed/rss/`` and ``feed/atom/``; the archives
    ``category/<slug>/``, ``tag/<slug>/`` and ``author/<slug>/``, each with
    its own ``feed/rss/`` and ``feed/atom/``.
    """

    introduction = models.TextField(
        blank=True,
        help_text="A sentence or two at the top of the blog, above the list of posts.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPage"]
    max_count = 1

    objects = PageManager.from_queryset(PublishedPageQuerySet)()

    class Meta:
        verbose_name = "blog index page"

    def posts(self):
        return BlogPage.objects.child_of(self).published().for_listing().newest_first()

    def paginate(self, request, posts):
        """The requested page of posts (see ``home.pagination.paginate``)."""
        return paginate(request, posts, settings.BLOG_POSTS_PER_PAGE)

    def get_context(self, request, *args, archive=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["archive"] = archive
        context["posts"] = self.paginate(request, archive.posts if archive else self.posts())
        return context

    @re_path(rf"^feed/(?P<feed_format>{FEED_FORMATS})/$", name="feed")
    def feed(self, request, feed_format):
        return serve_feed(request, feed_format, self)

    @re_path(rf"^(?P<kind>{ARCHIVE_KINDS})/(?P<slug>[-\w]+)/$", name="archive")
    def archive(self, request, kind, slug):
        return self.render(request, archive=self.get_archive(kind, slug))

    @re_path(
        rf"^(?P<kind>{ARCHIVE_KINDS})/(?P<slug>[-\w]+)/feed/(?P<feed_format>{FEED_FORMATS})/$", name="archive_feed"
    )
    def archive_feed(self, request, kind, slug, feed_format):
        return serve_feed(request, feed_format, self, self.get_archive(kind, slug))

    def get_archive(self, kind, slug):
        """The archive at ``<kind>/<slug>/``; a 404 if there is none, or it has no published posts."""
        posts = self.posts()
        if kind == "category":
            category = get_object_or_404(BlogCategory, slug=slug)
            archive = Archive(
                kind,
                slug,
                category.name,
                f"Posts about {category.name}",
                category.description,
                posts.filter(categories=category),
            )
        elif kind == "tag":
            tag = get_object_or_404(Tag, slug=slug)
            archive = Archive(
                kind, slug, tag.name, f"Posts tagged “{tag.name}”", "", posts.filter(tagged_items__tag=tag)
            )
        else:
            author = get_object_or_404(Author, slug=slug)
            archive = Archive(
                kind, slug, author.name, f"Posts by {author.name}", author.bio, posts.filter(author=author)
            )
        if not archive.posts.exists():
            raise Http404("No published post is filed there.")
        return archive

    def route_url(self, request, name, **kwargs):
        """The absolute address of one of this page's routes, e.g. ``route_url(request, "feed", feed_format="rss")``."""
        return self.get_full_url(request) + self.reverse_subpage(name, kwargs=kwargs)

    def archive_url(self, request, kind, slug):
        return self.route_url(request, "archive", kind=kind, slug=slug)

    def feed_title(self, request, archive=None):
        return f"{ClinicDetails.for_request(request).name}: {archive.title if archive else self.title}"

    def feed_links(self, request, archive=None):
        """The feeds a feed reader finds on a page: this blog's, and those of the archive shown."""
        feeds = [(None, "feed", {})]
        if archive is not None:
            feeds.append((archive, "archive_feed", {"kind": archive.kind, "slug": archive.slug}))
        return [
            {
                "title": f"{self.feed_title(request, feed_archive)} ({label})",
                "type": mime_type,
                "url": self.route_url(request, route, feed_format=feed_format, **kwargs),
            }
            for feed_archive, route, kwargs in feeds
            for feed_format, label, mime_type in FEED_TYPES
        ]

    # What the blog index and its archives tell search engines (see SeoMixin).

    def get_meta_title(self, context):
        archive, posts = context.get("archive"), context.get("posts")
        title = archive.title if archive else super().get_meta_title(context)
        return f"Page {posts.number} of {title}" if posts and posts.number > 1 else title

    def get_meta_description(self, context):
        archive = context.get("archive")
        if archive is None:
            return super().get_meta_description(context)
        return archive.description or f"{archive.title}: advice from our physiotherapists."

    def get_canonical_url(self, request, context):
        archive, posts = context.get("archive"), context.get("posts")
        url = (
            self.archive_url(request, archive.kind, archive.slug)
            if archive
            else super().get_canonical_url(request, context)
        )
        return with_page_number(url, posts.number if posts else 1)

    def get_structured_data(self, request, metadata, context):
        archive = context.get("archive")
        if archive is None:
            return [self.breadcrumbs(request)]
        return [self.breadcrumbs(request, (archive.name, self.archive_url(request, archive.kind, archive.slug)))]

    def get_sitemap_urls(self, request=None):
        """The blog, then each category that has published posts."""
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        published = BlogPage.objects.child_of(self).published()
        categories = (
            BlogCategory.objects.filter(posts__in=published)
            .annotate(lastmod=Max("posts__last_published_at"))
            .order_by("name")
        )
        return urls + [
            {"location": self.archive_url(request, "category", category.slug), "lastmod": category.lastmod}
            for category in categories
        ]


class BlogPage(CachedPrivacyMixin, SeoMixin, Page):
    """One blog post, written by clinic staff."""

    date = models.DateField(
        "publication date",
        default=datetime.date.today,
        help_text="The date readers see on the post. Posts are listed newest first by this date.",
    )
    introduction = models.TextField(
        max_length=600,
        help_text=(
            "The opening paragraph, shown in bold under the title and as the summary in "
            "lists of posts. Two to four sentences."
        ),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Optional large picture at the top of the post and on its card. Screen readers read "
            "the image's description (Images › the image › Description)."
        ),
    )
    hero_image_alt = models.CharField(
        "alt text for this post (optional)",
        max_length=250,
        blank=True,
        help_text=(
            "Leave empty to use the image's description. Write here only if this post needs "
            "other words, e.g. “Sam stretching her calf after parkrun”."
        ),
    )
    hero_image_decorative = models.BooleanField(
        "hero image is decorative",
        default=False,
        help_text="Tick only if the picture adds nothing that the text does not already say.",
    )
    body = StreamField(
        BlogStreamBlock(),
        help_text="The post itself: add headings, paragraphs, images, callout boxes and more.",
    )
    author = models.ForeignKey(
        Author,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text="Who wrote the post. Add new people under Snippets › Authors.",
    )
    categories = ParentalManyToManyField(
        BlogCategory,
        blank=True,
        related_name="posts",
        help_text="One or two broad subjects. Add new ones under Snippets › Blog categories.",
    )
    tags = ClusterTaggableManager(
        through=BlogPageTag,
        blank=True,
        help_text="Specific topics, e.g. “knee pain”, “marathon”. Press Enter after each.",
    )
    # Set by `manage.py import_blog_export` (blog/importer/), shown read-only.
    legacy_url = models.CharField(
        "old address",
        max_length=255,
        blank=True,
        editable=False,
        db_index=True,
        help_text=(
            "Where the post lived on the old Squarespace blog; visitors to that address are "
            "redirected here (see Settings › Redirects). Empty for posts written on this site."
        ),
    )
    legacy_guid = models.CharField(
        "old identifier",
        max_length=255,
        blank=True,
        editable=False,
        db_index=True,
        help_text=(
            "The post's identifier in the Squarespace export (its GUID, else its ID there), so "
            "importing the export again updates this post instead of adding a copy."
        ),
    )
    legacy_checksum = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="A fingerprint of what the last import wrote, so re-importing an unchanged post does nothing.",
    )
    import_warnings = models.TextField(
        "import warnings",
        blank=True,
        help_text=(
            "What the import of this post could not carry over, one point a line. Check each one in the "
            "post, then delete this text and save to dismiss it."
        ),
    )
    # Clinical review, shown to readers as "Reviewed by … on … · Next review due …".
    reviewed_by = models.ForeignKey(
        Author,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_posts",
        help_text="The clinician who checked the post's health advice is accurate and current.",
    )
    reviewed_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day they reviewed it. Leave both empty until a clinician has reviewed the post.",
    )
    next_review_on = models.DateField(
        "next review due",
        null=True,
        blank=True,
        help_text=f"Leave empty for {CLINICAL_REVIEW_INTERVAL_MONTHS} months after the review.",
    )

    # Words a reader reads (the introduction and every text in the body), for the reading time.
    word_count = models.PositiveIntegerField(default=0, editable=False)

    objects = BlogPageManager()
    # Fetched with the post when it is served from a remembered route (bodyzest.content_cache).
    serve_select_related = ("author", "hero_image", "reviewed_by")

    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("legacy_url", read_only=True), FieldPanel("legacy_guid", read_only=True)],
            heading="Imported from Squarespace",
            classname="collapsed",
        ),
    ]

    content_panels = Page.content_panels + [
        ImportWarningsPanel("import_warnings"),
        FieldPanel("date"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_image_decorative"),
            ],
            heading="Hero image",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading="Author and topics",
        ),
        MultiFieldPanel(
            [FieldPanel("reviewed_by"), FieldPanel("reviewed_on"), FieldPanel("next_review_on")],
            heading="Clinical review",
            help_text=(
                "When a clinician has checked the post, readers see “Reviewed by … on … · Next review due …”. "
                f"Review health advice at least every {CLINICAL_REVIEW_INTERVAL_MONTHS} months: the dashboard "
                "lists posts due within "
                f"{CLINICAL_REVIEW_NOTICE_DAYS} days, and those never reviewed."
            ),
        ),
        InlinePanel(
            "related_post_links",
            heading="Related posts",
            label="Related post",
            max_num=settings.BLOG_RELATED_POSTS,
            help_text=(
                "Up to three posts shown under this one, in this order. Leave empty, or pick fewer, "
                "and the newest posts sharing a category or tag fill the places."
            ),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    og_type = "article"

    class Meta:
        verbose_name = "blog post"

    def clean(self):
        super().clean()
        # Counted here (every save, revision and preview cleans the post), not on each page listing it.
        self.word_count = count_words(self.introduction, self.body)
        if (
            self.hero_image_id
            and not self.hero_image_decorative
            and not self.hero_image_alt.strip()
            and not self.hero_image.description.strip()
        ):
            raise ValidationError(
                {
                    "hero_image_alt": (
                        "Describe the hero image for people who cannot see it: this image has no description. "
                        "Write one here, or give the image a description under Images, "
                        "or tick “hero image is decorative”."
                    )
                }
            )
        self.clean_clinical_review()

    def clean_clinical_review(self):
        """A review needs its clinician and its day; the next review defaults to CLINICAL_REVIEW_INTERVAL_MONTHS on.

        A reader trusts the line "Reviewed by … on …": it must never name no one,
        a day still to come, or a next review before the review.
        """
        errors = {}
        if self.reviewed_on and not self.reviewed_by_id:
            errors["reviewed_by"] = "Choose who reviewed the post: a review date needs the clinician who reviewed it."
        if self.reviewed_by_id and not self.reviewed_on:
            errors["reviewed_on"] = "Give the date of the review, or clear “reviewed by” if no one has reviewed it yet."
        if self.reviewed_on and self.reviewed_on > timezone.localdate():
            errors["reviewed_on"] = "The review date is in the future: give the day the clinician reviewed the post."
        if self.next_review_on and not self.reviewed_on:
            errors.setdefault("reviewed_on", "Give the date of the review: a next review follows a review.")
        if self.reviewed_on and self.next_review_on and self.next_review_on <= self.reviewed_on:
            errors["next_review_on"] = (
                f"The next review must be after the review ({self.reviewed_on.day} {self.reviewed_on:%B %Y}), "
                f"or leave it empty for {CLINICAL_REVIEW_INTERVAL_MONTHS} months later."
            )
        if errors:
            raise ValidationError(errors)
        if self.reviewed_on and not self.next_review_on:
            self.next_review_on = months_after(self.reviewed_on, CLINICAL_REVIEW_INTERVAL_MONTHS)

    @property
    def is_reviewed(self):
        """Whether readers are told who reviewed the post and when."""
        return bool(self.reviewed_by_id and self.reviewed_on)

    @property
    def hero_alt_text(self):
        """The hero image's alt attribute: the post's own words, else the image's (Wagtail's default alt text).

        Writers describe an image once, in Images; a post overrides it only when
        it needs other words. Empty when staff marked the picture decorative.
        """
        if self.hero_image_decorative or self.hero_image is None:
            return ""
        return self.hero_image_alt.strip() or self.hero_image.default_alt_text

    @property
    def closing_call_to_action(self):
        """The body's last block when it is a call to action (its value), else None.

        A post that ends by inviting the reader to book needs no second, identical
        invitation after it (templates/blog/blog_page.html compares where both go).
        """
        last = self.body[-1] if len(self.body) else None
        return last.value if last is not None and last.block_type == "call_to_action" else None

    @property
    def reading_time(self):
        """Whole minutes to read the post at an unhurried pace, never less than one."""
        return max(1, round(self.word_count / settings.BLOG_WORDS_PER_MINUTE))

    @property
    def published_at(self):
        """When the post came out, for feeds and search engines.

        Its first publication if that fell on the post's date, else the start of
        that date (UK time): staff may date a post other than the day they publish it.
        """
        first = self.first_published_at and timezone.localtime(self.first_published_at)
        if first and first.date() == self.date:
            return first
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time.min))

    @property
    def updated_at(self):
        """When the post last changed (never before it came out)."""
        return max(self.last_published_at or self.published_at, self.published_at)

    @cached_property
    def blog(self):
        """The blog index this post belongs to, remembered until content changes (bodyzest.content_cache)."""
        if not self.path:
            return None
        if self.pk is None:  # a preview of a post never saved
            return self.get_parent().specific
        return remembered("path", f"blog:{self.pk}", lambda: self.get_parent().specific)

    @cached_property
    def category_list(self):
        return self._remembered("categories", lambda: list(self.categories.all()))

    @cached_property
    def tag_list(self):
        return self._remembered("tags", lambda: list(self.tags.all()))

    def _remembered(self, name, find):
        """``find()``'s answer about this post, remembered until content changes (bodyzest.content_cache).

        A post never saved (a preview) has nothing to remember it by: always found afresh.
        """
        return remembered("path", f"{name}:{self.pk}", find) if self.pk else find()

    @cached_property
    def related_posts(self):
        """Up to BLOG_RELATED_POSTS published posts to read next, in one query (plus prefetches).

        Staff's picks first, in their order; any places left go to the newest
        posts sharing a category or a tag. Never this post, a draft or a private post.
        The section showing them is remembered with the post's address ({% related_posts %}, blog_tags).
        """
        category_ids = [category.pk for category in self.category_list]
        tag_ids = [tag.pk for tag in self.tag_list]
        shares_a_topic = Exists(
            BlogPage.categories.through.objects.filter(blogpage=OuterRef("pk"), blogcategory__in=category_ids)
        ) | Exists(BlogPageTag.objects.filter(content_object=OuterRef("pk"), tag__in=tag_ids))
        links = self.related_post_links.all()
        if isinstance(links, models.QuerySet):
            # The picks as stored: read inside the same query.
            picks = BlogPageRelatedPost.objects.filter(page=self.pk, post=OuterRef("pk"))
            is_picked = Exists(picks)
            # Their order in the editor, then the order they were added in.
            staff_order = Subquery(picks.order_by("sort_order", "pk").values("sort_order")[:1])
            pick_order = Subquery(picks.order_by("sort_order", "pk").values("pk")[:1])
        else:
            # A preview: the picks are the editor's form, not yet stored.
            picked = [link.post_id for link in links]
            is_picked = Q(pk__in=picked)
            staff_order = Case(
                *[When(pk=post_id, then=Value(position)) for position, post_id in enumerate(picked)],
                default=Value(len(picked)),
            )
            pick_order = Value(0)
        return list(
            BlogPage.objects.published()
            .exclude(pk=self.pk or 0)
            .annotate(
                is_picked=ExpressionWrapper(is_picked, output_field=models.BooleanField()),
                staff_order=staff_order,
                pick_order=pick_order,
            )
            .filter(Q(is_picked=True) | shares_a_topic)
            .for_listing()
            .order_by(
                "-is_picked", F("staff_order").asc(nulls_last=True), "pick_order", "-date", "-first_published_at", "-id"
            )[: settings.BLOG_RELATED_POSTS]
        )

    # What a post tells search engines and social sites (see SeoMixin).

    def get_social_image(self, request):
        return SocialImage.of(self.hero_image, request, alt=self.hero_alt_text)

    def get_metadata(self, request, context):
        metadata = super().get_metadata(request, context)
        metadata.published_time = iso_datetime(self.published_at)
        metadata.modified_time = iso_datetime(self.updated_at)
        return metadata

    def get_structured_data(self, request, metadata, context):
        publisher = clinic_reference(ClinicDetails.for_request(request), request)
        posting = {
            "@context": SCHEMA,
            "@type": "BlogPosting",
            "headline": self.title,
            "description": metadata.description,
            "url": metadata.canonical_url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": metadata.canonical_url},
            "datePublished": iso_datetime(self.published_at),
            "dateModified": iso_datetime(self.updated_at),
            "author": self.author_data(request) or publisher,
            "publisher": publisher,
            "wordCount": self.word_count,
            "inLanguage": "en-GB",
        }
        if metadata.image is not None:
            posting["image"] = metadata.image.url
        if self.category_list:
            posting["articleSection"] = [category.name for category in self.category_list]
        if self.tag_list:
            posting["keywords"] = [tag.name for tag in self.tag_list]
        if self.is_reviewed:
            # schema.org gives lastReviewed and reviewedBy to the WebPage, not to the BlogPosting.
            posting["mainEntityOfPage"]["lastReviewed"] = self.reviewed_on.isoformat()
            posting["mainEntityOfPage"]["reviewedBy"] = self.person_data(request, self.reviewed_by)
        return [posting, self.breadcrumbs(request)]

    def author_data(self, request):
        """The author as a schema.org ``Person``, linked to their archive; None without one."""
        return self.person_data(request, self.author)

    def person_data(self, request, author):
        """One of the clinic's authors (the post's writer or reviewer) as a schema.org ``Person``; None without one."""
        if author is None:
            return None
        person = {"@type": "Person", "name": author.name}
        if self.blog is not None:
            person["url"] = self.blog.archive_url(request, "author", author.slug)
        if author.role:
            person["jobTitle"] = author.role
        person.update(author.credential_data())
        return person

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["newer_post"], context["older_post"] = self.neighbours(request)
        return context

    def neighbours(self, request):
        """The next newer ("Previous") and next older ("Next") published post in the same blog, each a ``PostLink`` or None.

        Both come from one query (each side a one-row subquery) and are remembered
        until content changes. A post previewed before its first save has no id and
        no first publication yet: it sorts as if published now, after every existing
        post of the same date.
        """
        if not self.path:
            return None, None

        def find():
            own_position = self._position()
            nearest = [Subquery(self._nearest(newer).values("pk")[:1]) for newer in (True, False)]
            sides = {}
            for post in BlogPage.objects.filter(Q(pk=nearest[0]) | Q(pk=nearest[1])):
                side = "newer" if post._position() > own_position else "older"
                sides[side] = PostLink(post.title, post.get_url(request), post.date)
            return sides.get("newer"), sides.get("older")

        return self._remembered("neighbours", find)

    def _position(self):
        """Where the post sorts among its siblings: (date, first publication, id), as ``_nearest`` orders them."""
        return (self.date, self.first_published_at or timezone.now(), self.pk or 0)

    def _nearest(self, newer):
        """Published siblings on one side of this post, nearest first."""
        parent_path = self.path[: -self.steplen]
        _date, first_published, own_id = self._position()
        direction = "gt" if newer else "lt"
        after = (
            Q(**{f"date__{direction}": self.date})
            | Q(date=self.date, **{f"first_published_at__{direction}": first_published})
            | Q(date=self.date, first_published_at=first_published, **{f"id__{direction}": own_id})
        )
        ordering = ["date", "first_published_at", "id"] if newer else ["-date", "-first_published_at", "-id"]
        return (
            BlogPage.objects.published()
            .filter(path__startswith=parent_path, depth=self.depth)
            .exclude(pk=own_id)
            .filter(after)
            .order_by(*ordering)
        )


@dataclass(frozen=True)
class PostLink:
    """What Previous/Next shows of a neighbouring post: small enough to remember as it is."""

    title: str
    url: str
    date: datetime.date


class BlogPageRelatedPost(Orderable):
    """A post staff picked to show under another, as "Related posts"."""

    page = ParentalKey(BlogPage, related_name="related_post_links", on_delete=models.CASCADE)
    post = models.ForeignKey(
        BlogPage,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A post that readers of this one will find useful.",
    )

    panels = [FieldPanel("post")]

    class Meta(Orderable.Meta):
        verbose_name = "related post"


def months_after(day, months):
    """The same day of the month, ``months`` calendar months later (the month's last day if shorter)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
