"""WCAG 2.2 AA: axe-core finds nothing, and the checks axe cannot make, on every public page.

Each page is checked at a phone width (375 px) and a desktop width (1280 px);
screenshots of both are saved for a person to look at after the run. One test
a page runs every check and reports every problem it finds, so a run shows
all that is wrong at once (and the site is built once a page, not once a check).
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import WIDTHS, screenshot

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUNNERS_KNEE = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"
NEW_YEAR = "/blog/helpful-tips-for-easing-back-into-the-new-year/"

PAGES = {
    "home": "/",
    "blog": "/blog/",
    "blog-page-2": "/blog/?page=2",
    "runners-knee": RUNNERS_KNEE,
    "new-year": NEW_YEAR,
    "enquiry": "/book-a-discovery-visit/",
    "privacy": "/privacy/",
    "not-found": "/no-such-page/",
}

# Controls people aim at (WCAG 2.5.8 exempts links inside sentences).
TARGETS = (
    "button, input:not([type=hidden]), select, textarea, .button, .main-nav__link, "
    ".pagination__link, .prev-next__link, .skip-link:focus"
)


@pytest.fixture
def a11y_site(site):
    """The clinic's site with enough posts for a second page of the blog."""
    from blog.models import BlogIndexPage
    from tests.factories import make_post

    blog = BlogIndexPage.objects.get()
    for day in range(1, 10):
        make_post(blog, f"Exercise tip {day}", datetime.date(2025, 6, day))
    return site


def axe_violations(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return results.response["violations"]


def describe(violations):
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"  element: {' '.join(node['target'])}\n  fix: {node['failureSummary']}"
            )
    return "\n".join(lines)


def axe_problems(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"axe {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"    element: {' '.join(node['target'])}\n    fix: {node['failureSummary']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


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
    return [(a[0], b[0]) for a, b in zip(boxes, boxes[1:]) if b[2] <= a[1]]


def images_without_alt(page):
    return page.evaluate(
        "() => [...document.querySelectorAll('img')].filter(img => !img.closest('wagtail-userbar'))"
        ".filter(img => !img.hasAttribute('alt')).map(img => img.outerHTML.slice(0, 100))"
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_meets_wcag_22_aa(a11y_site, page, name):
    url = a11y_site.url + PAGES[name]
    problems = []

    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        page.goto(url)
        screenshot(page, name)
        problems += [f"{width}px: {problem}" for problem in axe_problems(page)]
        problems += [f"{width}px: small target {target}" for target in small_targets(page)]
        problems += [f"{width}px: image without alt {image}" for image in images_without_alt(page)]

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    if (overflow := horizontal_overflow(page)) > 0:
        problems.append(f"320px: scrolls sideways by {overflow}px")
    page.set_viewport_size(WIDTHS["375"])
    problems += [f"375px: reading order differs from visual order: {pair}" for pair in reading_order_breaks(page)]

    page.set_viewport_size(WIDTHS["1280"])
    page.goto(url)
    invisible, focusable = invisible_focus(page)
    if not focusable:
        problems.append("nothing takes keyboard focus")
    problems += [f"focus cannot be seen on {control}" for control in invisible]

    page.evaluate("document.documentElement.style.fontSize = '200%'")
    if (overflow := horizontal_overflow(page)) > 0:
        problems.append(f"text at 200%: scrolls sideways by {overflow}px")
    problems += [f"text at 200%: clipped {element}" for element in clipped_text(page)]

    assert not problems, f"{name} ({PAGES[name]}):\n" + "\n".join(problems)
