"""A clinic's look (issue 12, point 6), measured in the browser as a visitor on a phone meets it.

The header: the brand mark, at most two rows on a 320 or 375 px phone, a
tap-to-call link, a search that opens from a button (with or without
JavaScript), the booking button first and in the accent colour; the home page's
button above the fold at 320×640; cards that open their post wherever they are
tapped; one column edge for the blog, its archives and its posts; the runner's
knee post's advice on when to seek help in a callout box.
"""

import re

from playwright.sync_api import expect

RUNNERS_KNEE = "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"
ACCENT = "rgb(194, 65, 12)"  # --colour-accent, #c2410c

# The rows a header's visible pieces sit in: pieces whose boxes overlap vertically share a row.
HEADER_ROWS_JS = """() => {
    const pieces = [...document.querySelectorAll('.site-header .wordmark, .site-header nav li, .site-header .site-tool, .site-header .site-search')]
        .map(el => el.getBoundingClientRect()).filter(box => box.height > 0)
        .sort((a, b) => a.top - b.top);
    const rows = [];
    for (const box of pieces) {
        const row = rows.find(r => box.top < r.bottom && box.bottom > r.top);
        if (row) { row.top = Math.min(row.top, box.top); row.bottom = Math.max(row.bottom, box.bottom); }
        else rows.push({top: box.top, bottom: box.bottom});
    }
    return rows.length;
}"""


def on_phone(page, width, height=640):
    page.set_viewport_size({"width": width, "height": height})
    return page


def header_height(page):
    return page.locator(".site-header").bounding_box()["height"]


def test_the_phone_header_takes_at_most_two_rows(site, page, subtests):
    for path in ["/", "/blog/", RUNNERS_KNEE]:
        page.goto(site.url + path)
        for width in (320, 375):
            with subtests.test(msg=f"{path} at {width}px"):
                on_phone(page, width)
                assert page.evaluate(HEADER_ROWS_JS) <= 2
                assert header_height(page) < 130  # three rows were 172 px at 375 and 220 at 320


def test_the_header_shows_the_brand_mark_beside_the_clinics_name(site, page):
    on_phone(page, 320).goto(site.url + "/blog/")
    home_link = page.locator(".site-header").get_by_role("link", name="Body Zest Physiotherapy in Banstead")

    expect(home_link).to_have_attribute("href", "/")
    mark = home_link.locator("img")
    expect(mark).to_have_attribute("src", re.compile(r"brand-mark.*\.svg$"))
    expect(mark).to_have_attribute("alt", "")  # the name beside it is text
    assert mark.evaluate("img => img.complete && img.naturalWidth > 0")
    assert mark.bounding_box()["width"] >= 32


def test_a_phone_reader_can_call_the_clinic_from_the_header(site, page, subtests):
    page.goto(site.url + "/")
    call = page.locator(".site-header").get_by_role("link", name=re.compile("^Call"))
    for width in (320, 375):
        with subtests.test(msg=f"{width}px"):
            on_phone(page, width)
            expect(call).to_be_in_viewport()
            expect(call).to_have_attribute("href", "tel:01632960123")  # the clinic details' phone
            expect(call).to_have_accessible_name("Call 01632 960 123")
            box = call.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44


def test_the_search_opens_from_a_button_and_finds_posts(site, browser, subtests):
    for javascript in (True, False):
        with subtests.test(msg="with JavaScript" if javascript else "without JavaScript"):
            context = browser.new_context(java_script_enabled=javascript, viewport={"width": 375, "height": 640})
            page = context.new_page()
            page.goto(site.url + "/")
            box = page.get_by_role("searchbox", name="Search the site")
            expect(box).to_be_hidden()

            page.locator(".site-search summary").click()
            expect(box).to_be_visible()
            box.fill("knee")
            box.press("Enter")

            expect(page).to_have_url(re.compile(r"/search/\?q=knee$"))
            post = page.get_by_role("link", name="Knee pain and runner's knee when training for an event")
            expect(post).to_be_visible()
            context.close()


def search_toggle_as_announced(page):
    """The header's Search toggle as Chromium tells a screen reader: its role and whether it is expanded."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    for node in tree:
        if node.get("name", {}).get("value") == "Search" and node["role"]["value"] == "DisclosureTriangle":
            properties = {prop["name"]: prop["value"]["value"] for prop in node.get("properties", [])}
            return node["role"]["value"], properties.get("expanded")
    return None


def test_the_search_button_says_when_it_is_open(site, page):
    on_phone(page, 375).goto(site.url + "/")

    assert search_toggle_as_announced(page) == ("DisclosureTriangle", False)  # a button, "collapsed"
    page.locator(".site-search summary").focus()
    page.keyboard.press("Enter")
    assert search_toggle_as_announced(page) == ("DisclosureTriangle", True)
    expect(page.get_by_role("searchbox", name="Search the site")).to_be_visible()


def test_booking_is_the_first_thing_to_press_and_outweighs_search(site, page, subtests):
    page.goto(site.url + "/blog/")
    for width in (320, 375, 1280):
        with subtests.test(msg=f"{width}px"):
            on_phone(page, width)
            booking_outweighs_search(page)


def booking_outweighs_search(page):
    book = page.locator(".site-header").get_by_role("link", name="Book a free visit")
    search = page.locator(".site-search summary")

    first_control = page.evaluate(
        "() => [...document.querySelectorAll('.site-header a, .site-header summary')]"
        ".filter(el => !el.classList.contains('wordmark'))[0].textContent.trim()"
    )
    assert first_control == "Book a free visit"
    style = book.evaluate("el => { const s = getComputedStyle(el); return [s.backgroundColor, s.fontWeight]; }")
    search_style = search.evaluate(
        "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.fontWeight]; }"
    )
    assert style[0] == ACCENT
    assert search_style[0] == "rgba(0, 0, 0, 0)"
    assert int(style[1]) > int(search_style[1])
    book_box, search_box = book.bounding_box(), search.bounding_box()
    assert book_box["width"] * book_box["height"] > search_box["width"] * search_box["height"]


def test_the_home_pages_booking_button_is_above_the_fold_at_320_by_640(site, page):
    on_phone(page, 320, 640).goto(site.url + "/")
    button = page.locator(".hero").get_by_role("link", name="Book a free discovery visit")

    expect(button).to_be_in_viewport(ratio=1)
    assert button.evaluate("el => getComputedStyle(el).backgroundColor") == ACCENT


def test_a_tap_anywhere_on_a_card_opens_its_post_through_its_one_link(site, page, subtests):
    for path in ("/", "/blog/"):
        with subtests.test(msg=path):
            on_phone(page, 375, 812).goto(site.url + path)
            card = page.locator(".post-card").filter(has_text="runner's knee").first

            expect(card.locator("a")).to_have_count(1)
            title = "Knee pain and runner's knee when training for an event"
            expect(card.get_by_role("link")).to_have_accessible_name(title)
            card.locator(".post-card__excerpt").scroll_into_view_if_needed()
            excerpt = card.locator(".post-card__excerpt").bounding_box()
            page.mouse.click(excerpt["x"] + excerpt["width"] - 5, excerpt["y"] + excerpt["height"] - 5)

            expect(page).to_have_url(site.url + RUNNERS_KNEE)


def test_the_blog_its_archives_and_its_posts_share_one_column(site, page):
    edges = {width: {} for width in (375, 1280)}
    for path in ["/blog/", "/blog/category/running/", RUNNERS_KNEE]:
        page.goto(site.url + path)
        for width in edges:
            on_phone(page, width, 900)
            edges[width][path] = (
                page.locator("main h1").bounding_box()["x"],
                page.locator("main .post-card, main .post__body").first.bounding_box()["x"],
            )

    assert all(len(set(column.values())) == 1 for column in edges.values()), edges


def test_when_to_seek_professional_help_is_a_callout_box(site, page):
    on_phone(page, 375, 812).goto(site.url + RUNNERS_KNEE)
    callout = page.locator(".post__body .callout")

    expect(callout).to_have_count(1)
    expect(callout.get_by_role("heading", name="When to seek professional help", level=2)).to_be_visible()
    expect(
        callout.get_by_role("listitem").filter(has_text="The knee feels unstable, locks, or gives way")
    ).to_be_visible()
    expect(callout).to_contain_text("not just chasing symptoms.")
    colours = callout.evaluate(
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(document.body).backgroundColor]"
    )
    assert colours[0] != colours[1]
