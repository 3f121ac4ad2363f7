"""Trust signals: who treats people, how long a visit lasts, how fast the clinic replies, insurers.

Shown on the home page, near the top of the enquiry form and in the clinic's
JSON-LD only when staff filled them in (Settings › Clinic details); a post's
byline and JSON-LD carry its author's registration and credentials.
"""

import json

import pytest
from bs4 import BeautifulSoup

from blog.models import Author, BlogPage
from contact.models import EnquiryPage
from home.models import ClinicDetails

pytestmark = pytest.mark.django_db

HCPC = "Our physiotherapists are registered with the Health and Care Professions Council (HCPC)"
CSP = "Members of the Chartered Society of Physiotherapy (CSP)"


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def json_ld(response, schema_type):
    blocks = [json.loads(s.string) for s in soup_of(response).find_all("script", type="application/ld+json")]
    return [block for block in blocks if block["@type"] == schema_type]


def trust_lines(response):
    return [li.get_text(" ", strip=True) for li in soup_of(response).select(".trust-signals li")]


@pytest.fixture
def trusted_clinic(clinic_site):
    details = ClinicDetails.objects.get()
    details.professional_registrations = f"{HCPC}\n\n  {CSP}  \n"
    details.insurers = "Bupa\nAXA Health\n"
    details.visit_length_minutes = 45
    details.reply_within_working_days = 1
    details.save()
    return details


EXPECTED_LINES = [
    "We reply within one working day",
    "Visits last 45 minutes",
    HCPC,
    CSP,
    "We accept health insurance from Bupa and AXA Health",
]


def test_the_home_page_shows_what_to_expect_when_staff_filled_it_in(client, trusted_clinic):
    response = client.get("/")
    section = soup_of(response).select_one("section.trust")

    assert section.find("h2").get_text(strip=True) == "What to expect"
    assert trust_lines(response) == EXPECTED_LINES


def test_the_enquiry_page_says_it_above_the_form(client, trusted_clinic):
    response = client.get(EnquiryPage.objects.get().url)
    page = soup_of(response)

    assert trust_lines(response) == EXPECTED_LINES
    # Read before the form, not after it.
    signals, form = page.select_one(".trust-signals"), page.select_one("form.enquiry-form")
    assert signals in form.find_all_previous("ul")


def test_reply_time_and_visit_length_read_naturally_for_other_numbers(client, trusted_clinic):
    trusted_clinic.reply_within_working_days = 2
    trusted_clinic.visit_length_minutes = 60
    trusted_clinic.insurers = "Bupa\nAXA Health\nVitality"
    trusted_clinic.save()

    lines = trust_lines(client.get("/"))

    assert "We reply within 2 working days" in lines
    assert "Visits last 60 minutes" in lines
    assert "We accept health insurance from Bupa, AXA Health and Vitality" in lines


def test_nothing_is_shown_while_staff_have_filled_in_nothing(client, clinic_site):
    """The starting site knows none of these facts: no heading, no empty list, no placeholder."""
    for url in ("/", EnquiryPage.objects.get().url):
        page = soup_of(client.get(url))
        assert page.select(".trust-signals") == []
        assert page.select("section.trust") == []
        assert "What to expect" not in page.get_text()


def test_only_what_is_set_is_shown(client, clinic_site):
    details = ClinicDetails.objects.get()
    details.visit_length_minutes = 30
    details.save()

    assert trust_lines(client.get("/")) == ["Visits last 30 minutes"]


def test_the_clinics_json_ld_carries_its_registrations_and_insurers(client, trusted_clinic):
    [clinic] = json_ld(client.get("/"), "Physiotherapy")

    assert clinic["hasCredential"] == [
        {"@type": "EducationalOccupationalCredential", "name": HCPC},
        {"@type": "EducationalOccupationalCredential", "name": CSP},
    ]
    assert clinic["paymentAccepted"] == "Bupa, AXA Health"


def test_the_clinics_json_ld_leaves_them_out_while_unset(client, clinic_site):
    [clinic] = json_ld(client.get("/"), "Physiotherapy")

    assert "hasCredential" not in clinic
    assert "paymentAccepted" not in clinic


def test_staff_are_told_when_a_visit_length_or_reply_time_makes_no_sense(admin_client, clinic_site):
    details = ClinicDetails.objects.get()
    url = f"/admin/settings/home/clinicdetails/{details.site_id}/"
    data = {
        "name": "Body Zest",
        "address": details.address,
        "phone": details.phone,
        "email": details.email,
        "opening_hours": "",
        "booking_link": "",
        "professional_registrations": HCPC,
        "insurers": "",
        "visit_length_minutes": "0",
        "reply_within_working_days": "-1",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200  # the form again, not a redirect or a 500
    form = response.context["form"]
    assert "visit_length_minutes" in form.errors
    assert "reply_within_working_days" in form.errors
    assert form["professional_registrations"].value() == HCPC  # what they typed is kept
    details.refresh_from_db()
    assert details.visit_length_minutes is None

    response = admin_client.post(url, {**data, "visit_length_minutes": "45", "reply_within_working_days": "1"})

    assert response.status_code == 302
    details.refresh_from_db()
    assert (details.visit_length_minutes, details.reply_within_working_days) == (45, 1)


@pytest.fixture
def post_by_a_registered_physio(clinic_site):
    author = Author.objects.create(
        name="Alex Example",
        role="Chartered physiotherapist",
        registration="HCPC PH123456",
        credentials="MSc Physiotherapy, MCSP",
    )
    post = BlogPage.objects.live().first()
    post.author = author
    post.save_revision().publish()
    return post


def test_a_post_shows_its_authors_credentials_and_registration_in_the_byline(client, post_by_a_registered_physio):
    meta = soup_of(client.get(post_by_a_registered_physio.url)).select_one(".post__header .post-meta")

    assert meta.select_one(".post-meta__author").get_text(strip=True) == "Alex Example"
    assert meta.select_one(".post-meta__credentials").get_text(strip=True) == "MSc Physiotherapy, MCSP"
    assert meta.select_one(".post-meta__registration").get_text(" ", strip=True) == "Registration: HCPC PH123456"


def test_a_posts_json_ld_author_carries_them(client, post_by_a_registered_physio):
    [posting] = json_ld(client.get(post_by_a_registered_physio.url), "BlogPosting")

    assert posting["author"]["honorificSuffix"] == "MSc Physiotherapy, MCSP"
    assert posting["author"]["hasCredential"] == {
        "@type": "EducationalOccupationalCredential",
        "credentialCategory": "Professional registration",
        "name": "HCPC PH123456",
    }


def test_an_author_without_them_has_a_plain_byline(client, clinic_site):
    post = BlogPage.objects.live().first()
    response = client.get(post.url)
    meta = soup_of(response).select_one(".post__header .post-meta")

    assert meta.select(".post-meta__credentials, .post-meta__registration") == []
    assert "Registration" not in meta.get_text()
    [posting] = json_ld(client.get(post.url), "BlogPosting")
    assert "hasCredential" not in posting["author"] and "honorificSuffix" not in posting["author"]
