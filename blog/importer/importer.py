"""Create or update blog posts from a WXR export, with their images and redirects from old addresses.

What the clinic relies on: all or nothing (one transaction; image files stored on the way are
deleted again if it fails or is a dry run). Importing again is safe: a post is recognised by its
GUID, else by its old address; one the export did not change is left alone, so staff edits
survive, and a changed one gets a draft revision, never a new live version (without the images
folder, a post with images is left alone). New posts are drafts unless ``publish`` is asked for.
Every public post gets permanent redirects from its old addresses once it is live; the old RSS address
goes to the feed.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile, get_image_dimensions
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.images.models import Image
from wagtail.images.utils import get_allowed_image_extensions
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task
from wagtail.utils.file import hash_filelike

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage

from .html_to_blocks import ImageNotFound, convert_body
from .wxr import plain_text

# Squarespace served a blog's RSS feed at its own address with this query...
OLD_FEED_QUERY = "format=rss"
# ...and the blog index serves its feed at this route (BlogIndexPage.feed).
NEW_FEED_ROUTE = "/feed/rss/"

INTRODUCTION_MAX_LENGTH = BlogPage._meta.get_field("introduction").max_length
TITLE_MAX_LENGTH = BlogPage._meta.get_field("title").max_length
SLUG_MAX_LENGTH = BlogPage._meta.get_field("slug").max_length
CATEGORY_MAX_LENGTH = BlogCategory._meta.get_field("name").max_length
TAG_MAX_LENGTH = 100  # taggit's Tag.name
# Without the images folder a post's images cannot be imported: updating a post
# that has images would strip them from the draft staff might publish.
IMAGES_NOT_SUPPLIED = (
    "no images folder was given (--images), and updating it would remove its images: "
    "left as it is; import again with --images to update it"
)
ITEM_KINDS = {"page": "a page", "attachment": "an attachment", "nav_menu_item": "a menu item"}


class ImportFailed(Exception):
    """The import stopped; nothing was saved. The message says why."""


@dataclass
class PostOutcome:
    """What happened to one item of the export, for the progress line."""

    action: str  # "created", "updated", "unchanged" or "skipped"
    title: str
    url: str = ""
    live: bool = False
    reason: str = ""
    redirects: list = field(default_factory=list)  # old paths now redirecting to the post
    warnings: list = field(default_factory=list)


@dataclass
class ImportReport:
    outcomes: list = field(default_factory=list)
    new_authors: list = field(default_factory=list)
    new_categories: list = field(default_factory=list)
    feed_redirect: tuple = ()  # (old path, where it leads)

    def count(self, *actions):
        return sum(outcome.action in actions for outcome in self.outcomes)

    @property
    def warning_count(self):
        return sum(len(outcome.warnings) for outcome in self.outcomes)


def import_export(export, images_dir=None, author_name=None, publish=False, dry_run=False, progress=None):
    """Import a parsed ``WxrExport`` into the site's blog and return an ``ImportReport``.

    ``progress(number, total, outcome)`` is called after each item. A dry run
    does everything, reports it, then rolls it all back.
    """
    blog = BlogIndexPage.objects.first()
    if blog is None:
        raise ImportFailed("There is no blog to import into: create the blog index page first.")
    importer = _Importer(blog, images_dir, author_name, publish, progress)
    try:
        with transaction.atomic():
            report = importer.run(export)
            if dry_run:
                transaction.set_rollback(True)
    except BaseException:
        importer.delete_stored_files()
        raise
    if dry_run:
        importer.delete_stored_files()
    return report


class _Importer:
    def __init__(self, blog, images_dir, author_name, publish, progress):
        self.blog = blog
        self.site = blog.get_site()
        self.images_dir = Path(images_dir) if images_dir else None
        self.image_files = _files_by_name(self.images_dir) if self.images_dir else {}
        self.image_ids = {}  # file path -> image id, for this run
        self.item_needs_images_folder = False  # the item being imported has images but --images was not given
        self.stored_files = []  # names in storage of image files this run saved
        self.author_name = author_name
        self.publish = publish
        self.progress = progress or (lambda number, total, outcome: None)
        self.report = ImportReport()
        self.authors = {}  # the export's author logins -> display names

    def run(self, export):
        self.authors = export.authors
        for number, item in enumerate(export.items, start=1):
            outcome = self.import_item(item)
            self.report.outcomes.append(outcome)
            self.progress(number, len(export.items), outcome)
        self.redirect_old_feed(export)
        return self.report

    def import_item(self, item):
        title = item.display_title
        if item.post_type != "post":
            kind = ITEM_KINDS.get(item.post_type, f"a “{item.post_type}” item")
            return PostOutcome("skipped", title, reason=f"{kind}, not a blog post")
        if item.status in {"trash", "auto-draft", "inherit"}:
            return PostOutcome("skipped", title, reason=f"its status on the old blog is “{item.status}”")
        if not item.identity and not item.old_path:
            return PostOutcome("skipped", title, reason="it has no GUID, ID or address to recognise it by next time")

        warnings = []
        self.item_needs_images_folder = False
        fields = self.post_fields(item, warnings)
        existing = self.find_existing(item, warnings)
        try:
            if existing is None:
                page = self.create(item, fields, warnings)
                action = "created"
            else:
                page = existing.get_latest_revision_as_object()
                if page.legacy_checksum == fields["legacy_checksum"]:
                    return PostOutcome("unchanged", page.title, url=page.url, live=page.live)
                if self.item_needs_images_folder and _has_images(page):
                    return PostOutcome("skipped", page.title, url=page.url, live=page.live, reason=IMAGES_NOT_SUPPLIED)
                self.update(page, fields)
                action = "updated"
            # What each save would have asked for (wagtail.signal_handlers), once the post is saved.
            update_reference_index_task.enqueue(page._meta.app_label, page._meta.model_name, str(page.pk))
        except ValidationError as error:
            raise ImportFailed(f"The post “{title}” could not be saved: {_messages(error)}") from None
        redirects = self.redirect_old_addresses(page, item, warnings)
        keep_warnings(page, warnings)
        return PostOutcome(action, page.title, url=page.url, live=page.live, redirects=redirects, warnings=warnings)

    def find_existing(self, item, warnings):
        """The post imported from this item before: found by its GUID, else by its old address.

        A re-export can give a post a new GUID while its old address stays the
        same; matching on either keeps such a post from being imported twice.
        """
        if item.identity:
            page = BlogPage.objects.filter(legacy_guid=item.identity).first()
            if page is not None:
                return page
        if not item.old_path:
            return None
        page = BlogPage.objects.filter(legacy_url=item.old_path).first()
        if page is not None and item.identity:
            warnings.append(f"Its GUID changed to “{item.identity}”: recognised by its old address {item.old_path}.")
        return page

    # What a post is made of

    def post_fields(self, item, warnings):
        """Everything the import writes on a post, and a fingerprint of it all."""
        title = item.display_title
        if len(title) > TITLE_MAX_LENGTH:
            warnings.append(f"The title was shortened to {TITLE_MAX_LENGTH} characters.")
            title = Truncator(title).chars(TITLE_MAX_LENGTH)
        body = convert_body(item.content_html, self.find_image)
        warnings.extend(body.warnings)
        introduction = self.introduction(item, body, warnings)
        published_at = item.published_at
        if published_at is None and item.was_public:
            warnings.append("The export gives no publication date: today's date was used.")
        fields = {
            "title": title,
            # Without a date a new post keeps the model's default (today) and an existing one its own.
            "date": timezone.localdate(published_at) if published_at else None,
            "introduction": introduction,
            "body": body.blocks,
            "author": self.author(item, warnings),
            "categories": [self.category(slug, name) for slug, name in item.categories],
            "tags": sorted({tag[:TAG_MAX_LENGTH] for tag in item.tags}),
            "first_published_at": published_at if item.was_public else None,
            "legacy_guid": item.identity,
            "legacy_url": item.old_path,
        }
        comparable = {
            **fields,
            "author": fields["author"] and fields["author"].pk,
            "categories": [category.pk for category in fields["categories"]],
        }
        fingerprint = json.dumps(comparable, sort_keys=True, default=str)
        fields["legacy_checksum"] = hashlib.sha256(fingerprint.encode()).hexdigest()
        return fields

    def introduction(self, item, body, warnings):
        excerpt = plain_text(item.excerpt_html)
        if len(excerpt) > INTRODUCTION_MAX_LENGTH:
            warnings.append(f"The excerpt was shortened to {INTRODUCTION_MAX_LENGTH} characters for the introduction.")
            return Truncator(excerpt).chars(INTRODUCTION_MAX_LENGTH)
        if excerpt:
            return excerpt
        opening = body.take_introduction(max_length=INTRODUCTION_MAX_LENGTH)
        if opening:
            return opening
        warnings.append("No excerpt and no opening paragraph: the title stands in as the introduction.")
        return item.display_title

    def author(self, item, warnings):
        name = self.author_name or self.authors.get(item.creator, "")
        if not name or "@" in name:
            if item.creator:
                warnings.append(
                    f"The old author “{item.creator}” has no display name: choose the author "
                    "(or import with --author NAME)."
                )
            return None
        author = Author.objects.filter(name__iexact=name).first()
        if author is None:
            author = Author.objects.create(name=name)
            self.report.new_authors.append(name)
        return author

    def category(self, slug, name):
        name = name[:CATEGORY_MAX_LENGTH]
        slug = slugify(slug or name)[:CATEGORY_MAX_LENGTH] or "category"
        category = (
            BlogCategory.objects.filter(slug=slug).first() or BlogCategory.objects.filter(name__iexact=name).first()
        )
        if category is None:
            category = BlogCategory.objects.create(name=name, slug=slug)
            self.report.new_categories.append(name)
        return category

    def find_image(self, file_name):
        """The id of the library image for a file of the images folder, imported on first use."""
        if self.images_dir is None:
            self.item_needs_images_folder = True
            raise ImageNotFound("no images folder was given (--images)")
        path = self.image_files.get(file_name.lower())
        if path is None:
            raise ImageNotFound("it is not in the images folder")
        if path not in self.image_ids:
            self.image_ids[path] = self.library_image(path).pk
        return self.image_ids[path]

    def library_image(self, path):
        """The image in Wagtail's library with this file's content, added if it is not there yet."""
        if path.suffix.lower().lstrip(".") not in get_allowed_image_extensions():
            raise ImageNotFound("the image library does not accept this kind of file")
        with path.open("rb") as file:
            existing = Image.objects.filter(file_hash=hash_filelike(file)).first()
            if existing is not None:
                return existing
            if get_image_dimensions(file) == (None, None):
                raise ImageNotFound("the file is not a readable image")
            image = Image(title=path.stem.replace("-", " ").replace("_", " "), file=ImageFile(file, name=path.name))
            image._set_image_file_metadata()
            image.save()
        self.stored_files.append((image.file.storage, image.file.name))
        return image

    def delete_stored_files(self):
        for storage, name in self.stored_files:
            storage.delete(name)
        self.stored_files = []

    # Saving

    def create(self, item, fields, warnings):
        """Its page is saved up to three times here: its references are indexed once, after (import_item)."""
        slug = self.free_slug(slugify(item.slug or item.title) or "post", warnings)
        page = BlogPage(slug=slug, live=False)
        self.apply(page, fields)
        with disable_reference_index_auto_update():
            self.blog.add_child(instance=page)
            revision = page.save_revision()
            if self.publish and item.was_public:
                revision.publish()
                page.refresh_from_db()
        return page

    def update(self, page, fields):
        """A new draft revision with the export's changes; the live version stays as it is."""
        self.apply(page, fields)
        with disable_reference_index_auto_update():
            page.save_revision()

    def apply(self, page, fields):
        for name, value in fields.items():
            if name == "categories":
                page.categories.set(value)
            elif name == "tags":
                page.tags.set(value)
            elif name == "date" and value is None:
                continue
            elif name != "first_published_at" or page.first_published_at is None:
                setattr(page, name, value)

    def free_slug(self, slug, warnings):
        slug = slug[:SLUG_MAX_LENGTH]
        taken = set(Page.objects.child_of(self.blog).values_list("slug", flat=True))
        candidate, number = slug, 2
        while candidate in taken:
            suffix = f"-{number}"
            candidate, number = slug[: SLUG_MAX_LENGTH - len(suffix)] + suffix, number + 1
        if candidate != slug:
            warnings.append(f"The address “{slug}” was taken by another page: this post is at “{candidate}”.")
        return candidate

    # Redirects

    def redirect_old_addresses(self, page, item, warnings):
        """The post's old addresses that redirect to it, or will once it is live (see ``old_address_redirects``)."""
        if not item.was_public or not item.old_path:
            return []
        paths, taken = old_address_redirects(page, self.site, create=page.live)
        warnings.extend(f"The old address {old_path} already redirects elsewhere: left as it is." for old_path in taken)
        return paths

    def redirect_old_feed(self, export):
        """The old blog's RSS address, e.g. ``/blog?format=rss``, redirects to the new feed."""
        old_posts = [item.old_path for item in export.items if item.post_type == "post" and item.old_path]
        if not old_posts:
            return
        old_blog = "/" + old_posts[0].strip("/").split("/")[0]
        old_feed = Redirect.normalise_path(f"{old_blog}?{OLD_FEED_QUERY}")
        redirect = Redirect.get_for_site(self.site).filter(old_path=old_feed).first() or Redirect.add_redirect(
            old_feed, redirect_to=self.blog, page_route_path=NEW_FEED_ROUTE, is_permanent=True, site=self.site
        )
        self.report.feed_redirect = (old_feed, redirect.link)


def keep_warnings(page, warnings):
    """Keep this import's warnings on the post, for its editor (``BlogPage.import_warnings``).

    Written into the revision just saved rather than in a revision of their own,
    so the post's history shows one import, not two.
    """
    text = "\n".join(warnings)
    revision = page.get_latest_revision()
    if revision.content.get("import_warnings", "") != text:
        revision.content["import_warnings"] = text
        revision.save(update_fields=["content"])
    BlogPage.objects.filter(pk=page.pk).update(import_warnings=text)


def old_address_redirects(page, site=None, create=True):
    """Permanent redirects from an imported post's old addresses (``legacy_url``) to the post.

    Made only once the post is live (on import with ``publish``, else when staff
    publish it: ``blog.signals``), so an old link never leads to a draft's 404.
    Returns the old paths that redirect (or would) to the post, and those that
    already redirect elsewhere and are left alone.
    """
    if not page.legacy_url:
        return [], []
    site = site or page.get_site()
    url_parts = page.get_url_parts()
    own_path = Redirect.normalise_path(url_parts[2]) if url_parts else None
    paths, taken = [], []
    for old_path in _old_paths(page.legacy_url):
        old_path = Redirect.normalise_path(old_path)
        if old_path == own_path:
            continue
        existing = Redirect.get_for_site(site).filter(old_path=old_path).first()
        if existing is None:
            if create:
                Redirect.add_redirect(old_path, redirect_to=page, is_permanent=True, site=site)
            paths.append(old_path)
        elif existing.redirect_page_id == page.pk:
            paths.append(old_path)
        else:
            taken.append(old_path)
    return paths, taken


def _has_images(page):
    return any(block.block_type == "image" for block in page.body)


def _old_paths(old_path):
    """The old addresses of a post: its own and, for a dated one, the short ``/<blog>/<slug>``."""
    parts = [part for part in old_path.split("/") if part]
    paths = [old_path]
    if len(parts) > 2:
        paths.append(f"/{parts[0]}/{parts[-1]}")
    return paths


def _files_by_name(folder):
    """Every file in the folder and below it, by lower-case file name."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            files.setdefault(path.name.lower(), path)
    return files


def _messages(error):
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)
