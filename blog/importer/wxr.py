"""Read a WordPress eXtended RSS (WXR) export, the format Squarespace and WordPress write.

The file comes from outside, so it is parsed with defusedxml and refused
outright if it declares a document type: an export never needs one, and a DTD
is how entity expansion ("billion laughs") and external entities attack a
parser. Anything that is not a complete WXR document raises ``WxrError`` with
a message staff can act on.
"""

import datetime
import email.utils
import html
import re
from dataclasses import dataclass, field
from html.entities import html5 as HTML5_ENTITIES
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils import timezone
from django.utils.html import strip_tags

# WordPress writes http://; some exporters write https:// (the same format).
WP_NAMESPACE = re.compile(r"^\{(https?://wordpress\.org/export/\d+\.\d+/)\}")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}
NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
BARE_AMPERSAND = re.compile(rb"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
# WordPress writes this for a post that was never given a date.
NO_DATE = "0000-00-00"


class WxrError(Exception):
    """The export cannot be read; the message says why, in words staff can act on."""


@dataclass
class WxrItem:
    """One <item> of the export: a post, a page or an attachment."""

    post_id: str
    guid: str
    title: str
    old_path: str  # the item's address on the old site, "" if it had none
    slug: str
    post_type: str
    status: str
    published_at: datetime.datetime | None
    creator: str
    excerpt_html: str
    content_html: str
    categories: list = field(default_factory=list)  # (slug, name) pairs
    tags: list = field(default_factory=list)

    @property
    def display_title(self):
        return self.title or "Untitled post"

    @property
    def identity(self):
        """What recognises this item on a later import: its GUID, else its export ID."""
        if self.guid:
            return self.guid
        return f"post_id:{self.post_id}" if self.post_id else ""

    @property
    def was_public(self):
        return self.status == "publish"


@dataclass
class WxrExport:
    authors: dict  # login -> display name
    items: list


def read_wxr(data):
    """Parse the bytes of an export into a ``WxrExport``, or raise ``WxrError``."""
    try:
        root = fromstring(_repair_entities(data), forbid_dtd=True)
    except DefusedXmlException:
        raise WxrError(
            "The file declares a document type or entities, which a WordPress or Squarespace export "
            "never does; it was not read, for safety."
        ) from None
    except ParseError as error:
        raise WxrError(
            f"The file is not valid XML ({error}). It may be cut short or not be an export at all: "
            "download the export again."
        ) from None
    channel = root.find("channel")
    wp = _wordpress_namespace(root)
    if root.tag != "rss" or channel is None or wp is None:
        raise WxrError(
            "The file is XML but not a WordPress or Squarespace export (WXR): "
            "it should be an <rss> feed with <wp:…> elements."
        )
    authors = {
        _text(author, f"{wp}author_login"): _text(author, f"{wp}author_display_name")
        for author in channel.findall(f"{wp}author")
    }
    return WxrExport(authors=authors, items=[_item(element, wp) for element in channel.findall("item")])


def _repair_entities(data):
    """Make the HTML entities and bare ampersands that some exports contain well-formed.

    ``&mdash;`` is not an XML entity and a lone ``&`` is not XML at all; both
    become character references. Inside CDATA the text is HTML, where those
    references mean the same thing. Unknown entity names are left alone, so
    the parser still rejects them.
    """

    def named(match):
        name = match.group(1)
        if name in XML_ENTITIES:
            return match.group(0)
        characters = HTML5_ENTITIES.get(name.decode("ascii") + ";")
        if characters is None:
            return match.group(0)
        return "".join(f"&#{ord(character)};" for character in characters).encode("ascii")

    return BARE_AMPERSAND.sub(b"&amp;", NAMED_ENTITY.sub(named, data))


def _wordpress_namespace(root):
    for element in root.iter():
        match = WP_NAMESPACE.match(element.tag) if isinstance(element.tag, str) else None
        if match:
            return "{" + match.group(1) + "}"
    return None


def _text(element, tag):
    """An element's text with HTML entities decoded and white space collapsed."""
    return " ".join(html.unescape(element.findtext(tag) or "").split())


def _item(element, wp):
    excerpt_namespace = "{" + wp.strip("{}") + "excerpt/}"
    categories, tags = [], []
    for category in element.findall("category"):
        name = " ".join(html.unescape(category.text or "").split())
        if not name:
            continue
        if category.get("domain") == "category":
            categories.append((category.get("nicename", ""), name))
        elif category.get("domain") == "post_tag":
            tags.append(name)
    return WxrItem(
        post_id=_text(element, f"{wp}post_id"),
        guid=_text(element, "guid"),
        title=_text(element, "title"),
        old_path=_old_path(_text(element, "link")),
        slug=_text(element, f"{wp}post_name").removesuffix(".html").rstrip("/").rsplit("/", 1)[-1],
        post_type=_text(element, f"{wp}post_type") or "post",
        status=_text(element, f"{wp}status") or "publish",
        published_at=_published_at(element, wp),
        creator=_text(element, f"{DC}creator"),
        excerpt_html=element.findtext(f"{excerpt_namespace}encoded") or "",
        content_html=element.findtext(f"{CONTENT}encoded") or "",
        categories=categories,
        tags=tags,
    )


def _old_path(link):
    """The path of the item's old address; "" for none (Squarespace gives drafts ``/null``)."""
    path = urlsplit(link).path
    if path.strip("/") == "" or path.rstrip("/").endswith("/null"):
        return ""
    return path


def _published_at(element, wp):
    """When the item was published, as an aware datetime, or None if the export does not say.

    ``wp:post_date_gmt`` is UTC; ``pubDate`` carries its own offset;
    ``wp:post_date`` is the old site's local time, taken to be this site's.
    """
    gmt = _text(element, f"{wp}post_date_gmt")
    if gmt and not gmt.startswith(NO_DATE):
        try:
            return datetime.datetime.strptime(gmt, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.UTC)
        except ValueError:
            pass
    pub_date = _text(element, "pubDate")
    if pub_date:
        try:
            moment = email.utils.parsedate_to_datetime(pub_date)
        except (TypeError, ValueError):
            moment = None
        if moment is not None:
            return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)
    local = _text(element, f"{wp}post_date")
    if local and not local.startswith(NO_DATE):
        try:
            return timezone.make_aware(datetime.datetime.strptime(local, "%Y-%m-%d %H:%M:%S"))
        except ValueError:
            pass
    return None


def plain_text(source_html):
    """An HTML fragment's words, for fields that hold plain text such as the introduction."""
    return " ".join(html.unescape(strip_tags(source_html)).split())
