"""Real-browser tests: Debian's Chromium driven by Playwright against the live server.

Playwright's own browser download cannot work here, so the tests drive the
Chromium that `.ci/run` installs from Debian (package `chromium`). Without it,
the browser tests fail under CI (the `CI` variable is set) and are skipped
elsewhere, with a message naming the package either way.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import ClinicContentSnapshot

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
# Where screenshot() saves: nowhere unless set; `make screenshots` points it at docs/screenshots/.
SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR")
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"375": PHONE, "1280": DESKTOP}
STAFF_PASSWORD = "a-long-staff-pass-phrase"
# Google's reCAPTCHA script, which tests replace (or block) at the network edge with a Playwright route.
GOOGLE_API_JS = re.compile(r".*/recaptcha/api\.js.*")
FAKE_RECAPTCHA_API = (Path(__file__).resolve().parent / "fake_recaptcha_api.js").read_text()


def serve_fake_recaptcha(route):
    route.fulfill(status=200, content_type="text/javascript", body=FAKE_RECAPTCHA_API)


def block_recaptcha(route):
    """As a privacy extension or a firewall does."""
    route.abort("blockedbyclient")


MISSING_CHROMIUM = (
    f"Debian's Chromium is missing at {CHROMIUM}: install the `chromium` package (apt-get install chromium)."
)


def pytest_runtest_setup(item):
    """Let the test's own ORM calls run beside Playwright.

    Playwright's sync API runs an event loop in the test thread; the test's
    database work (fixtures, assertions) is still synchronous and safe. Set
    before any fixture runs (the suite-wide ones touch the database too), and
    only once browser tests start: they run last (tests/conftest.py), so
    nothing earlier, such as the `check --deploy` test, inherits it.
    """
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


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


@pytest.fixture
def site(transactional_db, live_server):
    """The clinic's site as `make run` builds it, served by the live server."""
    ClinicContentSnapshot.load()
    return live_server


@pytest.fixture
def staff_user(site, django_user_model):
    return django_user_model.objects.create_superuser("clinic-lead", "lead@bodyzest.example", STAFF_PASSWORD)


def screenshot(page, name):
    """Save a full-page screenshot for a person to look at, when SCREENSHOTS_DIR asks for them."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)


def wait_for_autosave(page):
    """Wait until Wagtail 8's autosave has created the new page and the editor is its edit form, before Publish.

    Opening the preview of a new page starts the autosave that creates it. Publish
    pressed while that is on its way posts the add form a second time, and Wagtail
    refuses it ("The page could not be created due to validation errors": the slug
    is taken), as a loaded run showed. Watched in the browser: polling the database
    from the test would lock SQLite's tables under the live server.
    """
    edit_form = re.compile(r"/admin/pages/\d+/edit/")
    try:
        # The edits were made seconds before (the preview has shown them); an autosave due starts within its 0.5 s interval.
        expect(page).to_have_url(edit_form, timeout=3000)
    except AssertionError:
        # Most runs see no autosave of a new page at all: then staff save the draft themselves,
        # once nothing is on its way to collide with, and the editor is its edit form.
        indicator = page.locator("#w-autosave-indicator")
        expect(indicator).not_to_have_attribute("data-w-autosave-state-value", "saving")
        page.get_by_role("button", name="Save draft").click()
        expect(page).to_have_url(edit_form)
        return
    expect(page.locator("#w-autosave-indicator")).to_have_attribute("data-w-autosave-state-value", "saved")
