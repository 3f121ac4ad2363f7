"""Turning an old post's HTML into the blog's StreamField blocks, without a database."""

import re

import pytest
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from blog.blocks import PARAGRAPH_FEATURES, BlogStreamBlock
from blog.importer.html_to_blocks import ImageNotFound, convert_body
from tests.factories import make_image

IMAGES = {"knee-stretch.jpg": 7, "desk setup.png": 8}


def find_image(filename):
    try:
        return IMAGES[filename]
    except KeyError:
        raise ImageNotFound("it is not in the images folder") from None


def convert(html):
    return convert_body(html, find_image)


def types(blocks):
    return [block["type"] for block in blocks]


def paragraph(rich_text):
    return {"type": "paragraph", "value": rich_text}


def heading(text, level):
    return {"type": "heading", "value": {"text": text, "level": level}}


def image_block(image_id, alt_text, caption=""):
    value = {"image": image_id, "decorative": not alt_text, "alt_text": alt_text}
    return {"type": "image", "value": {"image": value, "caption": caption}}


def test_h1_and_h2_become_section_headings_and_h3_to_h6_sub_headings():
    body = convert("<h1>One</h1><h2>Two</h2><h3>Three</h3><h4>Four</h4><h5>Five</h5><h6>Six</h6>")

    assert body.blocks == [
        heading("One", "h2"),
        heading("Two", "h2"),
        heading("Three", "h3"),
        heading("Four", "h3"),
        heading("Five", "h3"),
        heading("Six", "h3"),
    ]
    assert body.warnings == []


def test_paragraphs_and_lists_between_headings_form_one_rich_text_block_in_wagtails_format():
    body = convert(
        "<p>Run <strong>slowly</strong> and <em>often</em>, <b>really</b> <i>often</i>.</p>"
        "<ul><li>Hills</li><li>Flats</li></ul><ol><li>First</li></ol><h2>Next</h2><p>More</p>"
    )

    assert body.blocks == [
        paragraph(
            "<p>Run <b>slowly</b> and <i>often</i>, <b>really</b> <i>often</i>.</p>"
            "<ul><li>Hills</li><li>Flats</li></ul><ol><li>First</li></ol>"
        ),
        heading("Next", "h2"),
        paragraph("<p>More</p>"),
    ]


def test_nested_lists_stay_nested():
    body = convert("<ul><li>Swelling<ul><li>around the kneecap</li><li>behind it</li></ul></li><li>Pain</li></ul>")

    assert body.blocks[0]["value"] == (
        "<ul><li>Swelling<ul><li>around the kneecap</li><li>behind it</li></ul></li><li>Pain</li></ul>"
    )


@pytest.mark.parametrize(
    "href",
    [
        "https://example.com/a?b=1&c=2",
        "http://example.com",
        "mailto:hello@example.com",
        "tel:+441632960123",
        "/blog/other-post",
        "#section",
        "other-post",
    ],
)
def test_safe_links_are_kept_with_only_their_address(href):
    body = convert(f'<p><a href="{href}" target="_blank" onclick="steal()" class="x">the link</a></p>')

    escaped = href.replace("&", "&amp;")
    assert body.blocks == [paragraph(f'<p><a href="{escaped}">the link</a></p>')]
    assert body.warnings == []


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,hi",
        "vbscript:x",
    ],
)
def test_unsafe_links_lose_their_address_but_keep_their_words_and_are_reported(href):
    body = convert(f'<p>Please <a href="{href}">click here</a>.</p>')

    assert body.blocks == [paragraph("<p>Please click here.</p>")]
    assert len(body.warnings) == 1
    assert "unsafe link" in body.warnings[0]


def test_a_blockquote_becomes_a_quote_with_its_attribution():
    body = convert("<blockquote><p>“I ran pain-free.”</p><p>Six weeks on.</p><cite>— Jo, a patient</cite></blockquote>")

    assert body.blocks == [
        {"type": "quote", "value": {"quote": "I ran pain-free.\nSix weeks on.", "attribution": "Jo, a patient"}}
    ]


def test_squarespaces_quote_block_takes_its_attribution_from_the_figure_caption():
    body = convert(
        '<figure class="block--quote"><blockquote><span>“</span>Best advice I had<span>”</span></blockquote>'
        '<figcaption class="source">— Sam</figcaption></figure>'
    )

    assert body.blocks == [{"type": "quote", "value": {"quote": "Best advice I had", "attribution": "Sam"}}]


def test_an_image_found_in_the_folder_becomes_an_image_block_with_its_alt_text_and_caption():
    body = convert(
        '<figure><img src="https://images.squarespace-cdn.com/content/v1/5f/AB/knee-stretch.jpg?format=1000w" '
        'alt="A runner stretching"><figcaption>Hold for thirty seconds.</figcaption></figure>'
    )

    assert body.blocks == [image_block(7, "A runner stretching", "Hold for thirty seconds.")]
    assert body.warnings == []


def test_squarespaces_lazy_loading_markup_gives_one_image_not_two():
    body = convert(
        '<noscript><img src="https://cdn.example/knee-stretch.jpg" /></noscript>'
        '<img class="thumb-image" data-src="https://cdn.example/knee-stretch.jpg" alt="A runner">'
    )

    assert types(body.blocks) == ["image"]
    assert body.blocks[0]["value"]["image"]["image"] == 7


def test_a_file_name_with_an_encoded_space_is_found():
    assert convert('<img src="/s/desk%20setup.png" alt="A desk">').blocks[0]["value"]["image"]["image"] == 8
    assert convert('<img src="/s/desk+setup.png" alt="A desk">').blocks[0]["value"]["image"]["image"] == 8


def test_an_image_inside_a_paragraph_follows_the_paragraphs_words():
    body = convert('<p>Before <img src="/knee-stretch.jpg" alt="A runner"> after</p>')

    assert types(body.blocks) == ["paragraph", "image"]
    assert body.blocks[0]["value"] == "<p>Before after</p>"


def test_an_empty_alt_marks_the_image_decorative():
    body = convert('<img src="/knee-stretch.jpg" alt="">')

    assert body.blocks == [image_block(7, "")]
    assert body.warnings == []


@pytest.mark.parametrize("img", ['<img src="/knee-stretch.jpg">', '<img src="/knee-stretch.jpg" alt="IMG_2041.JPG">'])
def test_an_image_without_a_real_description_is_kept_as_decorative_and_reported(img):
    body = convert(img)

    assert body.blocks == [image_block(7, "")]
    assert body.warnings == ["Image “knee-stretch.jpg” has no description: it was marked decorative; describe it."]


def test_an_image_whose_file_is_missing_is_left_out_and_reported():
    body = convert('<p>Look:</p><img src="https://cdn.example/missing-photo.jpg" alt="A chair"><p>Done.</p>')

    assert body.blocks == [paragraph("<p>Look:</p><p>Done.</p>")]
    assert body.warnings == ["Image “missing-photo.jpg” left out: it is not in the images folder."]


def test_a_caption_shortcode_becomes_an_image_with_its_caption():
    body = convert('[caption id="attachment_9"]<img src="/knee-stretch.jpg" alt="A runner"> Stretch daily[/caption]')

    assert body.blocks == [image_block(7, "A runner", "Stretch daily")]
    assert body.warnings == ["Shortcode [caption] turned into an image with a caption."]


def test_unknown_shortcodes_are_removed_keeping_their_words_and_reported():
    body = convert('<p>[tip]Take a break.[/tip] [gallery ids="4,5,6"] See [1] and [sic].</p>')

    assert body.blocks == [paragraph("<p>Take a break. See [1] and [sic].</p>")]
    assert body.warnings == [
        "Shortcode [tip] removed; any words inside it were kept.",
        'Shortcode [gallery ids="4,5,6"] removed; any words inside it were kept.',
    ]


@pytest.mark.parametrize("shortcode", ["[gallery]", "[video]", "[contact-form]"])
def test_a_bare_shortcode_without_attributes_is_removed_and_reported(shortcode):
    body = convert(f"<p>Our clinic: {shortcode} Come and see.</p>")

    assert body.blocks == [paragraph("<p>Our clinic: Come and see.</p>")]
    assert body.warnings == [f"Shortcode {shortcode} removed; any words inside it were kept."]


def test_a_link_in_a_heading_keeps_its_words_and_is_reported_with_its_address():
    body = convert('<h2>Read <a href="https://www.nhs.uk/knee">the NHS advice</a></h2>')

    assert body.blocks == [heading("Read the NHS advice", "h2")]
    assert body.warnings == [
        "A link to https://www.nhs.uk/knee in a heading was removed (a heading cannot hold links); "
        "its words were kept: add the link in the editor."
    ]


def test_a_link_and_emphasis_in_a_quote_keep_their_words_and_are_reported():
    body = convert(
        '<blockquote><p>Start <strong>slowly</strong>, <a href="/blog/warm-up">warm up</a> first.</p></blockquote>'
    )

    assert body.blocks == [{"type": "quote", "value": {"quote": "Start slowly, warm up first.", "attribution": ""}}]
    assert body.warnings == [
        "Bold or italic text in a quote was kept as plain text (a quote cannot hold it).",
        "A link to /blog/warm-up in a quote was removed (a quote cannot hold links); "
        "its words were kept: add the link in the editor.",
    ]


def test_italics_in_a_heading_are_reported_but_bold_is_what_a_heading_is_already():
    body = convert("<h2><strong>Why</strong> <em>hills</em> hurt</h2>")

    assert body.blocks == [heading("Why hills hurt", "h2")]
    assert body.warnings == ["Bold or italic text in a heading was kept as plain text (a heading cannot hold it)."]


def test_a_link_in_a_figure_caption_keeps_its_words_and_is_reported():
    body = convert(
        '<figure><img src="/knee-stretch.jpg" alt="A runner">'
        '<figcaption>Photo by <a href="https://example.com/jo">Jo</a></figcaption></figure>'
    )

    assert body.blocks == [image_block(7, "A runner", "Photo by Jo")]
    assert body.warnings == [
        "A link to https://example.com/jo in a caption was removed (a caption cannot hold links); "
        "its words were kept: add the link in the editor."
    ]


@pytest.mark.parametrize(
    "source",
    [
        '<p><a href="https://example.com/big.jpg"><img src="/knee-stretch.jpg" alt="A runner"></a></p>',
        '<a href="https://example.com/big.jpg"><img src="/knee-stretch.jpg" alt="A runner"></a>',
        '<figure><a href="https://example.com/big.jpg"><img src="/knee-stretch.jpg" alt="A runner"></a>'
        "<figcaption>Stretch</figcaption></figure>",
    ],
)
def test_a_link_around_an_image_is_reported_with_its_address_and_the_image_kept(source):
    body = convert(source)

    assert types(body.blocks) == ["image"]
    assert body.blocks[0]["value"]["image"]["image"] == 7
    assert body.warnings == [
        "Image “knee-stretch.jpg” linked to https://example.com/big.jpg: an image block cannot hold a link, "
        "so the link was left out; add it in the editor if it matters."
    ]


def test_a_link_around_a_missing_image_is_still_reported():
    body = convert('<p><a href="https://example.com/big.jpg"><img src="/missing.jpg" alt="A chair"></a></p>')

    assert body.blocks == []
    assert "Image “missing.jpg” linked to https://example.com/big.jpg" in body.warnings[0]
    assert body.warnings[1] == "Image “missing.jpg” left out: it is not in the images folder."


def test_unknown_markup_is_kept_as_clean_text_and_reported_once_per_kind():
    body = convert(
        '<div class="sqs-block html-block"><div class="sqs-block-content">'
        '<p>Raise the <span style="color:red">screen</span>.</p><p><u>Now</u>.</p></div></div>'
        "<table><tr><td>Width</td><td>20</td></tr></table>"
    )

    assert body.blocks == [paragraph("<p>Raise the screen.</p><p>Now.</p><p>Width 20</p>")]
    assert body.warnings == ["Markup kept as plain text: <div> ×2, <span> ×1, <table> ×1, <td> ×2, <tr> ×1, <u> ×1."]


def test_scripts_and_styles_are_dropped_never_kept_and_reported():
    body = convert("<p>Hi</p><script>steal()</script><style>p{}</style><p>there<script>more()</script></p>")

    assert body.blocks == [paragraph("<p>Hi</p><p>there</p>")]
    assert body.warnings == ["Dropped: <script> ×2, <style> ×1."]


def test_an_embedded_frame_becomes_a_link_to_what_it_showed_and_is_reported():
    body = convert('<iframe src="https://www.youtube.com/embed/abc123"></iframe><iframe src="javascript:x"></iframe>')

    assert body.blocks == [
        paragraph(
            '<p>Embedded content: <a href="https://www.youtube.com/embed/abc123">'
            "https://www.youtube.com/embed/abc123</a></p>"
        )
    ]
    assert body.warnings == ["Markup kept as plain text: <iframe> ×1.", "Dropped: <iframe> ×1."]


def test_white_space_entities_and_empty_paragraphs_are_tidied():
    body = convert("<p>\n  Ten   of each &mdash; <b>&lt;slowly&gt;</b>  &amp; calmly\n</p><p>&nbsp;</p><p> </p>loose")

    assert body.blocks == [paragraph("<p>Ten of each — <b>&lt;slowly&gt;</b> &amp; calmly</p><p>loose</p>")]


def test_an_over_long_heading_becomes_a_bold_paragraph():
    long = "Word " * 40
    body = convert(f"<h2>{long}</h2>")

    assert body.blocks == [paragraph(f"<p><b>{long.strip()}</b></p>")]
    assert body.warnings == ["A heading longer than 160 characters was kept as a bold paragraph."]


def test_the_first_paragraph_can_serve_as_the_introduction():
    body = convert("<p>Long flights <b>stiffen</b> the neck.<br>Stretch.</p><h2>Stretches</h2><p>Roll.</p>")

    assert body.take_introduction(max_length=600) == "Long flights stiffen the neck. Stretch."
    assert body.blocks == [
        heading("Stretches", "h2"),
        paragraph("<p>Roll.</p>"),
    ]


def test_every_converted_body_is_valid_for_the_blog_and_survives_the_rich_text_editor(db):
    image = make_image()
    html = (
        "<h1>Title</h1><p>Some <strong>bold</strong>, <em>italic</em> and "
        "<a href='https://x.example/?a=1&b=2'>a link</a>."
        "<br>New line</p><ul><li>One<ol><li>Deeper</li></ol></li></ul>"
        "<blockquote>Quote</blockquote><figure><img src='/knee-stretch.jpg' alt='Runner'></figure>"
    )
    body = convert_body(html, lambda filename: image.pk)
    stream_block = BlogStreamBlock()

    stream_block.clean(stream_block.to_python(body.blocks))  # raises if any block is invalid

    converter = ContentstateConverter(features=PARAGRAPH_FEATURES)
    for block in body.blocks:
        if block["type"] == "paragraph":
            round_trip = converter.to_database_format(converter.from_database_format(block["value"]))
            assert re.sub(r' data-block-key="\w+"', "", round_trip) == block["value"]


def test_a_long_opening_paragraph_stays_and_the_introduction_is_its_shortened_start():
    body = convert("<p>Stretch your calves every morning before you run.</p>")

    assert body.take_introduction(max_length=20) == "Stretch your calves…"
    assert body.blocks == [paragraph("<p>Stretch your calves every morning before you run.</p>")]


def test_a_body_opening_with_a_heading_gives_no_introduction():
    body = convert("<h2>Stretches</h2><p>Roll.</p>")

    assert body.take_introduction(max_length=600) == ""
    assert len(body.blocks) == 2
