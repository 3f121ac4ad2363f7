"""The trust signals, once staff fill them in, keep the pages accessible (axe, WCAG 2.2 AA) and reflowing.

tests/browser/test_accessibility.py checks the site as shipped, where they are
empty and left out; this checks the pages that show them.
"""

import pytest

from tests.browser.conftest import WIDTHS
from tests.browser.test_accessibility import RUNNERS_KNEE, axe_problems, open_page, sideways_scroll

# What each page shows of them.
PAGES = {
    "home": "section.trust .trust-signals",
    "enquiry": ".enquiry .trust-signals",
    "enquiry-errors": ".enquiry .trust-signals",
    "runners-knee": ".post-meta__registration",
}


@pytest.fixture
def trusted_site(site):
    from blog.models import Author, BlogPage
    from home.models import ClinicDetails

    details = ClinicDetails.objects.get()
    details.professional_registrations = (
        "Our physiotherapists are registered with the Health and Care Professions Council (HCPC)\n"
        "Members of the Chartered Society of Physiotherapy (CSP)"
    )
    details.insurers = "Bupa\nAXA Health\nVitality"
    details.visit_length_minutes = 45
    details.reply_within_working_days = 1
    details.save()
    author = Author.objects.create(
        name="Alexandra Example-Longname",
        role="Chartered physiotherapist",
        registration="HCPC PH123456",
        credentials="MSc Physiotherapy, MCSP",
    )
    post = BlogPage.objects.get(url_path__endswith=RUNNERS_KNEE.removeprefix("/blog"))
    post.author = author
    post.save_revision().publish()
    return site


def test_the_pages_showing_trust_signals_meet_wcag_22_aa(trusted_site, page, subtests):
    for name, shown in PAGES.items():
        with subtests.test(msg=name):
            problems = []
            page.set_viewport_size(WIDTHS["1280"])
            open_page(page, trusted_site.url, name)
            assert page.locator(shown).is_visible()
            for width, viewport in WIDTHS.items():
                page.set_viewport_size(viewport)
                problems += [f"{width}px: {problem}" for problem in axe_problems(page)]
            problems += sideways_scroll(page, (320, 375))
            assert not problems, f"{name}:\n" + "\n".join(problems)
