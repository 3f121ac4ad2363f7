"""The clinic's staff roles: one group per job, each complete on its own (README, "Staff roles").

* Writer: blog posts (under the blog only), images, authors and categories; submits
  posts to "Clinic review". Never publishes, never sees enquiries.
* Clinic lead: all a writer can, plus approving and publishing every page, the
  clinic details, redirects, enquiries, where enquiry notifications go, and staff logins.
* Reception: enquiries only (contact's "Clinic staff" group, renamed: its members stay).

Every page's changes go to "Clinic review", which the clinic lead answers, instead of
Wagtail's "Moderators approval", whose group nobody is in. Wagtail's own Editors and
Moderators groups are removed while nobody is in them, so a new login is given one
of these three. Safe on any existing database: what is there is kept, what is missing
is added, permissions are found by codename.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

WRITER, CLINIC_LEAD, RECEPTION = "Writer", "Clinic lead", "Reception"
OLD_RECEPTION = "Clinic staff"
REVIEW_WORKFLOW, REVIEW_TASK = "Clinic review", "Clinic lead approval"
WAGTAIL_GROUPS = ("Editors", "Moderators")

WRITER_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("blog", "add_author"),
    ("blog", "change_author"),
    ("blog", "add_blogcategory"),
    ("blog", "change_blogcategory"),
]
ENQUIRY_PERMISSIONS = [("contact", "change_enquiry"), ("contact", "delete_enquiry")]
MODEL_PERMISSIONS = {
    WRITER: WRITER_MODEL_PERMISSIONS,
    CLINIC_LEAD: [
        *WRITER_MODEL_PERMISSIONS,
        ("blog", "delete_author"),
        ("blog", "delete_blogcategory"),
        ("home", "change_clinicdetails"),
        # Where the clinic is told of enquiries (Settings › Enquiry notifications): enquiry data.
        ("contact", "change_enquirynotifications"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
        *ENQUIRY_PERMISSIONS,
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
    ],
    RECEPTION: [("wagtailadmin", "access_admin"), *ENQUIRY_PERMISSIONS],
}
# In the root image collection, so every image.
IMAGE_PERMISSIONS = {
    WRITER: ["add_image", "change_image", "choose_image"],
    CLINIC_LEAD: ["add_image", "change_image", "choose_image", "delete_image"],
}
# A writer's pages are the blog's (given when the blog exists: here, or by load_clinic_content);
# the clinic lead's are every page, from the tree's root.
WRITER_PAGE_PERMISSIONS = ["add_page", "change_page"]
CLINIC_LEAD_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]

APPS_WITH_PERMISSIONS = ("auth", "blog", "contact", "home", "wagtailredirects")


def make_permissions(apps):
    """Django makes a new model's permissions only after every migration has run; these are needed now."""
    for label in APPS_WITH_PERMISSIONS:
        app_config = apps.get_app_config(label)
        historical = getattr(app_config, "models_module", None) is None
        if historical:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if historical:
            app_config.models_module = None


def permission(apps, app_label, codename):
    return apps.get_model("auth", "Permission").objects.get(content_type__app_label=app_label, codename=codename)


def give_pages(apps, group, page_id, codenames):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=page_id, permission=permission(apps, "wagtailcore", codename)
        )


def make_roles(apps, schema_editor=None):
    """Also run by the tests after a flush, with the real app registry, to remake what migrations made."""
    make_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    if not Group.objects.filter(name=RECEPTION).exists():
        Group.objects.filter(name=OLD_RECEPTION).update(name=RECEPTION)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in MODEL_PERMISSIONS}
    for name, permissions in MODEL_PERMISSIONS.items():
        groups[name].permissions.add(*[permission(apps, *key) for key in permissions])

    root_collection = Collection.objects.filter(depth=1).first()
    for name, codenames in IMAGE_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name], collection=root_collection, permission=permission(apps, "wagtailimages", codename)
            )

    root_page = Page.objects.get(depth=1)
    give_pages(apps, groups[CLINIC_LEAD], root_page.pk, CLINIC_LEAD_PAGE_PERMISSIONS)
    blog = apps.get_model("blog", "BlogIndexPage").objects.first()
    if blog is not None:
        give_pages(apps, groups[WRITER], blog.pk, WRITER_PAGE_PERMISSIONS)

    review_every_page(apps, groups[CLINIC_LEAD], root_page)

    for name in WAGTAIL_GROUPS:
        Group.objects.filter(name=name, user__isnull=True).delete()


def review_every_page(apps, clinic_lead, root_page):
    """The "Clinic review" workflow on the whole tree, and the clinic lead answering every approval step."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK, content_type=task_type, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    # Clinic review's own steps, and Wagtail's "Moderators approval", where changes sent
    # before this migration still wait: each is answered by the clinic lead.
    steps = GroupApprovalTask.objects.filter(
        Q(pk__in=WorkflowTask.objects.filter(workflow=workflow).values("task_id")) | Q(groups__name="Moderators")
    )
    for task in steps.distinct():
        task.groups.add(clinic_lead)


def back_to_wagtails_review(apps, schema_editor):
    """The roles stay (people are in them); the tree's root goes back to Wagtail's "Moderators approval"."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Group = apps.get_model("auth", "Group")
    if not Group.objects.filter(name=OLD_RECEPTION).exists():
        Group.objects.filter(name=RECEPTION).update(name=OLD_RECEPTION)
    moderators = Workflow.objects.filter(name="Moderators approval").first()
    if moderators is not None:
        WorkflowPage.objects.filter(page__depth=1).update(workflow=moderators)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("home", "0003_call_to_action_help"),
        ("blog", "0003_blogpage_legacy_fields"),
        ("contact", "0006_enquiry_notifications_setting"),
    ]

    operations = [migrations.RunPython(make_roles, back_to_wagtails_review)]
