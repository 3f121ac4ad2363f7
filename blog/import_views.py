"""Importing the old blog from the admin: upload the export, read the dry run's report, then import.

The same importer as ``manage.py import_blog_export`` (blog/importer/). Only
someone who may publish in the blog and manage redirects (the Clinic lead, an
administrator) sees it. The upload is never trusted: its size is capped, it is
parsed with defusedxml (``wxr.read_wxr``), and until the import is over it waits
in a private folder outside the public media, under a random name kept in the
person's session (never the uploaded file's name).

A request never does the whole export: the dry run and the import each take
``BATCH_SIZE`` posts a request, and the progress page asks for the next batch
(``<meta http-equiv="refresh">``, no script), so 200 posts never reach the
server's timeout. Each batch is all or nothing; importing again is safe, so an
import cut short is finished by running it again.
"""

import dataclasses
import json
import secrets
import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import path
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from .importer.importer import ImportFailed, import_export
from .importer.wxr import WxrError, WxrExport, read_wxr
from .models import BlogIndexPage

# A 200-post Squarespace export is about 1 MB; ten times that is still a blog.
MAX_EXPORT_BYTES = 10 * 1024 * 1024
# Posts a request: 20 took 13 s on a loaded 2-core machine; gunicorn allows 30 s.
BATCH_SIZE = 10
UPLOADS = Path(tempfile.gettempdir()) / "bodyzest-blog-imports"
SESSION_KEY = "blog_import_upload"


def can_import(user):
    """The Clinic lead's powers: publish in the blog, and add the redirects from old addresses."""
    blog = BlogIndexPage.objects.first()
    return (
        blog is not None
        and blog.permissions_for_user(user).can_publish_subpage()
        and user.has_perm("wagtailredirects.add_redirect")
    )


class ExportUploadForm(forms.Form):
    export = forms.FileField(
        label="Export file",
        help_text="The .xml file from Squarespace (Settings › Import & Export › Export › WordPress).",
    )
    publish = forms.BooleanField(
        label="Publish the posts that were public on the old blog",
        required=False,
        help_text="Leave unticked to import every post as a draft for review.",
    )
    author = forms.CharField(
        label="Credit every post to (optional)",
        required=False,
        max_length=255,
        help_text="An author's name; otherwise authors come from the export.",
    )

    def clean_export(self):
        upload = self.cleaned_data["export"]
        if upload.size > MAX_EXPORT_BYTES:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; an export may be at most "
                f"{filesizeformat(MAX_EXPORT_BYTES)}. Check it is the blog's export."
            )
        self.data_bytes = upload.read()
        try:
            read_wxr(self.data_bytes)
        except WxrError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def import_blog(request):
    """Step 1, the upload (its dry run follows); step 3, "Import" after reading the dry run's report."""
    _check(request)
    if request.method == "POST" and "confirm" in request.POST:
        state = _state(request)
        if state is None or state["phase"] != "dry" or not state["finished"]:
            return _gone(request)
        _save_state(request, {**state, "phase": "import", "done": 0, "finished": False, "report": _empty_report()})
        return redirect("blog_import_progress")
    form = ExportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        options = {"publish": form.cleaned_data["publish"], "author_name": form.cleaned_data["author"] or None}
        _start(request, form.data_bytes, options)
        return redirect("blog_import_progress")
    return render(request, "blog/import/upload.html", {"form": form, "max_size": filesizeformat(MAX_EXPORT_BYTES)})


def import_progress(request):
    """Step 2 and 4: the next batch of the dry run or of the import, then the report."""
    _check(request)
    state = _state(request)
    if state is None:
        return _gone(request)
    upload = UPLOADS / state["token"]
    if not state["finished"]:
        try:
            export = read_wxr(upload.read_bytes())
            batch = WxrExport(export.authors, export.items[state["done"] : state["done"] + BATCH_SIZE])
            report = import_export(batch, dry_run=state["phase"] == "dry", **state["options"])
        except (OSError, WxrError, ImportFailed) as error:
            _forget(request)
            messages.error(request, f"{error} Posts imported before this stopped are kept; import again to finish.")
            return redirect("blog_import")
        state["done"] += len(batch.items)
        state["finished"] = state["done"] >= len(export.items)
        state["total"] = len(export.items)
        _add_to_report(state["report"], report)
        _save_state(request, state)
        if not state["finished"]:
            return render(request, "blog/import/progress.html", {"state": state})
    if state["phase"] == "import":
        _forget(request)
    return _report(request, state)


def _report(request, state):
    outcomes = state["report"]["outcomes"]
    summary = {
        "created": sum(outcome["action"] == "created" for outcome in outcomes),
        "updated": sum(outcome["action"] == "updated" for outcome in outcomes),
        "skipped": sum(outcome["action"] in ("unchanged", "skipped") for outcome in outcomes),
        "warnings": sum(len(outcome["warnings"]) for outcome in outcomes),
    }
    context = {
        "report": state["report"],
        "summary": summary,
        "dry_run": state["phase"] == "dry",
        "publish": state["options"]["publish"],
        "blog_id": BlogIndexPage.objects.first().pk,
    }
    return render(request, "blog/import/report.html", context)


def _check(request):
    if not can_import(request.user):
        raise PermissionDenied


def _gone(request):
    messages.error(request, "There is no uploaded export waiting (it is kept for one import): upload it again.")
    return redirect("blog_import")


def _empty_report():
    return {"outcomes": [], "new_authors": [], "new_categories": [], "feed_redirect": []}


def _add_to_report(kept, report):
    kept["outcomes"] += [dataclasses.asdict(outcome) for outcome in report.outcomes]
    for name in ("new_authors", "new_categories"):
        kept[name] = sorted(set(kept[name]) | set(getattr(report, name)))
    kept["feed_redirect"] = list(report.feed_redirect) or kept["feed_redirect"]


def _start(request, data, options):
    """Keep the export for its dry run and import, replacing any earlier upload of theirs."""
    _forget(request)
    UPLOADS.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    (UPLOADS / token).write_bytes(data)
    request.session[SESSION_KEY] = token
    _save_state(
        request,
        {"token": token, "options": options, "phase": "dry", "done": 0, "total": 0, "finished": False}
        | {"report": _empty_report()},
    )


def _state(request):
    """Where this person's import has got to: kept beside the upload, not in the session (it grows)."""
    token = request.session.get(SESSION_KEY)
    if not token or not (UPLOADS / token).is_file():
        return None
    try:
        return json.loads((UPLOADS / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _save_state(request, state):
    (UPLOADS / f"{state['token']}.json").write_text(json.dumps(state), encoding="utf-8")


def _forget(request):
    token = request.session.pop(SESSION_KEY, None)
    if token:
        (UPLOADS / token).unlink(missing_ok=True)
        (UPLOADS / f"{token}.json").unlink(missing_ok=True)


class BlogImportMenuItem(MenuItem):
    """Settings › Import the old blog, shown only to those who may import."""

    def is_shown(self, request):
        return can_import(request.user)


urlpatterns = [
    path("blog-import/", import_blog, name="blog_import"),
    path("blog-import/progress/", import_progress, name="blog_import_progress"),
]
