"""`manage.py import_blog_export EXPORT.xml`: bring the old Squarespace blog in (the work is in blog/importer/)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.importer.importer import ImportFailed, import_export
from blog.importer.wxr import WxrError, read_wxr

NOTHING_IMPORTED = "Nothing was imported."


class Command(BaseCommand):
    help = (
        "Import the posts of a Squarespace (or WordPress) blog export (WXR) into the blog, with permanent "
        "redirects from their old addresses. Safe to run again: unchanged posts are left alone and a changed "
        "post gets a draft revision to review."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", metavar="EXPORT.xml", help="The export file downloaded from Squarespace.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen, then save nothing.")
        parser.add_argument("--author", metavar="NAME", help="Credit every post to this author (added if new).")
        parser.add_argument(
            "--images", metavar="DIR", help="A folder of the old blog's images; posts' images are found by file name."
        )
        status = parser.add_mutually_exclusive_group()
        status.add_argument(
            "--publish", action="store_true", help="Publish the posts that were public on the old blog."
        )
        status.add_argument(
            "--draft", action="store_true", help="Import every post as a draft for review (the default)."
        )

    def handle(self, *args, export, dry_run, author, images, publish, **options):
        path = Path(export)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read the export {path}: {error.strerror}. {NOTHING_IMPORTED}") from None
        if images and not Path(images).is_dir():
            raise CommandError(f"{images} is not a folder. {NOTHING_IMPORTED}")
        try:
            report = import_export(
                read_wxr(data),
                images_dir=images,
                author_name=author,
                publish=publish,
                dry_run=dry_run,
                progress=self.show_progress,
            )
        except (WxrError, ImportFailed) as error:
            raise CommandError(f"{error} {NOTHING_IMPORTED}") from None
        self.show_summary(report, publish, dry_run)

    def show_progress(self, number, total, outcome):
        line = f"[{number}/{total}] {outcome.action} “{outcome.title}”"
        if outcome.reason:
            line += f": {outcome.reason}"
        else:
            line += f" → {outcome.url} ({'published' if outcome.live else 'draft'})"
        self.stdout.write(line)
        for old_path in outcome.redirects:
            when = "" if outcome.live else " once it is published"
            self.stdout.write(f"    redirect {old_path} → {outcome.url}{when}")
        for warning in outcome.warnings:
            self.stdout.write(self.style.WARNING(f"    warning: {warning}"))

    def show_summary(self, report, publish, dry_run):
        if report.feed_redirect:
            self.stdout.write("Old feed {} → {}".format(*report.feed_redirect))
        if report.new_authors:
            self.stdout.write(f"New authors: {', '.join(sorted(report.new_authors))}.")
        if report.new_categories:
            self.stdout.write(f"New categories: {', '.join(sorted(report.new_categories))}.")
        if report.count("created") and not publish:
            self.stdout.write(
                "Imported as drafts: review and publish them in the admin (or import with --publish); "
                "their old addresses redirect once they are live."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Summary: {report.count('created')} created, {report.count('updated')} updated, "
                f"{report.count('unchanged', 'skipped')} skipped, {report.warning_count} warnings."
            )
        )
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
