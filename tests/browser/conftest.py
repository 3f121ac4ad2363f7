"""Real-browser tests: Debian's Chromium driven by Playwright against the live server.

Playwright's own browser download cannot work here, so the tests drive the
Chromium that `.ci/run` installs from Debian (package `chromium`). Without it,
the browser tests fail under CI (the `CI` variable is set) and are skipped
elsewhere, with a message naming the package either way.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page

# Playwright's sync API runs an event loop in the test thread; the test's own
# database work (fixtures, assertions) is still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"375": PHONE, "1280": DESKTOP}
STAFF_PASSWORD = "a-long-staff-pass-phrase"


MISSING_CHROMIUM = f"Debian's Chromium is missing at {CHROMIUM}: install the `chromium` package (apt-get install chromium)."


@pytest.fixture(autouse=True)
def _require_chromium():
    """Under CI a missing browser is a failure, never a silent skip."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(MISSING_CHROMIUM)
        pytest.skip(MISSING_CHROMIUM)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


def restore_wagtail_foundations():
    """Recreate what Wagtail's migrations make and a database flush removes.

    Live-server tests need committed data, so the database is flushed after
    each one (Django's serialized rollback does not survive the live server's
    requests here). The tree's root page and the root image collection are
    what Wagtail's own migrations would have made.
    """
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    for name in ("Editors", "Moderators"):
        Group.objects.get_or_create(name=name)


@pytest.fixture
def site(transactional_db, live_server):
    """The clinic's site as `make run` builds it, served by the live server."""
    restore_wagtail_foundations()
    call_command("load_clinic_content", stdout=open(os.devnull, "w"))
    return live_server


@pytest.fixture
def staff_user(site, django_user_model):
    return django_user_model.objects.create_superuser("clinic-lead", "lead@bodyzest.example", STAFF_PASSWORD)


@pytest.fixture(scope="session")
def siteverify_server(tmp_path_factory):
    from tests.contact.fake_siteverify import FakeSiteverify, make_self_signed_certificate

    cert, key = make_self_signed_certificate(tmp_path_factory.mktemp("siteverify"))
    server = FakeSiteverify(cert, key)
    yield server
    server.stop()


@pytest.fixture
def siteverify(siteverify_server, settings, monkeypatch):
    """The server's reCAPTCHA checks go to the local fake over HTTPS; it says "success"."""
    siteverify_server.reset()
    settings.RECAPTCHA_DOMAIN = siteverify_server.domain
    monkeypatch.setenv("SSL_CERT_FILE", str(siteverify_server.cert))
    return siteverify_server


def screenshot(page, name):
    """Save a full-page screenshot for a person to look at after the run (folder is git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
