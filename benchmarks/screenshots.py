"""Full-page screenshots of a running site: home, blog, the runner's knee post and the enquiry page, at 375 and 1280 px.

For before/after pictures of a change: serve each commit as `make run` does (its own database,
`load_clinic_content`) and point this at it. Google's reCAPTCHA script is refused, as this
machine cannot reach Google. The 2026-12-02 pairs in docs/screenshots/before/ and after/ are
054cefa (before issue 12) and main, each served by runserver.

Usage: .venv/bin/python benchmarks/screenshots.py http://127.0.0.1:8000 docs/screenshots/after
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.lighthouse import PAGES as AUDITED  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# The pages Lighthouse audits, under the names docs/screenshots/ uses.
PAGES = {
    "home": AUDITED["home"],
    "blog": AUDITED["index"],
    "runners-knee": AUDITED["post"],
    "enquiry": AUDITED["enquiry"],
}


def main(base_url, folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in ((375, 812), (1280, 900)):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/recaptcha/api.js*", lambda route: route.abort("blockedbyclient"))
            for name, path in PAGES.items():
                page.goto(base_url.rstrip("/") + path)
                page.wait_for_load_state("load")
                page.screenshot(path=folder / f"{name}-{width}.jpg", full_page=True, type="jpeg", quality=75)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
