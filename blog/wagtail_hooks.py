"""The admin's dashboard for people who write: a "Write a blog post" shortcut.

Without it a writer opens Pages, finds the blog and chooses "Add child page"
(README, "How staff write a post"). Shown only to those whose role may add a post
(Writer, Clinic lead), never to Reception.
"""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .models import BlogIndexPage, BlogPage


class WriteBlogPostPanel(Component):
    """A dashboard panel whose one button opens the editor of a new post in the blog."""

    name = "write_blog_post"
    template_name = "blog/admin/write_blog_post_panel.html"
    order = 50  # above Wagtail's own panels (200 and more): it is what a writer came for

    def __init__(self, add_post_url):
        self.add_post_url = add_post_url

    def get_context_data(self, parent_context):
        return {"add_post_url": self.add_post_url}


@hooks.register("construct_homepage_panels")
def add_write_blog_post_panel(request, panels):
    blog = BlogIndexPage.objects.first()  # there is only one (max_count)
    if blog is None or not blog.permissions_for_user(request.user).can_add_subpage():
        return
    model = BlogPage._meta
    panels.append(
        WriteBlogPostPanel(reverse("wagtailadmin_pages:add", args=(model.app_label, model.model_name, blog.pk)))
    )
