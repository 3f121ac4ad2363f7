"""Site search: what a reader typed, made safe for any database's full-text search.

The query reaches Wagtail's search only as words (letters and digits in any
alphabet, with inner apostrophes) in lower case. Quotes, ``*``, ``:``, ``&``,
``%``, NUL bytes and the like never do, so neither SQLite's FTS5 (where ``"``
is a syntax error and upper-case AND/OR/NOT/NEAR are operators) nor
PostgreSQL (which refuses NUL) can be upset by what a visitor types.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site

from .seo import summarise

WORD = re.compile(r"\w+(?:['’]\w+)*")
EXCERPT_LENGTH = 240


def clean_query(raw):
    """(the query as shown back to the reader, whether it was cut to SEARCH_QUERY_MAX_LENGTH)."""
    text = unicodedata.normalize("NFKC", raw)
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    limit = settings.SEARCH_QUERY_MAX_LENGTH
    return text[:limit].strip(), len(text) > limit


def search_terms(query):
    return [word.lower() for word in WORD.findall(query)]


def search_pages(request, terms):
    """The live, public pages of this site that contain every term, best match first."""
    pages = Page.objects.live().public()
    site = Site.find_for_request(request)
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages.specific().search(" ".join(terms), operator="and")


def highlight(text, terms):
    """``text`` as HTML with each occurrence of a term in ``<mark>``.

    The text between and inside the marks is escaped piece by piece, so
    nothing in it (``<b>``, ``&amp;``) becomes markup, and a term such as
    "amp" can never land inside an entity.
    """
    words = sorted({term for term in terms if len(term) > 1}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    pieces, start = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[start : match.start()]), format_html("<mark>{}</mark>", match.group())]
        start = match.end()
    pieces.append(escape(text[start:]))
    return mark_safe("".join(pieces))


@dataclass
class SearchResult:
    url: str
    title: SafeString
    excerpt: SafeString
    date: object = None  # a blog post's publication date

    @classmethod
    def of(cls, page, request, terms):
        return cls(
            url=page.get_url(request),
            title=highlight(page.title, terms),
            excerpt=highlight(summarise(excerpt_of(page), EXCERPT_LENGTH), terms),
            date=getattr(page, "date", None),
        )


def excerpt_of(page):
    """What a page says about itself: its description, else its introduction."""
    if hasattr(page, "get_meta_description"):
        return page.get_meta_description({})
    return page.search_description or strip_tags(str(getattr(page, "introduction", "")))
