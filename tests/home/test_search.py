"""Site search at /search/: live public pages, highlighted, paginated, never indexed, never broken by a query."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

from home.models import StandardPage
from home.search import highlight
from tests.factories import make_blog, make_post

pytestmark = pytest.mark.django_db

POST_TITLE = "Knee pain and runner's knee when training for an event"


def search(client, query=None, **params):
    if query is not None:
        params["q"] = query
    response = client.get("/search/", params)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def result_titles(soup):
    return [a.get_text() for a in soup.select(".search-result__title a")]


def test_search_uses_the_databases_own_full_text_search():
    expected = {"sqlite": "SQLiteSearchBackend", "postgresql": "PostgresSearchBackend"}[connection.vendor]

    assert type(get_search_backend()).__name__ == expected


def test_search_finds_pages_by_the_words_in_them_with_title_date_and_excerpt(client, clinic_site):
    soup = search(client, "knee")

    [result] = soup.select(".search-result")
    link = result.select_one(".search-result__title a")
    assert link.get_text() == POST_TITLE
    assert link["href"] == "/blog/knee-pain-and-runners-knee-when-training-for-an-event/"
    assert result.find("time")["datetime"] == "2026-02-16"
    assert result.find("time").get_text() == "16 February 2026"
    excerpt = result.select_one(".search-result__excerpt").get_text()
    assert excerpt.startswith("Knee pain during race training is common")
    assert "1 result for “knee”" in soup.select_one(".search-summary").get_text()


def test_the_words_searched_for_are_highlighted(client, clinic_site):
    soup = search(client, "KNEE training")

    result = soup.select_one(".search-result")
    marked = [mark.get_text() for mark in result.select(".search-result__title mark")]
    assert marked == ["Knee", "knee", "training"]
    assert "Knee" in [mark.get_text() for mark in result.select(".search-result__excerpt mark")]


def test_highlighting_never_lets_page_text_become_html(client):
    blog = make_blog()
    make_post(
        blog,
        "Knees <b>&amp;</b> hips <script>x()</script>",
        slug="knees",
        introduction="Knee & hip <i>care</i>.",
        body=[],
    )

    soup = search(client, "knees hips")
    result = soup.select_one(".search-result")

    assert result.select_one(".search-result__title a").get_text() == "Knees <b>&amp;</b> hips <script>x()</script>"
    assert result.find("b") is None and result.find("i") is None and result.find("script") is None
    assert [mark.get_text() for mark in result.select("mark")] == ["Knees", "hips"]


def test_a_highlighted_word_never_lands_inside_an_escaped_character():
    assert highlight("Knees <b>&amp;</b>", ["amp", "lt"]) == "Knees &lt;b&gt;&amp;<mark>amp</mark>;&lt;/b&gt;"
    assert highlight("A & B", ["a", "b"]) == "A &amp; B"  # one-letter words are not marked


def test_drafts_and_private_pages_are_not_found(client, clinic_site):
    blog = clinic_site["blog"]
    make_post(blog, "Knee draft", publish=False)
    private = make_post(blog, "Knee private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret")

    assert result_titles(search(client, "knee")) == [POST_TITLE]


def test_any_kind_of_page_can_be_found(client, clinic_site):
    page = clinic_site["home"].add_child(
        instance=StandardPage(
            title="Our treatment rooms",
            slug="rooms",
            introduction="Three quiet rooms.",
            body="<p>Hydrotherapy pool.</p>",
        )
    )
    page.save_revision().publish()

    soup = search(client, "hydrotherapy")

    assert result_titles(soup) == ["Our treatment rooms"]
    assert soup.select_one(".search-result__excerpt").get_text() == "Three quiet rooms."
    assert soup.select_one(".search-result time") is None


def test_results_come_ten_to_a_page_and_the_next_page_keeps_the_search(client):
    blog = make_blog()
    for day in range(1, 13):
        make_post(blog, f"Stretch {day}", datetime.date(2026, 1, day), introduction="Hamstring stretching.")

    first = search(client, "hamstring stretching")
    next_link = first.select_one(".pagination a[rel=next]")
    second = search(client, **{key: values[0] for key, values in parse_qs(urlsplit(next_link["href"]).query).items()})

    assert len(result_titles(first)) == 10 and len(result_titles(second)) == 2
    assert set(result_titles(first)) | set(result_titles(second)) == {f"Stretch {day}" for day in range(1, 13)}
    assert parse_qs(urlsplit(next_link["href"]).query) == {"q": ["hamstring stretching"], "page": ["2"]}
    assert second.select_one(".search-results")["start"] == "11"
    assert "12 results" in first.select_one(".search-summary").get_text()
    assert search(client, "hamstring", page="abc").select(".search-result")
    assert client.get("/search/", {"q": "hamstring", "page": "9"}).status_code == 404


def test_search_results_are_never_indexed_or_cached(client, clinic_site):
    response = client.get("/search/", {"q": "knee"})
    head = BeautifulSoup(response.content, "html.parser").head

    assert head.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert head.title.get_text() == "Search results for “knee” | Body Zest"
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_an_empty_search_shows_the_form_and_no_results(client, clinic_site):
    for params in [{}, {"q": ""}, {"q": "   "}, {"q": "?!"}]:
        soup = search(client, **params)

        assert soup.select(".search-result") == [], params
        assert soup.select_one(".search-summary") is None, params
        form = soup.select_one("main form[role=search]")
        assert form["action"] == "/search/" and form["method"] == "get"
        assert soup.find("label", attrs={"for": form.find("input", attrs={"name": "q"})["id"]})
        assert soup.title.get_text() == "Search | Body Zest"


def test_a_very_long_search_is_cut_to_200_characters_and_the_reader_told(client, clinic_site):
    soup = search(client, "knee " * 100)

    box = soup.select_one("main form[role=search] input[name=q]")
    assert len(box["value"]) <= 200 and box["value"].startswith("knee knee")
    assert "200 characters" in soup.select_one(".search-note").get_text()
    assert result_titles(soup) == [POST_TITLE]


def test_a_search_that_matches_nothing_says_so(client, clinic_site):
    soup = search(client, "zebra")

    assert soup.select(".search-result") == []
    assert "No pages match “zebra”" in soup.find("main").get_text()


@pytest.mark.parametrize(
    "query",
    [
        '"knee',
        "knee\"pain'",
        "knee*",
        "100%",
        "%",
        "_",
        "a & b",
        "&",
        "\\",
        "'; DROP TABLE wagtailcore_page; --",
        "1' OR '1'='1",
        "NOT",
        "knee OR",
        "AND knee",
        "NEAR(knee pain)",
        "knee:*",
        "!knee | pain",
        "(knee",
        "café",
        "日本語",
        "🦵 knee",
        "\x00knee",
        "knee\u2028pain",
        "<script>alert(1)</script>",
        "ｋｎｅｅ",
    ],
)
def test_odd_searches_never_fail(client, clinic_site, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_search_in_another_alphabet_or_with_accents_finds_its_page(client):
    blog = make_blog()
    make_post(blog, "Café stretches", introduction="Stretches at the café.")
    make_post(blog, "ひざの痛み", slug="hiza", introduction="ひざ 痛み")

    assert result_titles(search(client, "café")) == ["Café stretches"]
    assert result_titles(search(client, "ひざ")) == ["ひざの痛み"]


def test_every_page_has_a_labelled_search_form_in_its_header(client, clinic_site):
    for url in ["/", "/blog/", "/search/?q=knee"]:
        header = BeautifulSoup(client.get(url).content, "html.parser").find("header", class_="site-header")
        form = header.find("form", attrs={"role": "search"})
        box = form.find("input", attrs={"name": "q"})

        assert form["action"] == "/search/" and form["method"] == "get", url
        assert header.find("label", attrs={"for": box["id"]}).get_text(strip=True), url
        assert form.find("button", attrs={"type": "submit"}), url
