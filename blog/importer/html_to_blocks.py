"""Turn an old post's HTML into the blog's StreamField blocks.

The body becomes the blocks staff use in the editor, never one opaque HTML blob: headings,
rich-text paragraphs and lists, quotes, images. Nothing without an equivalent vanishes silently:
unknown markup, frames, shortcodes, and links or emphasis where a block cannot hold them keep
their words and are reported; only scripts and styles are dropped (and reported), and
``<noscript>`` (Squarespace's repeat of a lazy image) is skipped. Images are never fetched: the
caller's ``find_image`` gives a file's image id, or raises ``ImageNotFound`` (reported).
"""

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, unquote_plus, urlsplit

from django.utils.text import Truncator

from blog.blocks import BlogStreamBlock

SECTION_HEADINGS = {"h1", "h2"}
SUB_HEADINGS = {"h3", "h4", "h5", "h6"}
BOLD = {"b", "strong"}
ITALIC = {"i", "em"}
LISTS = {"ul", "ol"}
# Their content is code or presentation, never words for readers.
DROPPED_WITH_CONTENT = {"script", "style", "template", "head", "title"}
FRAMES = {"iframe", "embed", "object", "video", "audio"}
# Elements whose content starts on a new line, so it becomes its own paragraph.
BLOCK_CONTAINERS = {
    "address", "article", "aside", "caption", "center", "details", "dd", "div", "dl", "dt", "fieldset",
    "footer", "form", "header", "hgroup", "li", "main", "nav", "pre", "section", "summary", "table",
    "tbody", "tfoot", "thead", "tr",
}  # fmt: skip
TABLE_CELLS = {"td", "th"}
# Markup understood here, so it is neither counted nor reported as unknown.
UNDERSTOOD = (
    SECTION_HEADINGS | SUB_HEADINGS | BOLD | ITALIC | LISTS
    | {"p", "li", "a", "br", "blockquote", "figure", "figcaption", "img", "noscript", "picture", "source"}
)  # fmt: skip
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
}  # fmt: skip
# A start tag of one of these ends an open <p>, as browsers do.
CLOSES_PARAGRAPH = (
    BLOCK_CONTAINERS | SECTION_HEADINGS | SUB_HEADINGS | LISTS | {"p", "blockquote", "figure", "figcaption", "hr"}
)

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
# What browsers strip from both ends of an address: control characters and the space.
URL_PADDING = "".join(map(chr, range(0x21)))
URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
QUOTATION_MARKS = "\"'“”‘’„«»"
ATTRIBUTION_DASHES = "-–—―~ "
# An alt text that is only a file name describes nothing (Squarespace's default).
FILE_NAME = re.compile(r"^[\w\-. ]+\.(avif|gif|heic|jpe?g|png|svg|tiff?|webp)$", re.IGNORECASE)

CAPTION_SHORTCODE = re.compile(r"\[caption\b[^\]]*\](.*?)\[/caption\]", re.IGNORECASE | re.DOTALL)
SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)([^\[\]]*)\]")
# WordPress's own shortcodes, recognised even bare ("[gallery]"); other bare
# bracketed words ("[sic]") are the author's and stay, unless their name is
# joined by a hyphen or underscore as plugins' are ("[contact-form]").
WORDPRESS_SHORTCODES = {"audio", "caption", "embed", "gallery", "playlist", "video"}
# The plain-text blocks, as named in the report.
PLAIN_TEXT_PLACES = {
    "heading": "a heading", "quote": "a quote", "attribution": "an attribution", "caption": "a caption",
}  # fmt: skip


def _max_length(block_name, child_name):
    return BlogStreamBlock.base_blocks[block_name].child_blocks[child_name].field.max_length


HEADING_MAX_LENGTH = _max_length("heading", "text")
CAPTION_MAX_LENGTH = _max_length("image", "caption")
ATTRIBUTION_MAX_LENGTH = _max_length("quote", "attribution")


class ImageNotFound(Exception):
    """The image's file is not available; the message says why, for the report."""


@dataclass
class Body:
    """A converted post body: raw StreamField data and what staff should check."""

    blocks: list
    warnings: list = field(default_factory=list)

    def take_introduction(self, max_length):
        """An introduction made from the body's opening paragraph, for a post without an excerpt.

        The paragraph leaves the body when it fits whole, so it is not read
        twice; a longer one stays and the introduction is its shortened start.
        Returns "" when the body does not open with a paragraph.
        """
        if not self.blocks or self.blocks[0]["type"] != "paragraph":
            return ""
        first = re.match(r"<p>(.*?)</p>", self.blocks[0]["value"])
        if not first:
            return ""
        text = html.unescape(re.sub(r"<[^>]+>", "", first.group(1).replace("<br/>", " ")))
        if len(text) > max_length:
            return Truncator(text).chars(max_length)
        rest = self.blocks[0]["value"][first.end() :]
        if rest:
            self.blocks[0]["value"] = rest
        else:
            del self.blocks[0]
        return text


def convert_body(source_html, find_image):
    """Convert a post's HTML into a ``Body`` of raw StreamField blocks and warnings."""
    return _Converter(find_image).convert(source_html)


def safe_href(href):
    """The link's address if a reader may safely follow it, else None.

    Only web, e-mail and telephone links and relative addresses pass; the
    characters browsers ignore are removed first, so ``java\\tscript:`` or a
    leading control character cannot sneak a script through.
    """
    href = re.sub(r"[\t\n\r]", "", href or "").strip(URL_PADDING)
    if not href:
        return None
    scheme = URL_SCHEME.match(href)
    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
        return None
    return href


class _Element:
    def __init__(self, tag, attrs):
        self.tag = tag
        self.attrs = dict(attrs)
        self.children = []
        self.link = None  # for an image inside a link: the link's href

    def has_words(self):
        return any(child.strip() if isinstance(child, str) else child.has_words() for child in self.children)

    def find_all(self, tag, skip=()):
        for child in self.children:
            if isinstance(child, _Element) and child.tag not in skip:
                if child.tag == tag:
                    yield child
                yield from child.find_all(tag, skip)


class _TreeBuilder(HTMLParser):
    """A forgiving HTML tree, closing paragraphs and list items the way browsers do."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element("body", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag in CLOSES_PARAGRAPH and self.stack[-1].tag == "p":
            self.stack.pop()
        if tag == "li":
            self._close_open_list_item()
        element = _Element(tag, attrs)
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def _close_open_list_item(self):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag in LISTS:
                return
            if self.stack[depth].tag == "li":
                del self.stack[depth:]
                return

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


class _InlineWriter:
    """Rich text for one paragraph or list item: whitespace collapsed as a browser would."""

    def __init__(self):
        self.parts = []
        self.has_text = False
        self.pending_space = False

    def text(self, data):
        words = data.split()
        if not words:
            self.pending_space = self.pending_space or bool(data)
            return
        if data[0].isspace():
            self.pending_space = True
        self._write_pending_space()
        self.parts.append(html.escape(" ".join(words), quote=False))
        self.has_text = True
        self.pending_space = data[-1].isspace()

    def separate(self):
        self.pending_space = True

    def open(self, tag, href=None):
        self._write_pending_space()
        self.parts.append(f'<a href="{html.escape(href)}">' if href else f"<{tag}>")

    def close(self, tag):
        self.parts.append(f"</{tag}>")

    def line_break(self):
        if self.has_text:
            self.parts.append("<br/>")
            self.pending_space = False

    def _write_pending_space(self):
        if self.pending_space and self.has_text and self.parts[-1] != "<br/>":
            self.parts.append(" ")
        self.pending_space = False

    def html(self):
        text = "".join(self.parts)
        empty_element = re.compile(r"<(b|i|a)\b[^>]*></\1>")
        while empty_element.search(text):
            text = empty_element.sub("", text)
        return re.sub(r"^(<br/>)+|(<br/>)+$", "", text)


class _Converter:
    def __init__(self, find_image):
        self.find_image = find_image
        self.blocks = []
        self.rich_text = []  # finished <p>, <ul> and <ol> waiting to become one paragraph block
        self.line = _InlineWriter()  # loose words not yet inside a <p>
        self.pending_images = []  # images met inside text, placed after it
        self.warnings = []
        self.kept = Counter()
        self.dropped = Counter()
        self.paired_shortcodes = set()

    def convert(self, source_html):
        source_html = CAPTION_SHORTCODE.sub(self._caption_as_figure, source_html or "")
        self.paired_shortcodes = {name.lower() for name in re.findall(r"\[/([a-zA-Z][\w-]*)\]", source_html)}
        builder = _TreeBuilder()
        builder.feed(source_html)
        builder.close()
        for link in builder.root.find_all("a"):
            for img in link.find_all("img"):
                img.link = link.attrs.get("href")
        self._blocks(builder.root)
        self._flush()
        if self.kept:
            self._warn(f"Markup kept as plain text: {_tally(self.kept)}.")
        if self.dropped:
            self._warn(f"Dropped: {_tally(self.dropped)}.")
        return Body(blocks=self.blocks, warnings=self.warnings)

    def _warn(self, message):
        if message not in self.warnings:
            self.warnings.append(message)

    def _caption_as_figure(self, match):
        self._warn("Shortcode [caption] turned into an image with a caption.")
        return f"<figure>{match.group(1)}</figure>"

    def _without_shortcodes(self, text):
        def replace(match):
            closing, name, attributes = match.groups()
            name = name.lower()
            is_shortcode = (
                closing
                or "=" in attributes
                or name in self.paired_shortcodes
                or name in WORDPRESS_SHORTCODES
                or (("-" in name or "_" in name) and not attributes.strip())
            )
            if not is_shortcode:
                return match.group(0)
            if not closing:
                self._warn(f"Shortcode {match.group(0)} removed; any words inside it were kept.")
            return ""

        return SHORTCODE.sub(replace, text)

    def _note(self, tag):
        if tag not in UNDERSTOOD:
            self.kept[tag] += 1

    # Block level: each element becomes a block, or text for the current rich-text block.

    def _blocks(self, element):
        for child in element.children:
            if isinstance(child, str):
                self.line.text(self._without_shortcodes(child))
                continue
            tag = child.tag
            if tag in SECTION_HEADINGS | SUB_HEADINGS:
                self._heading(child)
            elif tag == "p":
                self._end_line()
                self._inline(child, self.line)
                self._end_line()
            elif tag in LISTS:
                self._end_line()
                self.rich_text.append(self._list(child))
                self._place_pending_images()
            elif tag == "blockquote":
                self._quote(child)
            elif tag == "figure":
                self._figure(child)
            elif tag == "img":
                self._image(child)
            elif tag in FRAMES:
                self._end_line()
                self._frame(child, self.line)
                self._end_line()
            elif tag == "hr":
                self._end_line()
                self.dropped[tag] += 1
            elif tag in BLOCK_CONTAINERS:
                self._note(tag)
                self._end_line()
                self._blocks(child)
                self._end_line()
            else:
                self._inline_element(child, self.line)

    def _end_line(self):
        """Close the loose words into a paragraph, then place any images met inside them."""
        text = self.line.html()
        if text:
            self.rich_text.append(f"<p>{text}</p>")
        self.line = _InlineWriter()
        self._place_pending_images()

    def _flush(self):
        self._end_line()
        if self.rich_text:
            self.blocks.append({"type": "paragraph", "value": "".join(self.rich_text)})
            self.rich_text = []

    def _place_pending_images(self):
        images, self.pending_images = self.pending_images, []
        for image in images:
            self._image(image)

    def _heading(self, element):
        text = " ".join(self._plain_lines(element, "heading"))
        self._flush()
        if len(text) > HEADING_MAX_LENGTH:
            self._warn(f"A heading longer than {HEADING_MAX_LENGTH} characters was kept as a bold paragraph.")
            self.rich_text.append(f"<p><b>{html.escape(text, quote=False)}</b></p>")
        elif text:
            level = "h2" if element.tag in SECTION_HEADINGS else "h3"
            self.blocks.append({"type": "heading", "value": {"text": text, "level": level}})
        self._place_pending_images()

    def _quote(self, blockquote, attribution_element=None):
        attribution = ""
        if attribution_element is None:
            attribution_element = next(blockquote.find_all("cite"), None) or next(blockquote.find_all("footer"), None)
        if attribution_element is not None:
            attribution = " ".join(self._plain_lines(attribution_element, "attribution")).lstrip(ATTRIBUTION_DASHES)
        quoted = self._plain_lines(blockquote, "quote", skip={"cite", "footer"})
        lines = [line.strip(QUOTATION_MARKS) for line in quoted]
        if len(attribution) > ATTRIBUTION_MAX_LENGTH:
            lines.append(f"— {attribution}")
            attribution = ""
        self._flush()
        if any(lines):
            self.blocks.append({"type": "quote", "value": {"quote": "\n".join(lines), "attribution": attribution}})
        self._place_pending_images()

    def _figure(self, figure):
        figcaption = next(figure.find_all("figcaption"), None)
        blockquote = next(figure.find_all("blockquote"), None)
        if blockquote is not None:
            self._quote(blockquote, attribution_element=figcaption)
            return
        images = list(figure.find_all("img", skip={"noscript"}))
        if not images:
            self._note(figure.tag)
            self._end_line()
            self._blocks(figure)
            self._end_line()
            return
        caption_source = figcaption if figcaption is not None else figure
        caption = " ".join(self._plain_lines(caption_source, "caption", skip={"img", "figcaption"}, keep_images=False))
        for image in images[:-1]:
            self._image(image)
        if len(caption) > CAPTION_MAX_LENGTH:
            self._image(images[-1])
            self.rich_text.append(f"<p>{html.escape(caption, quote=False)}</p>")
        else:
            self._image(images[-1], caption)

    def _image(self, img, caption=""):
        source = img.attrs.get("src") or img.attrs.get("data-src") or img.attrs.get("data-image") or ""
        file_name = urlsplit(source.strip()).path.rsplit("/", 1)[-1]
        if not file_name:
            self._warn("An image without a file name was left out.")
            return
        shown_name = unquote(file_name)
        if img.link is not None:
            self._lost_link(
                img.link,
                lambda href: (
                    f"Image “{shown_name}” linked to {href}: an image block cannot hold a link, "
                    "so the link was left out; add it in the editor if it matters."
                ),
            )
        image_id, reason = None, ""
        for candidate in dict.fromkeys([unquote(file_name), unquote_plus(file_name)]):
            try:
                image_id = self.find_image(candidate)
                break
            except ImageNotFound as not_found:
                reason = str(not_found)
        if image_id is None:
            self._warn(f"Image “{shown_name}” left out: {reason}.")
            return
        alt = img.attrs.get("alt")
        alt = " ".join(alt.split()) if alt is not None else None
        if alt is None or FILE_NAME.match(alt):
            self._warn(f"Image “{shown_name}” has no description: it was marked decorative; describe it.")
            alt = ""
        self._flush()
        self.blocks.append(
            {
                "type": "image",
                "value": {"image": {"image": image_id, "decorative": not alt, "alt_text": alt}, "caption": caption},
            }
        )

    def _frame(self, element, writer):
        source = element.attrs.get("src") or element.attrs.get("data") or ""
        href = safe_href(source)
        if href and URL_SCHEME.match(href):
            self.kept[element.tag] += 1
            writer.text("Embedded content: ")
            writer.open("a", href=href)
            writer.text(href)
            writer.close("a")
        else:
            self.dropped[element.tag] += 1

    # Inline level: rich text inside a paragraph or list item.

    def _inline(self, element, writer):
        for child in element.children:
            if isinstance(child, str):
                writer.text(self._without_shortcodes(child))
            else:
                self._inline_element(child, writer)

    def _inline_element(self, element, writer):
        tag = element.tag
        if tag in BOLD | ITALIC:
            wagtail_tag = "b" if tag in BOLD else "i"
            writer.open(wagtail_tag)
            self._inline(element, writer)
            writer.close(wagtail_tag)
        elif tag == "a":
            self._link(element, writer)
        elif tag == "br":
            writer.line_break()
        elif tag == "img":
            self.pending_images.append(element)
        elif tag in DROPPED_WITH_CONTENT | {"hr"}:
            self.dropped[tag] += 1
        elif tag == "noscript":
            pass
        elif tag in FRAMES:
            self._frame(element, writer)
        elif tag == "p" or tag in BLOCK_CONTAINERS:
            # A paragraph inside a list item or a link: a new line, not a new block.
            self._note(tag)
            writer.line_break()
            self._inline(element, writer)
        else:
            self._note(tag)
            if tag in TABLE_CELLS:
                writer.separate()
            self._inline(element, writer)
            if tag in TABLE_CELLS:
                writer.separate()

    def _link(self, element, writer):
        raw_href = element.attrs.get("href")
        href = safe_href(raw_href)
        if href:
            writer.open("a", href=href)
            self._inline(element, writer)
            writer.close("a")
            return
        self._unsafe_link(raw_href)
        self._inline(element, writer)

    def _unsafe_link(self, raw_href):
        if raw_href and raw_href.strip():
            self._warn(f"An unsafe link ({raw_href.strip()[:60]}) was removed; its words were kept.")

    def _lost_link(self, raw_href, describe):
        """Report a link that has nowhere to go: ``describe(href)`` says where it was; an unsafe one as unsafe."""
        href = safe_href(raw_href)
        if href:
            self._warn(describe(href))
        else:
            self._unsafe_link(raw_href)

    def _list(self, element):
        items = []
        for child in element.children:
            if isinstance(child, str):
                if child.strip():
                    items.append(html.escape(" ".join(child.split()), quote=False))
                continue
            writer = _InlineWriter()
            nested = []
            if child.tag == "li":
                for part in child.children:
                    if isinstance(part, _Element) and part.tag in LISTS:
                        nested.append(self._list(part))
                    elif isinstance(part, str):
                        writer.text(self._without_shortcodes(part))
                    else:
                        self._inline_element(part, writer)
            else:
                self._inline_element(child, writer)
            item = writer.html() + "".join(nested)
            if item:
                items.append(item)
        if not items:
            return ""
        return f"<{element.tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{element.tag}>"

    def _plain_lines(self, element, place, skip=(), keep_images=True):
        """The element's words, one string per line (paragraph or line break), shortcodes removed.

        ``place`` names the plain-text block they are for (see ``PLAIN_TEXT_PLACES``):
        links and emphasis inside it cannot be kept, so they are reported. Bold
        in a heading is not, as a heading is bold already.
        """
        a_place = PLAIN_TEXT_PLACES[place]
        lines = [[]]

        def walk(node):
            for child in node.children:
                if isinstance(child, str):
                    lines[-1].append(self._without_shortcodes(child))
                    continue
                tag = child.tag
                if tag in skip or tag == "noscript":
                    continue
                if tag in DROPPED_WITH_CONTENT:
                    self.dropped[tag] += 1
                elif tag == "img":
                    if keep_images:
                        self.pending_images.append(child)
                elif tag == "br":
                    lines.append([])
                else:
                    if tag == "a" and child.has_words():
                        self._lost_link(
                            child.attrs.get("href"),
                            lambda href: (
                                f"A link to {href} in {a_place} was removed ({a_place} cannot hold links); "
                                "its words were kept: add the link in the editor."
                            ),
                        )
                    elif tag in ITALIC or (tag in BOLD and place != "heading"):
                        if child.has_words():
                            self._warn(
                                f"Bold or italic text in {a_place} was kept as plain text ({a_place} cannot hold it)."
                            )
                    self._note(tag)
                    starts_line = tag in CLOSES_PARAGRAPH
                    if starts_line:
                        lines.append([])
                    walk(child)
                    if starts_line:
                        lines.append([])

        walk(element)
        texts = (" ".join("".join(parts).split()) for parts in lines)
        return [text for text in texts if text]


def _tally(counter):
    return ", ".join(f"<{tag}> ×{count}" for tag, count in sorted(counter.items()))
