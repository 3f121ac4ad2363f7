"""Draw the clinic's icons and its social card into bodyzest/static/img/ (the files are committed).

    .venv/bin/python deploy/brand_images.py

Run again after changing the name, the colours or the mark. The colours are
bodyzest/static/css/bodyzest.css's; the mark is favicon.svg's "BZ" on deep
teal. Pillow draws with Debian's Liberation and DejaVu fonts (fonts-liberation,
fonts-dejavu-core), the nearest free shapes to Georgia and the system sans.

- social-card.png, 1200×630: what a page without a picture of its own is shared
  with (home/seo.py, branded_social_image);
- favicon.ico, 16, 32 and 48 px: for browsers and readers that ask for /favicon.ico;
- apple-touch-icon.png, 180×180, square and opaque (iOS rounds the corners itself).
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "bodyzest" / "static" / "img"
FONTS = Path("/usr/share/fonts/truetype")
SERIF_BOLD = FONTS / "dejavu" / "DejaVuSerif-Bold.ttf"
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


def mark(size, radius, background=BRAND, letters=WHITE):
    """favicon.svg's mark: "BZ" on a square whose corners are rounded by ``radius`` (in a 64 px square)."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * radius // 64, fill=background)
    draw.text(
        (big / 2, big / 2), "BZ", font=ImageFont.truetype(str(SERIF_BOLD), big * 30 // 64), fill=letters, anchor="mm"
    )
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
    badge = mark(120, 14, background=WHITE, letters=BRAND)
    card.paste(badge, ((width - 120) // 2, 90), badge)
    return card.quantize(colors=64)  # a handful of colours and their edges: a third of the size


def main():
    social_card().save(OUT / "social-card.png", optimize=True)
    touch = Image.new("RGB", (180, 180), BRAND)
    touch.paste(mark(180, 0), (0, 0))
    touch.save(OUT / "apple-touch-icon.png", optimize=True)
    sizes = [16, 32, 48]  # each drawn at its own size rather than shrunk from the largest
    icons = [mark(size, 14) for size in sizes]
    icons[-1].save(OUT / "favicon.ico", sizes=[(size, size) for size in sizes], append_images=icons[:-1])
    for name in ("social-card.png", "apple-touch-icon.png", "favicon.ico"):
        print(f"{OUT / name}: {(OUT / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
