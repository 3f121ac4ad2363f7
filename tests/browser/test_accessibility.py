"""WCAG 2.2 AA: axe-core finds nothing, and the checks axe cannot make, on every public page.

Each page is checked at a phone width (375 px) and a desktop width (1280 px);
`make screenshots` saves both for the docs. Reflow is checked at 1280, 375 and
320 px with text at 100% and 200% (the root font size, as a browser's
text-size setting sets it). Each page is opened once and every check is run on
it, and each page is a subtest reporting every problem it finds, so a run
shows all that is wrong at once (and the site is built once, not once a page).
"""

import datetime
import itertools
import re
from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import GOOGLE_API_JS, WIDTHS, block_recaptcha, screenshot, serve_fake_recaptcha

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUNNERS_KNEE = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"
NEW_YEAR = "/blog/helpful-tips-for-easing-back-into-the-new-year/"
CALF_STRETCH = "A runner stretching her calf on a park bench"

PAGES = {
    "home": "/",
    "blog": "/blog/",
    "blog-page-2": "/blog/?page=2",
    "runners-knee": RUNNERS_KNEE,
    "new-year": NEW_YEAR,
    "post-with-hero": "/blog/calf-stretches-after-a-run/",
    "post-with-decorative-hero": "/blog/foam-rolling-for-tight-legs/",
    "category-running": "/blog/category/running/",
    "author": "/blog/author/the-body-zest-team/",
    "search-results": "/search/?q=knee",
    "search-no-results": "/search/?q=zzzz",
    "enquiry": "/book-a-discovery-visit/",
    "enquiry-errors": "/book-a-discovery-visit/",
    "enquiry-captcha-blocked": "/book-a-discovery-visit/",
    "thank-you": "/book-a-discovery-visit/thank-you/",
    "privacy": "/privacy/",
    "accessibility": "/accessibility/",
    "not-found": "/no-such-page/",
}

# The pages whose screenshots docs/screenshots/ shows (`make screenshots`).
SCREENSHOT_PAGES = ("home", "blog", "runners-knee", "enquiry", "enquiry-errors", "enquiry-captcha-blocked")

# Controls people aim at (WCAG 2.5.8 exempts links inside sentences).
TARGETS = (
    "button, input:not([type=hidden]), select, textarea, .button, .main-nav__link, "
    ".pagination__link, .prev-next__link, .skip-link:focus"
)


@pytest.fixture
def a11y_site(site):
    """The clinic's site with enough posts for a second page of the blog, two of them with a hero image.

    One image is described, one is decorative: both show on the blog's first
    page and the home page as well as on their posts.
    """
    from blog.models import BlogIndexPage
    from tests.factories import make_image, make_post

    blog = BlogIndexPage.objects.get()
    for day in range(1, 10):
        make_post(blog, f"Exercise tip {day}", datetime.date(2025, 6, day))
    make_post(
        blog,
        "Calf stretches after a run",
        datetime.date(2025, 7, 1),
        hero_image=make_image(),
        hero_image_alt=CALF_STRETCH,
    )
    make_post(
        blog,
        "Foam rolling for tight legs",
        datetime.date(2025, 7, 2),
        hero_image=make_image(),
        hero_image_decorative=True,
    )
    return site


def open_page(page, base_url, name):
    """Show the page in the state under test.

    The enquiry form with Google's box (a stand-in), after an empty submission,
    and with Google's script blocked and the form sent anyway.
    """
    blocked = name == "enquiry-captcha-blocked"
    if name.startswith("enquiry"):
        page.unroute(GOOGLE_API_JS)
        page.route(GOOGLE_API_JS, block_recaptcha if blocked else serve_fake_recaptcha)
    page.goto(base_url + PAGES[name])
    security_check = ".recaptcha-unavailable:not([hidden])" if blocked else ".fake-recaptcha-widget"
    if name.startswith("enquiry"):
        # Google's script comes once the visitor nears the box (static/js/enquiry-form.js).
        page.locator("[data-recaptcha]").scroll_into_view_if_needed()
        page.wait_for_selector(security_check)
        page.evaluate("window.scrollTo(0, 0)")
    if name in ("enquiry-errors", "enquiry-captcha-blocked"):
        page.get_by_role("button", name="Send enquiry").click()
        page.wait_for_selector("[data-error-summary]")
        page.wait_for_selector(security_check)
    # Every stylesheet in, before anything is measured: an element can be "visible" (laid out)
    # before the CSS has arrived, and a CI run once measured the skip link's focus without it.
    page.wait_for_load_state("load")


AXE_SCRIPT = Axe().axe_script
# Only violations are reported, so only they are gathered in detail (axe's own advice on speed).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


def axe_problems(page):
    if not page.evaluate("typeof axe === 'object'"):  # once a page: it is checked at several widths
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"axe {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"    element: {' '.join(node['target'])}\n    fix: {node['failureSummary']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


LANDMARK = re.compile(
    r'^\s*- (banner|complementary|contentinfo|form|main|navigation|region|search)\b(?: "([^"]*)")?', re.M
)


def landmarks_sharing_a_name(page):
    """Landmarks of one kind a screen reader lists under the same name (or none), so cannot tell apart.

    axe's landmark-unique rule passes over a <form role="search"> without a
    name, so the page's accessibility tree is read here instead.
    """
    landmarks = Counter(LANDMARK.findall(page.locator("body").aria_snapshot()))
    return [
        f"{count} {role} landmarks " + (f"named “{name}”" if name else "without a name")
        for (role, name), count in landmarks.items()
        if count > 1
    ]


def horizontal_overflow(page):
    """How far the page scrolls sideways (clientWidth leaves out a vertical scroll bar)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def set_text_size(page, size):
    page.evaluate(f"document.documentElement.style.fontSize = '{size}'")


def clipped_text(page):
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(el => {
            const style = getComputedStyle(el);
            const hides = ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY);
            return hides && !el.closest('.visually-hidden, wagtail-userbar, [aria-hidden=true]') && el.offsetParent !== null
                && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
        }).map(el => el.outerHTML.slice(0, 120))"""
    )


def small_targets(page):
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(el => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden')
            .filter(el => !el.closest('.g-recaptcha, .visually-hidden, [aria-hidden=true]'))
            .map(el => [el.outerHTML.slice(0, 100), el.getBoundingClientRect()])
            .filter(([, box]) => box.width < 24 || box.height < 24)
            .map(([html, box]) => `${html} is ${Math.round(box.width)}x${Math.round(box.height)}`)""",
        TARGETS,
    )


def invisible_focus(page):
    """Tab through the page; return the controls whose focus cannot be seen, and how many took focus."""
    seen, invisible = [], []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body || el.closest('wagtail-userbar, .g-recaptcha')) return null;
                const style = getComputedStyle(el);
                const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
                const ring = style.boxShadow && style.boxShadow !== 'none';
                return {html: el.outerHTML.slice(0, 100), visible: outline || ring};
            }"""
        )
        if focused is None:
            if seen:
                break
            continue
        if focused["html"] in seen:
            break
        seen.append(focused["html"])
        if not focused["visible"]:
            invisible.append(focused["html"])
    return invisible, len(seen)


def reading_order_breaks(page):
    """Pairs of elements where the later one in the document is shown wholly above the earlier one."""
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('header, main h1, main h2, main h3, main p, main li, main form, footer')]
            .filter(el => el.offsetParent !== null && !el.closest('.visually-hidden, [hidden]'))
            .map(el => {
                const box = el.getBoundingClientRect();
                return [el.tagName + ' ' + el.textContent.trim().slice(0, 40), box.top + scrollY, box.bottom + scrollY];
            })"""
    )
    return [(a[0], b[0]) for a, b in itertools.pairwise(boxes) if b[2] <= a[1]]


CONTRAST_JS = """() => {
    const rgb = (colour) => (colour.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
    const luminance = ([r, g, b]) => {
        const [R, G, B] = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const backdrop = (el) => {
        for (let node = el.parentElement; node; node = node.parentElement) {
            const colour = rgb(getComputedStyle(node).backgroundColor);
            if (colour.length < 4 || colour[3] > 0) return colour.slice(0, 3);
        }
        return [255, 255, 255];
    };
    const problems = [];
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, .button, button')) {
        if (el.offsetParent === null || el.closest('[aria-hidden=true], wagtail-userbar')) continue;
        const style = getComputedStyle(el);
        const behind = backdrop(el);
        const fill = rgb(style.backgroundColor);
        const filled = fill.length === 3 || fill[3] > 0;
        const native = ['radio', 'checkbox'].includes(el.type) && style.appearance !== 'none';
        // Chromium draws a native radio or checkbox with a #767676 edge, which CSS cannot read.
        const edges = native ? [[118, 118, 118]]
            : parseFloat(style.borderTopWidth) > 0 ? [rgb(style.borderTopColor).slice(0, 3)] : [];
        const best = Math.max(...edges.map(c => ratio(c, behind)), filled ? ratio(fill.slice(0, 3), behind) : 0);
        if (best < 3) problems.push(`${el.outerHTML.slice(0, 80)} stands out from its background at only ${best.toFixed(2)}:1`);
    }
    return problems;
}"""


def low_contrast_controls(page):
    """Controls whose edge or fill stands out from what is behind them by less than 3:1 (WCAG 1.4.11)."""
    return page.evaluate(CONTRAST_JS)


def images_without_alt(page):
    """Images with no alt at all, or one that names the file rather than what it shows."""
    return page.evaluate(
        "() => [...document.querySelectorAll('img')].filter(img => !img.closest('wagtail-userbar'))"
        ".filter(img => !img.hasAttribute('alt') || /\\.(jpe?g|png|gif|webp|avif|svg)$|^(image|photo|picture)$/i.test(img.alt.trim()))"
        ".map(img => img.outerHTML.slice(0, 100))"
    )


def page_problems(page, base_url, name):
    """Every problem found on one page: opened once at 1280 px, then narrowed to 375 and 320 px."""
    problems = []
    page.set_viewport_size(WIDTHS["1280"])
    open_page(page, base_url, name)
    invisible, focusable = invisible_focus(page)
    if not focusable:
        problems.append("nothing takes keyboard focus")
    problems += [f"focus cannot be seen on {control}" for control in invisible]

    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        if name in SCREENSHOT_PAGES:
            screenshot(page, name)
        problems += [f"{width}px: {problem}" for problem in axe_problems(page)]
        problems += [f"{width}px: small target {target}" for target in small_targets(page)]
        problems += [f"{width}px: image without alt {image}" for image in images_without_alt(page)]
        problems += [f"{width}px: {landmarks}" for landmarks in landmarks_sharing_a_name(page)]
        problems += [f"{width}px: {control}" for control in low_contrast_controls(page)]
        if width == "375":
            problems += [
                f"375px: reading order differs from visual order: {pair}" for pair in reading_order_breaks(page)
            ]

    problems += sideways_scroll(page, (375, 320))
    page.set_viewport_size({"width": 1280, "height": 640})
    problems += sideways_scroll(page, (1280,))
    set_text_size(page, "200%")
    problems += [f"text at 200%: clipped {element}" for element in clipped_text(page)]
    set_text_size(page, "")
    return problems


def sideways_scroll(page, widths):
    """At each width (640 px high), with text at 100% and 200%: how far the page scrolls sideways."""
    problems = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 640})
        for text_size in ("100%", "200%"):
            set_text_size(page, text_size)
            if (overflow := horizontal_overflow(page)) > 0:
                problems.append(f"{width}px, text at {text_size}: scrolls sideways by {overflow}px")
        set_text_size(page, "")
    return problems


def test_every_public_page_meets_wcag_22_aa(a11y_site, page, subtests):
    for name, path in PAGES.items():
        with subtests.test(msg=name):
            problems = page_problems(page, a11y_site.url, name)
            assert not problems, f"{name} ({path}):\n" + "\n".join(problems)


def test_a_described_hero_image_is_read_out_and_a_decorative_one_is_skipped(a11y_site, page):
    """Screen readers announce the staff's description, and pass over a decorative image (alt="")."""
    for path in ["/blog/", "/blog/calf-stretches-after-a-run/", "/blog/foam-rolling-for-tight-legs/"]:
        page.goto(a11y_site.url + path)
        for img in page.locator("main img").all():
            assert img.get_attribute("alt") in {CALF_STRETCH, ""}, f"{path}: {img.evaluate('el => el.outerHTML')}"

    page.goto(a11y_site.url + "/blog/calf-stretches-after-a-run/")
    assert page.locator(".post__hero img").get_attribute("alt") == CALF_STRETCH
    page.goto(a11y_site.url + "/blog/foam-rolling-for-tight-legs/")
    assert page.locator(".post__hero img").get_attribute("alt") == ""

    page.goto(a11y_site.url + "/blog/")
    cards = page.locator(".post-card")
    assert cards.filter(has_text="Calf stretches").get_by_role("img", name=CALF_STRETCH).count() == 1
    assert cards.filter(has_text="Foam rolling").locator("img[alt='']").count() == 1
    assert cards.filter(has_text="Foam rolling").get_by_role("img").count() == 0
