"""The clinic's starting content, built from plain-text copies of its posts.

The plain-text format (see ``content/README.md`` in the shared folder):
line 1 is the title, the first paragraph after it is the introduction, lines
starting with "•" are bullets (consecutive ones form one list), a line that is
one of the post's known section headings is an h2, a line like "1. Hip and
glute strength" is an h3, and every other non-empty line is a paragraph. A
section named as a callout (e.g. "When to seek professional help") becomes a
callout box titled with its heading, so advice readers must not miss stands out.
"""

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"

BULLET = "•"
NUMBERED_SUBHEADING = re.compile(r"^\d+\.\s+\S")

# The old Squarespace blog appended its pagination to the copied text.
PAGINATION_LINES = {"Next", "Previous"}


@dataclass
class PostText:
    """A post parsed from plain text: its title, introduction and body blocks."""

    title: str
    introduction: str
    blocks: list = field(default_factory=list)


def content_lines(text, known_posts=()):
    """The post's meaningful lines: stripped, non-empty, without old pagination.

    The old blog ended each post with "Previous"/"Next" links followed by a
    neighbour's title; ``known_posts`` names those titles so they are dropped.
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    while lines and (lines[-1] in PAGINATION_LINES or lines[-1] in known_posts):
        lines.pop()
    return lines


def parse_post(text, section_headings, known_posts=(), callout_sections=()):
    """Turn a post's plain text into a title, an introduction and StreamField blocks.

    Paragraphs and lists between two headings become one rich-text block, so a
    section reads and edits as one piece of text in the admin; the section under
    a heading in ``callout_sections`` becomes one callout box with that title.
    """
    lines = content_lines(text, known_posts)
    title, introduction, rest = lines[0], lines[1], lines[2:]
    post = PostText(title=title, introduction=introduction)
    html_parts = []
    bullets = []
    callout_title = None

    def flush_bullets():
        if bullets:
            items = "".join(f"<li>{escape(item, quote=False)}</li>" for item in bullets)
            html_parts.append(f"<ul>{items}</ul>")
            bullets.clear()

    def flush_paragraph_block():
        flush_bullets()
        if callout_title is not None:
            post.blocks.append(("callout", {"title": callout_title, "text": "".join(html_parts)}))
        elif html_parts:
            post.blocks.append(("paragraph", "".join(html_parts)))
        html_parts.clear()

    for line in rest:
        if line.startswith(BULLET):
            bullets.append(line[len(BULLET) :].strip())
        elif line in section_headings or NUMBERED_SUBHEADING.match(line):
            flush_paragraph_block()
            callout_title = line if line in callout_sections else None
            if callout_title is None:
                level = "h2" if line in section_headings else "h3"
                post.blocks.append(("heading", {"text": line, "level": level}))
        else:
            flush_bullets()
            html_parts.append(f"<p>{escape(line, quote=False)}</p>")
    flush_paragraph_block()
    return post


RUNNERS_KNEE_HEADINGS = (
    "What is runner's knee?",
    "Why runners get knee pain during event training",
    "Typical signs and symptoms of runner's knee",
    "Can I keep running with knee pain?",
    "Simple recovery tips for knee pain from running",
    "Strengthening exercises for runner's knee",
    "When to seek professional help",
    "How Body Zest can support your race training",
    "Key takeaways and next steps",
)

# Sections shown as a callout box: its title is the section's heading (an h2).
RUNNERS_KNEE_CALLOUTS = ("When to seek professional help",)

NEW_YEAR_HEADINGS = (
    "Start where you are, not where you were",
    "Build up gradually",
    "Listen to your body",
    "Look after the basics",
    "When to ask for help",
)

NEW_YEAR_TITLE = "Helpful Tips for Easing Back Into the New Year"


def runners_knee_post():
    text = (CONTENT_DIR / "runners-knee-post.txt").read_text(encoding="utf-8")
    return parse_post(text, RUNNERS_KNEE_HEADINGS, known_posts={NEW_YEAR_TITLE}, callout_sections=RUNNERS_KNEE_CALLOUTS)


def new_year_post():
    text = (CONTENT_DIR / "new-year-post.txt").read_text(encoding="utf-8")
    return parse_post(text, NEW_YEAR_HEADINGS)
