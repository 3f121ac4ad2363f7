"""JSON-LD: the clinic on the home page, breadcrumbs, and escaping that staff text cannot break."""

import json

import pytest
from bs4 import BeautifulSoup

from home.models import ClinicDetails
from home.structured_data import opening_hours_specification, postal_address
from tests.factories import make_blog, make_image, make_post

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"


def json_ld(response, schema_type):
    """The JSON-LD blocks of ``schema_type`` in a page (each must parse)."""
    assert response.status_code == 200
    blocks = [
        json.loads(s.string)
        for s in BeautifulSoup(response.content, "html.parser").find_all("script", type="application/ld+json")
    ]
    return [block for block in blocks if block["@type"] == schema_type]


def test_the_home_page_describes_the_clinic_as_a_physiotherapy_business(client, clinic_site):
    details = ClinicDetails.objects.get()
    details.address = "12 High Street\nBanstead\nSurrey SM7 2NN"
    details.phone = "01737 123456"
    details.opening_hours = "Monday to Friday: 8am–7pm\nSaturday: 9.30am - 1pm\nSunday: closed"
    details.default_social_image = make_image("The clinic")
    details.save()

    [clinic] = json_ld(client.get("/"), "Physiotherapy")

    assert clinic["@context"] == "https://schema.org"
    assert clinic["@id"] == f"{ROOT}/#clinic"
    assert clinic["name"] == "Body Zest"
    assert clinic["url"] == f"{ROOT}/"
    assert clinic["telephone"] == "01737 123456"
    assert clinic["email"] == "hello@bodyzest.example"
    assert clinic["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "12 High Street, Banstead, Surrey",
        "postalCode": "SM7 2NN",
        "addressCountry": "GB",
    }
    assert clinic["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            "opens": "08:00",
            "closes": "19:00",
        },
        {"@type": "OpeningHoursSpecification", "dayOfWeek": ["Saturday"], "opens": "09:30", "closes": "13:00"},
    ]
    assert clinic["image"].startswith(f"{ROOT}/media/images/")


def test_the_clinic_leaves_out_what_staff_have_not_filled_in(client, clinic_site):
    details = ClinicDetails.objects.get()
    details.phone = details.email = details.address = details.opening_hours = ""
    details.save()

    [clinic] = json_ld(client.get("/"), "Physiotherapy")

    assert set(clinic) == {"@context", "@type", "@id", "name", "url"}


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Monday to Friday: 8am–7pm", (["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "08:00", "19:00")),
        ("Mon-Wed 08:00 - 20:30", (["Monday", "Tuesday", "Wednesday"], "08:00", "20:30")),
        ("Tuesday and Thursday: 7.30am to 8pm", (["Tuesday", "Thursday"], "07:30", "20:00")),
        ("Tue, Thu & Sat: 12pm-5pm", (["Tuesday", "Thursday", "Saturday"], "12:00", "17:00")),
        ("Saturday to Monday: 10am – 2pm", (["Saturday", "Sunday", "Monday"], "10:00", "14:00")),
        ("Sunday: closed", None),
        ("Please confirm opening hours (staff: edit in Settings › Clinic details)", None),
        ("Bank holidays: 9am-1pm", None),
        ("Monday: 9am-9am", None),
        ("Monday: 25:00-26:00", None),
        ("Monday: 13pm-2pm", None),
    ],
)
def test_opening_hours_are_read_from_the_lines_staff_write(line, expected):
    specification = opening_hours_specification([line])

    if expected is None:
        assert specification == []
    else:
        days, opens, closes = expected
        assert specification == [
            {"@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": opens, "closes": closes}
        ]


def test_an_address_without_a_postcode_is_all_street_address():
    assert postal_address(["Banstead", "Surrey"]) == {
        "@type": "PostalAddress",
        "addressCountry": "GB",
        "streetAddress": "Banstead, Surrey",
    }


def test_the_blog_index_has_breadcrumbs_from_the_home_page(client):
    blog = make_blog()

    [breadcrumbs] = json_ld(client.get(blog.url), "BreadcrumbList")

    assert breadcrumbs["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{ROOT}/"},
        {"@type": "ListItem", "position": 2, "name": "Blog", "item": f"{ROOT}/blog/"},
    ]


def test_staff_text_cannot_close_the_json_ld_script(client):
    blog = make_blog()
    title = 'Knees </script><script>alert("x")</script> & <b>hips</b>'
    post = make_post(blog, title, slug="knees", introduction="Ankles </SCRIPT> & feet.", body=[])

    response = client.get(post.url)
    html = response.content.decode()
    [posting] = json_ld(response, "BlogPosting")

    assert posting["headline"] == title
    assert posting["description"] == "Ankles </SCRIPT> & feet."
    assert '<script>alert("x")' not in html
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert" in html
    assert len(BeautifulSoup(html, "html.parser").find_all("script", type="application/ld+json")) == 2
