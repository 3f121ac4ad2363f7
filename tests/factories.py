"""Small builders for test data: plain functions, so a test reads as what it sets up."""

import datetime
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page, Site

from blog.models import BlogIndexPage, BlogPage
from home.models import HomePage


def make_home():
    """A HomePage as the default site's root, replacing Wagtail's placeholder."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="home-test", hero_heading="Welcome"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )
    return home


def make_blog(home=None):
    home = home or make_home()
    blog = home.add_child(instance=BlogIndexPage(title="Blog", slug="blog", introduction="Our advice."))
    blog.save_revision().publish()
    return blog


def make_post(blog, title, date=datetime.date(2026, 1, 1), publish=True, body=None, **fields):
    """Add a post under ``blog``; published (with a revision) unless ``publish`` is False."""
    post = BlogPage(
        title=title,
        date=date,
        introduction=fields.pop("introduction", f"About {title}."),
        body=body if body is not None else [("paragraph", f"<p>{title} in detail.</p>")],
        live=publish,
        **fields,
    )
    blog.add_child(instance=post)
    if publish:
        post.save_revision().publish()
    return post


def make_image(title="A runner", width=1600, height=900):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (20, 120, 110)).save(buffer, format="JPEG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="test.jpg"))
