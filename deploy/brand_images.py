"""Draw the clinic's icons and its social card into bodyzest/static/img/ (the files are committed).

    .venv/bin/python deploy/brand_images.py

Run again after changing the name, the colours or the mark. The colours are
bodyzest/static/css/bodyzest.css's; the mark is brand-mark.svg's runner (the
header's), drawn here stroke by stroke. The card's words are in Debian's
Liberation fonts (fonts-liberation), the nearest free shapes to Georgia and the system sans.

- social-card.png, 1200×630: what a page without a picture of its own is shared
  with (home/seo.py, branded_social_image);
- favicon.ico, 16, 32 and 48 px: for browsers and readers that ask for /favicon.ico;
- apple-touch-icon.png, 180×180, square and opaque (iOS rounds the corners itself).
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "bodyzest" / "static" / "img"
FONTS = Path("/usr/share/fonts/truetype")
TITLE = FONTS / "liberation" / "LiberationSerif-Bold.ttf"
SANS = FONTS / "liberation" / "LiberationSans-Regular.ttf"

BRAND = "#0b5d5b"
BRAND_DARK = "#073f3e"
ACCENT = "#c2410c"
SOFT = "#f3f7f6"
WHITE = "#ffffff"

NAME = "Body Zest"
TAGLINE = "Physiotherapy in Banstead, Surrey"
PROMISE = "Hands-on treatment and rehabilitation"

SCALE = 4  # drawn four times larger, then reduced: smooth edges at every size


def font(path, size):
    return ImageFont.truetype(str(path), size * SCALE)


# brand-mark.svg (a 48 px square): the runner's head, and the strokes of the body, arms and legs.
HEAD = (29, 10.5, 4.5)
STROKES = [
    [(26, 18), (22, 29), (29, 33), (28, 41)],
    [(22, 29), (16, 34), (11, 33)],
    [(18, 21), (25, 18), (30, 24), (35, 25)],
]
STROKE_WIDTH = 3.5
HEAD_COLOUR = "#ffb35c"


def mark(size, radius, background=BRAND, runner=WHITE):
    """brand-mark.svg, the header's mark: the runner on a square with corners rounded by ``radius`` (of 48)."""
    scale = size * SCALE / 48
    image = Image.new("RGBA", (size * SCALE, size * SCALE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size * SCALE - 1, size * SCALE - 1), radius=radius * scale, fill=background)
    x, y, r = (value * scale for value in HEAD)
    draw.ellipse((x - r, y - r, x + r, y + r), fill=HEAD_COLOUR)
    width, cap = round(STROKE_WIDTH * scale), STROKE_WIDTH * scale / 2
    for stroke in STROKES:
        points = [(px * scale, py * scale) for px, py in stroke]
        draw.line(points, fill=runner, width=width, joint="curve")
        for px, py in points:  # round caps and joins, as the SVG's stroke-linecap/linejoin
            draw.ellipse((px - cap, py - cap, px + cap, py + cap), fill=runner)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def social_card():
    """1200×630, everything that matters in the middle (some sites crop to a square)."""
    width, height = 1200, 630
    image = Image.new("RGB", (width * SCALE, height * SCALE), BRAND)
    draw = ImageDraw.Draw(image)
    centre = width * SCALE / 2
    draw.rectangle((0, (height - 90) * SCALE, width * SCALE, height * SCALE), fill=BRAND_DARK)
    draw.text((centre, 345 * SCALE), NAME, font=font(TITLE, 128), fill=WHITE, anchor="ms")
    draw.text((centre, 412 * SCALE), TAGLINE, font=font(SANS, 44), fill=SOFT, anchor="ms")
    draw.rectangle((centre - 60 * SCALE, 446 * SCALE, centre + 60 * SCALE, 454 * SCALE), fill=ACCENT)
    draw.text((centre, (height - 45) * SCALE), PROMISE, font=font(SANS, 30), fill=SOFT, anchor="mm")
    card = image.resize((width, height), Image.Resampling.LANCZOS)
    badge = mark(120, 12, background=WHITE, runner=BRAND)
    card.paste(badge, ((width - 120) // 2, 90), badge)
    return card.quantize(colors=64)  # a handful of colours and their edges: a third of the size


def main():
    social_card().save(OUT / "social-card.png", optimize=True)
    touch = Image.new("RGB", (180, 180), BRAND)
    touch.paste(mark(180, 0), (0, 0))
    touch.save(OUT / "apple-touch-icon.png", optimize=True)
    sizes = [16, 32, 48]  # each drawn at its own size rather than shrunk from the largest
    icons = [mark(size, 12) for size in sizes]
    icons[-1].save(OUT / "favicon.ico", sizes=[(size, size) for size in sizes], append_images=icons[:-1])
    for name in ("social-card.png", "apple-touch-icon.png", "favicon.ico"):
        print(f"{OUT / name}: {(OUT / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
