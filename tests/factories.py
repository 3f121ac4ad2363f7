"""Small builders for test data: plain functions, so a test reads as what it sets up."""

import datetime
import io

from django.contrib.auth.models import Group, User
from django.core.files.images import ImageFile
from django.test import Client
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

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


def post_form_data(title, date="10/02/2026"):
    """What the admin's post editor submits for a minimal post."""
    return nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "date": date,
            "introduction": "An introduction.",
            "body": streamfield([("paragraph", rich_text("<p>Some text.</p>"))]),
            "tags": "",
            "related_post_links": inline_formset([]),
        }
    )


def preview(admin_client, preview_url, data):
    """Send the editor's form to the preview view, then render the preview as staff see it."""
    stored = admin_client.post(preview_url, data)
    assert stored.json()["is_valid"], stored.json()
    return admin_client.get(preview_url)


def staff_member(group):
    """A new member of staff in one group (a role the migrations make, or a Group), named after it."""
    group = group if isinstance(group, Group) else Group.objects.get(name=group)
    username = group.name.lower().replace(" ", "-")
    user = User.objects.create_user(username, f"{username}@bodyzest.example", "a-long-pass-phrase")
    user.groups.add(group)
    return user


def signed_in(group):
    """A test client signed in as a new member of staff in one role."""
    client = Client()
    client.force_login(staff_member(group))
    return client
