"""The admin's dashboard for people who write: a "Write a blog post" shortcut, and the posts due for review.

Without the shortcut a writer opens Pages, finds the blog and chooses "Add child page"
(README, "How staff write a post"). Without the list nobody notices a year-old
"next review" date. Both are shown only to those whose role may add or edit a post
(Writer, Clinic lead), never to Reception.
"""

from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import CLINICAL_REVIEW_NOTICE_DAYS, BlogIndexPage, BlogPage


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


class ReviewDuePanel(Component):
    """Live posts never clinically reviewed, or due for review within CLINICAL_REVIEW_NOTICE_DAYS, each linked to its editor."""

    name = "review_due"
    template_name = "blog/admin/review_due_panel.html"
    order = 60  # under "Write a blog post", above Wagtail's own panels

    def __init__(self, posts, today):
        self.posts = posts
        self.today = today

    def get_context_data(self, parent_context):
        return {"posts": self.posts, "today": self.today, "notice_days": CLINICAL_REVIEW_NOTICE_DAYS}


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    editable = PagePermissionPolicy().instances_user_has_permission_for(request.user, "change")
    if not editable.type(BlogPage).exists():
        return
    today = timezone.localdate()
    posts = BlogPage.objects.filter(pk__in=editable.values("pk")).due_for_clinical_review(today)
    panels.append(ReviewDuePanel(list(posts.select_related("reviewed_by")), today))


# Importing the old blog from the admin (blog/import_views.py), for the Clinic lead.


@hooks.register("register_admin_urls")
def register_blog_import_url():
    from .import_views import urlpatterns

    return urlpatterns


@hooks.register("register_settings_menu_item")
def register_blog_import_menu_item():
    from .import_views import BlogImportMenuItem

    return BlogImportMenuItem("Import the old blog", reverse("blog_import"), icon_name="upload", order=900)
