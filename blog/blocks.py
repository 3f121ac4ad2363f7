"""StreamField blocks for blog posts.

Each block has a plain-English label, an icon, a one-line description and a
preview value, so staff who are not technical can pick the right one from the
block chooser and see what it will look like before they insert it.
"""

from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

# What a paragraph may contain: bold, italic, links and lists, nothing that
# would fight the site's design (headings have their own block).
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading whose level staff choose, so the outline stays correct."""

    text = blocks.CharBlock(
        max_length=160,
        help_text="The heading's words, e.g. “What is runner's knee?”.",
    )
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (h2)"), ("h3", "Sub-heading inside a section (h3)")],
        default="h2",
        help_text="Use a section heading for each main part; sub-headings only inside a section.",
    )

    class Meta:
        icon = "title"
        label = "Heading"
        template = "blog/blocks/heading_block.html"
        description = "A section heading (h2) or a sub-heading inside a section (h3)."
        preview_value = {"text": "What is runner's knee?", "level": "h2"}


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for advice readers must not miss, such as when to seek help.

    It stands as a section of its own: its title is shown as a section heading (h2).
    """

    title = blocks.CharBlock(
        max_length=120,
        help_text="A short title for the box, e.g. “When to seek professional help”.",
    )
    text = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        help_text="What the box says. Lists work well here.",
    )

    class Meta:
        icon = "warning"
        label = "Callout box"
        template = "blog/blocks/callout_block.html"
        description = "A highlighted section for important advice, e.g. when to see a professional."
        preview_value = {
            "title": "When to seek professional help",
            "text": "<p>If your knee locks, gives way or is very swollen, seek advice promptly.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    """A quotation, with who said it."""

    quote = blocks.TextBlock(help_text="The quoted words, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="Who said it, e.g. “Sarah, half-marathon runner”. Optional.",
    )

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "blog/blocks/quote_block.html"
        description = "A quotation, for example from a patient or a guideline."
        preview_value = {
            "quote": "I ran my first half marathon pain-free.",
            "attribution": "A Body Zest patient",
        }


class CallToActionBlock(blocks.StructBlock):
    """A button inviting readers to take the next step, usually to book a visit."""

    text = blocks.CharBlock(
        max_length=200,
        help_text="One sentence inviting the reader, e.g. “Worried about your knee?”.",
    )
    button_label = blocks.CharBlock(
        max_length=60,
        default="Book a free discovery visit",
        help_text="The words on the button.",
    )
    page = blocks.PageChooserBlock(
        required=False,
        help_text="The page the button opens. Leave empty to use the discovery-visit page.",
    )

    class Meta:
        icon = "pick"
        label = "Call to action"
        template = "blog/blocks/call_to_action_block.html"
        description = "A highlighted invitation with a button, e.g. to book a discovery visit."
        preview_value = {
            "text": "Worried about your knee before race day?",
            "button_label": "Book a free discovery visit",
        }


class CaptionedImageBlock(blocks.StructBlock):
    """An image with alt text (or marked decorative) and an optional caption.

    Wagtail's ImageBlock fills its alt text in from the image's description when
    the image is chosen, so writers describe a picture once, in Images.
    """

    image = ImageBlock(
        help_text=(
            "Choose the image: its alt text is filled in from the image's description. Change it "
            "only if this post needs other words, or tick “decorative” if it adds nothing to the text."
        )
    )
    caption = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Optional words shown under the image.",
    )

    class Meta:
        icon = "image"
        label = "Image"
        template = "blog/blocks/captioned_image_block.html"
        description = "A picture with a description for screen readers and an optional caption."


class BlogStreamBlock(blocks.StreamBlock):
    """The blocks a blog post's body is built from."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        label="Paragraph",
        template="blog/blocks/paragraph_block.html",
        description="Text, with bold, italic, links and bulleted or numbered lists.",
        preview_value=("<p>Knee pain during race training is common, especially around the front of the knee.</p>"),
        help_text="Write one or more paragraphs. Lists and links are in the toolbar.",
    )
    image = CaptionedImageBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()


def count_words(introduction, body):
    """Words a reader reads: the introduction and every text in the body (a ``BlogStreamBlock`` value)."""
    text = " ".join([introduction, *_block_texts(body)])
    return len(text.split())


def _block_texts(stream):
    for block in stream:
        yield from _value_texts(block.value)


def _value_texts(value):
    if hasattr(value, "source"):  # RichText
        yield strip_tags(value.source)
    elif isinstance(value, str):
        yield strip_tags(value)
    elif isinstance(value, dict):  # StructValue
        for name, child in value.items():
            if name not in {"level", "page", "image", "button_label"}:
                yield from _value_texts(child)
