"""The home page, the clinic's details and the pages every visitor can land on."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.views.defaults import server_error

from home.models import ClinicDetails, HomePage, StandardPage
from tests.factories import make_blog, make_image, make_post

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_home_page_welcomes_and_invites_to_book(client, clinic_site):
    soup = soup_of(client.get("/"))

    assert soup.find("h1").get_text(strip=True) == clinic_site["home"].hero_heading
    assert len(soup.find_all("h1")) == 1
    buttons = [a.get_text(strip=True) for a in soup.select("a.button")]
    assert "Book a free discovery visit" in buttons
    assert soup.find("title").get_text() == "Physiotherapy in Banstead, Surrey | Body Zest"


def test_the_home_page_shows_the_three_latest_posts(client):
    blog = make_blog()
    for day in range(1, 6):
        make_post(blog, f"Post {day}", datetime.date(2026, 1, day))
    make_post(blog, "Draft", datetime.date(2026, 2, 1), publish=False)

    soup = soup_of(client.get("/"))

    assert [a.get_text(strip=True) for a in soup.select(".post-card__title a")] == ["Post 5", "Post 4", "Post 3"]
    assert soup.find("a", string="All posts")["href"] == blog.url


def test_only_the_first_latest_post_image_loads_at_once(client):
    blog = make_blog()
    for day in range(1, 4):
        make_post(blog, f"Post {day}", datetime.date(2026, 1, day), hero_image=make_image(), hero_image_alt="A runner")

    images = soup_of(client.get("/")).select(".post-card img")

    assert [img.get("loading", "eager") for img in images] == ["eager", "lazy", "lazy"]


def test_the_call_to_action_falls_back_to_the_contact_details_without_a_target_page(client):
    make_blog()
    home = HomePage.objects.get()
    home.call_to_action_page = None
    home.save()

    button = soup_of(client.get("/")).select_one(".hero a.button")

    assert button["href"] == "#clinic-details"


def test_the_call_to_action_opens_the_page_staff_chose(client):
    blog = make_blog()
    home = HomePage.objects.get()
    home.call_to_action_page = blog
    home.save()

    assert soup_of(client.get("/")).select_one(".hero a.button")["href"] == blog.url


def test_the_page_staff_chose_wins_over_the_enquiry_page(client, clinic_site):
    home = clinic_site["home"]
    assert soup_of(client.get("/")).select_one(".hero a.button")["href"] == "/book-a-discovery-visit/"
    home.call_to_action_page = clinic_site["blog"]
    home.save_revision().publish()

    assert soup_of(client.get("/")).select_one(".hero a.button")["href"] == "/blog/"


def test_every_page_shows_the_clinic_details_in_its_footer(client, clinic_site):
    details = ClinicDetails.objects.get()
    details.phone = "01632 960 999"
    details.opening_hours = "Monday to Friday: 8am–7pm\nSaturday: 9am–1pm"
    details.save()

    for url in ["/", "/blog/", "/blog/knee-pain-and-runners-knee-when-training-for-an-event/", "/no-such-page/"]:
        footer = soup_of(client.get(url)).find("footer", class_="site-footer")
        text = " ".join(footer.get_text(" ", strip=True).split())
        assert "01632 960 999" in text, url
        assert footer.find("a", href="tel:01632960999"), url
        assert "hello@bodyzest.example" in text, url
        assert "Saturday: 9am–1pm" in text, url
        assert "Banstead" in text, url


def test_the_header_links_to_the_blog(client, clinic_site):
    nav = soup_of(client.get("/blog/")).find("nav", attrs={"aria-label": "Main"})
    blog_link = nav.find("a", string="Blog")

    assert blog_link["href"] == "/blog/"
    assert blog_link["aria-current"] == "page"


def test_a_standard_page_renders(client, clinic_site):
    page = clinic_site["home"].add_child(
        instance=StandardPage(title="About us", slug="about-us", introduction="Who we are.", body="<p>Hello.</p>")
    )
    page.save_revision().publish()

    soup = soup_of(client.get(page.url))

    assert soup.find("h1").get_text() == "About us"
    assert "Hello." in soup.find("main").get_text()


def test_a_missing_page_gets_the_branded_not_found_page(client, clinic_site):
    response = client.get("/no-such-page/")
    soup = soup_of(response)

    assert response.status_code == 404
    assert soup.find("h1").get_text() == "Sorry, we cannot find that page"
    assert soup.find("title").get_text() == "Page not found | Body Zest"
    assert soup.find("footer", class_="site-footer") is not None


def test_a_server_error_gets_a_branded_page_without_any_detail(clinic_site):
    response = server_error(RequestFactory().get("/"))
    soup = soup_of(response)

    assert response.status_code == 500
    assert soup.find("h1").get_text() == "Sorry, something went wrong"
    assert soup.html["lang"] == "en-GB"
    assert "Traceback" not in response.content.decode()
