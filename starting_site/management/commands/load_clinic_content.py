"""Create the clinic's starting site: pages, clinic details, author, posts, the writers' blog, enquiry page.

Safe to run again and again (``make run`` does): whatever already exists is
left exactly as it is, so staff edits are never overwritten and nothing is
duplicated. Only an earlier version's notes to staff, which every visitor saw
(``RETIRED_…``), and the layout of a starting post (a section since made a callout
box) are brought up to date, and only where no person has changed them.
"""

import datetime
import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import GroupPagePermission, Page, Site

from blog.clinic_content import new_year_post, runners_knee_post
from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage
from contact.models import EnquiryPage
from contact.starting_content import ENQUIRY_PAGE, PRIVACY_NOTICE
from home.models import ClinicDetails, HomePage, StandardPage
from home.starting_content import ACCESSIBILITY_STATEMENT

# Stand-ins that cannot belong to anyone real: Ofcom's drama number range and a
# reserved example domain. Staff replace them in Settings › Clinic details.
# The opening hours are not known, so they stay empty and every page leaves them out; so do the
# trust signals (registrations, insurers, visit length, reply time) and the author's registration.
STAND_IN_CLINIC_DETAILS = {
    "name": "Body Zest",
    "address": "Banstead\nSurrey",
    "phone": "01632 960 123",
    "email": "hello@bodyzest.example",
}
# What earlier loaders put in the opening hours and the privacy notice: notes to staff that every
# visitor saw. A site still holding them, untouched by staff, gets the shipped text instead.
RETIRED_OPENING_HOURS_NOTE = "Please confirm opening hours (staff: edit in Settings › Clinic details)"
RETIRED_PRIVACY_DRAFT = "Draft for staff to review"

# The posts' original dates are not known; these keep the old blog's order
# (the New Year post is the older one). Staff can correct them in the admin.
RUNNERS_KNEE_DATE = datetime.date(2026, 2, 16)
# Kept in a starting post's "old identifier" (BlogPage.legacy_guid), which the importer
# fills only with Squarespace identifiers, so the two never meet.
STARTING_POST_MARKER = "bodyzest-starting-content:"
NEW_YEAR_DATE = datetime.date(2026, 1, 6)

# The staff roles and the "Clinic review" workflow come from starting_site's migrations;
# a writer's pages are the blog's, so a blog made here is given to them (as the migration gives an existing one).
WRITER_GROUP = "Writer"
WRITER_BLOG_PERMISSIONS = ("add_page", "change_page")


def public_address(base_url):
    """The new Site's hostname and port, so full URLs (canonical, og:url, sitemap, feeds) are right.

    Taken from the site's public address, ``WAGTAILADMIN_BASE_URL``; a local one
    (a loopback address, or a name without a dot: localhost, testserver, a
    container's name) gives Wagtail's own default, localhost on port 80.
    (Wagtail writes https only for port 443: https on another port cannot be a Site.)
    """
    url = urlsplit(base_url or "")
    host = url.hostname or ""
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = "." not in host
    if local:
        return "localhost", 80
    return host, url.port or (443 if url.scheme == "https" else 80)


def is_development_address(hostname):
    """True for a Site only a developer's machine answers to: a name without a dot, a loopback or private IP."""
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        return "." not in hostname
    return address.is_loopback or address.is_private


def untouched(page):
    """True if only the loader has saved the page: no revision by a person, no draft waiting."""
    return not page.has_unpublished_changes and not page.revisions.exclude(user=None).exists()


class Command(BaseCommand):
    help = "Load the clinic's starting content. Existing content is never changed or duplicated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--served-at",
            metavar="URL",
            help="The address the site is being served at (make run gives it): a development site record follows it.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        home = self.home_page()
        if options["served_at"]:
            self.serve_at(options["served_at"])
        details = self.clinic_details(home)
        is_new_blog = not BlogIndexPage.objects.exists()
        blog = self.child_page(
            home,
            BlogIndexPage,
            slug="blog",
            title="Blog",
            introduction=(
                "Advice from our physiotherapists on staying active, recovering from injury "
                "and training with confidence."
            ),
            show_in_menus=True,
        )
        author = self.author()
        running = self.category("Running", "Training, races and running injuries.")
        self.post(blog, new_year_post(), NEW_YEAR_DATE, author, [], ["getting active", "new year"])
        self.post(
            blog,
            runners_knee_post(),
            RUNNERS_KNEE_DATE,
            author,
            [running],
            ["knee pain", "runner's knee", "race training"],
        )
        if is_new_blog:
            self.writers_write_in(blog)
        enquiry = EnquiryPage.objects.first()
        # The privacy notice is the one the enquiry form or the footer links to, whatever staff renamed it.
        privacy = (
            (enquiry.privacy_page if enquiry else None)
            or details.privacy_notice
            or self.child_page(home, StandardPage, slug="privacy", **PRIVACY_NOTICE)
        ).specific
        self.replace_retired_draft(privacy)
        self.enquiry_page(home, privacy)
        statement = details.accessibility_statement or self.child_page(
            home, StandardPage, slug="accessibility", **ACCESSIBILITY_STATEMENT
        )
        self.footer_links(details, privacy, statement)
        self.stdout.write(self.style.SUCCESS("Clinic content is in place."))

    def created(self, what):
        self.stdout.write(f"Created {what}")

    def home_page(self):
        """The site's root page: a HomePage replacing Wagtail's placeholder on first run."""
        site = Site.objects.filter(is_default_site=True).first()
        if site and isinstance(site.root_page.specific, HomePage):
            return site.root_page.specific
        home = HomePage.objects.first()
        if home is None:
            placeholder = site.root_page if site else None
            # Wagtail's "Welcome to your new Wagtail site!" page has no type of its own.
            if placeholder is not None and placeholder.specific_class is Page and placeholder.is_leaf():
                placeholder.delete()  # its Site goes with it; made again below
            home = Page.get_first_root_node().add_child(
                instance=HomePage(
                    title="Home",
                    slug="home",
                    hero_heading="Physiotherapy in Banstead that gets you moving with confidence",
                    hero_text=(
                        "Hands-on treatment, targeted rehabilitation and sensible load management "
                        "for runners, active people and anyone in pain."
                    ),
                )
            )
            home.save_revision().publish()
            self.created("the home page")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            hostname, port = public_address(settings.WAGTAILADMIN_BASE_URL)
            Site.objects.create(
                hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="Body Zest"
            )
        else:
            site.root_page = home
            site.save()
        return home

    def serve_at(self, served_at):
        """Give a development site record the address being served, so every full URL on it works.

        Wagtail builds canonical, og:url, sitemap and feed addresses from the
        Site record; ``make run PORT=8123`` needs them on 127.0.0.1:8123. A
        record with a real domain (staff's, or production's) is never changed.
        """
        url = urlsplit(served_at)
        try:
            hostname, port = url.hostname, url.port or (443 if url.scheme == "https" else 80)
        except ValueError:
            hostname = None
        if url.scheme not in ("http", "https") or not hostname:
            raise CommandError(f"--served-at takes an address such as http://127.0.0.1:8000, not {served_at!r}")
        site = Site.objects.get(is_default_site=True)
        if (site.hostname, site.port) == (hostname, port) or not is_development_address(site.hostname):
            return
        if Site.objects.filter(hostname=hostname, port=port).exists():
            self.stdout.write(f"Another site record has {hostname}:{port}: the default site keeps {site.root_url}")
            return
        site.hostname, site.port = hostname, port
        site.save()
        self.stdout.write(f"The site's address is now {site.root_url} (where it is served)")

    def clinic_details(self, home):
        site = Site.objects.get(root_page=home)
        details = ClinicDetails.for_site(site)
        if details.opening_hours == RETIRED_OPENING_HOURS_NOTE:
            details.opening_hours = ""
            details.save(update_fields=["opening_hours"])
            self.stdout.write("Removed the note to staff from the opening hours (left out until staff fill them in)")
        if details.phone or details.email or details.address:
            return details
        for name, value in STAND_IN_CLINIC_DETAILS.items():
            setattr(details, name, value)
        details.save()
        self.created("the clinic details (stand-ins: replace before going live)")
        return details

    def replace_retired_draft(self, privacy):
        """An earlier loader's draft notice, which no person has saved since, becomes the shipped notice."""
        if not (untouched(privacy) and privacy.introduction.startswith(RETIRED_PRIVACY_DRAFT)):
            return
        privacy.introduction, privacy.body = PRIVACY_NOTICE["introduction"], PRIVACY_NOTICE["body"]
        privacy.save_revision().publish()
        self.stdout.write(f"Replaced the draft “{privacy.title}” with the complete notice")

    def footer_links(self, details, privacy, statement):
        """Every footer links the privacy notice and the accessibility statement: chosen here while staff have not."""
        if details.privacy_notice_id is None or details.accessibility_statement_id is None:
            details.privacy_notice_id = details.privacy_notice_id or privacy.pk
            details.accessibility_statement_id = details.accessibility_statement_id or statement.pk
            details.save(update_fields=["privacy_notice", "accessibility_statement"])
            self.created("the footer's links to the privacy notice and the accessibility statement")

    def child_page(self, parent, page_class, slug, **fields):
        """The page of this type and slug under ``parent``, made and published if missing.

        A page type the site has only one of (the blog, the enquiry page) is
        found wherever it is and whatever staff renamed it.
        """
        if page_class.max_count == 1:
            existing = page_class.objects.first()
        else:
            existing = page_class.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing
        page = parent.add_child(instance=page_class(slug=slug, **fields))
        page.save_revision().publish()
        self.created(f"the page “{page.title}”")
        return page

    def enquiry_page(self, home, privacy):
        """The discovery-visit form, made the home page's call to action when it is new."""
        is_new = not EnquiryPage.objects.exists()
        page = self.child_page(
            home,
            EnquiryPage,
            slug="book-a-discovery-visit",
            show_in_menus=True,
            privacy_page=privacy,
            **ENQUIRY_PAGE,
        )
        home.refresh_from_db()
        if is_new and home.call_to_action_page_id is None and not home.has_unpublished_changes:
            home.call_to_action_page = page
            home.save_revision().publish()
            self.created("the home page's call to action (to the enquiry page)")

    def author(self):
        author, made = Author.objects.get_or_create(
            name="The Body Zest team",
            defaults={
                "role": "Physiotherapists",
                "bio": (
                    "Our clinicians help runners and active people in Banstead recover from "
                    "injury and get back to what they love."
                ),
            },
        )
        if made:
            self.created("the author “The Body Zest team”")
        return author

    def category(self, name, description):
        category, made = BlogCategory.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "description": description}
        )
        if made:
            self.created(f"the category “{name}”")
        return category

    def post(self, blog, text, date, author, categories, tags):
        slug = slugify(text.title)
        # Marked so the loader knows its own posts again after staff rename them or change their address.
        marker = f"{STARTING_POST_MARKER}{slug}"
        existing = (
            BlogPage.objects.filter(legacy_guid=marker).first()
            or BlogPage.objects.child_of(blog).filter(slug=slug).first()
        )
        if existing is not None:
            self.reshape_untouched_post(existing, text)
            return
        post = BlogPage(
            legacy_guid=marker,
            title=text.title,
            slug=slug,
            date=date,
            introduction=text.introduction,
            body=text.blocks,
            author=author,
        )
        blog.add_child(instance=post)
        post.categories.set(categories)
        post.tags.set(tags)
        post.save_revision().publish()
        self.created(f"the post “{post.title}”")

    def reshape_untouched_post(self, post, text):
        """A starting post no person has saved since an earlier loader made it gets the shipped blocks.

        Its words are the same; only their blocks change (e.g. a section that became a callout box).
        """
        shipped = [block_type for block_type, _ in text.blocks]
        if not untouched(post) or [block.block_type for block in post.body] == shipped:
            return
        post.body = text.blocks
        post.save_revision().publish()
        self.stdout.write(f"Gave the post “{post.title}” the shipped layout of its text")

    def writers_write_in(self, blog):
        """A new blog is where writers write: their role (starting_site's migrations) gives an existing one."""
        writer = Group.objects.filter(name=WRITER_GROUP).first()
        if writer is None:
            return
        for codename in WRITER_BLOG_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=writer,
                page=blog,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
        self.created(f"the “{WRITER_GROUP}” group's place in the blog")
