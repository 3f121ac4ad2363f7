"""The clinic's blog: an index page, posts, authors and categories.

Wagtail concepts used here, each explained once:

* Page types (``BlogIndexPage``, ``BlogPage``) are Django models that live in
  Wagtail's page tree; ``parent_page_types``/``subpage_types`` stop staff from
  building a tree the templates cannot render.
* Snippets (``Author``, ``BlogCategory``) are reusable records edited in the
  admin's Snippets area and chosen from a post.
* ``ClusterTaggableManager`` with a ``ParentalKey`` through-model keeps tags on
  the unsaved page object, so previews and revisions carry them.
* ``StreamField`` stores the body as a list of typed blocks (see blocks.py).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import BlogStreamBlock


class Author(index.Indexed, models.Model):
    """A member of the clinic's team who writes posts (not a login: no usernames leak)."""

    name = models.CharField(max_length=100, help_text="Full name as readers should see it.")
    role = models.CharField(
        max_length=100,
        blank=True,
        help_text="Job title, e.g. “Chartered physiotherapist”.",
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

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo"), FieldPanel("bio")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


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


class BlogPageQuerySet(PageQuerySet):
    """Queries the site needs about posts, each in one SQL statement."""

    def published(self):
        """Posts a member of the public can read right now.

        Live (so never a draft, nor a post scheduled for later) and under no
        view restriction. The restriction check is a subquery, unlike Wagtail's
        ``public()``, which costs a query of its own; that keeps previous/next
        within its two-query budget.
        """
        # A restriction covers its page and every page whose path starts with its path.
        restricted = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
        return self.live().exclude(Exists(restricted))

    def newest_first(self):
        """Newest post first; same-day posts by first publication, then by id."""
        return self.order_by("-date", "-first_published_at", "-id")

    def for_listing(self):
        """Fetch what a post card shows, in a fixed number of queries."""
        return self.select_related("hero_image", "author").prefetch_related(
            "categories", "hero_image__renditions"
        )


BlogPageManager = PageManager.from_queryset(BlogPageQuerySet)


class BlogIndexPage(Page):
    """The blog's front page: an introduction and every published post, newest first."""

    introduction = models.TextField(
        blank=True,
        help_text="A sentence or two at the top of the blog, above the list of posts.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPage"]
    max_count = 1

    class Meta:
        verbose_name = "blog index page"

    def posts(self):
        return BlogPage.objects.child_of(self).published().for_listing().newest_first()

    def paginate(self, request, posts):
        """Return the requested page of posts.

        A missing, non-numeric or zero ``?page=`` shows the first page; a
        number past the end is a 404, as there is nothing there to show.
        """
        paginator = Paginator(posts, settings.BLOG_POSTS_PER_PAGE)
        try:
            return paginator.page(request.GET.get("page") or 1)
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage:
            if _requested_number(request) < 1:
                return paginator.page(1)
            raise Http404("There is no such page of posts.")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["posts"] = self.paginate(request, self.posts())
        return context


def _requested_number(request):
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1


class BlogPage(Page):
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
        help_text="Optional large picture at the top of the post and on its card.",
    )
    hero_image_alt = models.CharField(
        "hero image description",
        max_length=250,
        blank=True,
        help_text=(
            "Describe the picture for people who cannot see it, e.g. “A runner stretching "
            "her calf on a park bench”. Required unless you tick “decorative”."
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

    objects = BlogPageManager()

    content_panels = Page.content_panels + [
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
            [FieldPanel("author"), FieldPanel("categories"), FieldPanel("tags")],
            heading="Author and topics",
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "blog post"

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_decorative and not self.hero_image_alt.strip():
            raise ValidationError(
                {
                    "hero_image_alt": (
                        "Describe the hero image for people who cannot see it, "
                        "or tick “hero image is decorative”."
                    )
                }
            )

    @property
    def hero_alt_text(self):
        """The alt attribute for the hero image: empty when staff marked it decorative."""
        return "" if self.hero_image_decorative else self.hero_image_alt

    @cached_property
    def word_count(self):
        """Words a reader reads: the introduction and every text in the body."""
        text = " ".join([self.introduction, *_block_texts(self.body)])
        return len(text.split())

    @property
    def reading_time(self):
        """Whole minutes to read the post at an unhurried pace, never less than one."""
        return max(1, round(self.word_count / settings.BLOG_WORDS_PER_MINUTE))

    @cached_property
    def newer_post(self):
        """The next newer published post in the same blog ("Previous"), or None."""
        return self._neighbour(newer=True)

    @cached_property
    def older_post(self):
        """The next older published post in the same blog ("Next"), or None."""
        return self._neighbour(newer=False)

    def _neighbour(self, newer):
        """One query: the nearest published sibling by (date, first publication, id).

        A post being previewed before its first save has no id and no first
        publication yet: it sorts as if published now, after every existing post
        of the same date.
        """
        if not self.path:
            return None
        parent_path = self.path[: -self.steplen]
        first_published = self.first_published_at or timezone.now()
        own_id = self.pk or 0
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
            .first()
        )


def _block_texts(stream):
    """Yield the plain text of every block in a post body, for counting words."""
    for block in stream:
        yield from _value_texts(block.value)


def _value_texts(value):
    if hasattr(value, "source"):  # RichText
        yield strip_tags(value.source)
    elif isinstance(value, str):
        yield strip_tags(value)
    elif isinstance(value, dict):  # StructValue
        for name, child in value.items():
            if name not in {"level", "page", "image", "button_label"}:
                yield from _value_texts(child)
