"""The "Clinic staff" group: people who answer enquiries.

It may log in to the admin and read, update and delete enquiries (deleting
answers a person's request to erase their data). Nobody adds enquiries by
hand: they come from the website's form.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Clinic staff"
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("contact", "change_enquiry"),
    ("contact", "delete_enquiry"),
]


def create_group(apps, schema_editor):
    # Django creates a new model's permissions after all migrations have run;
    # this one needs them now.
    contact = apps.get_app_config("contact")
    contact.models_module = True
    create_permissions(contact, apps=apps, verbosity=0)
    contact.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in PERMISSIONS
        ]
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # These give every group that may use the admin the right to choose
        # documents and images: run them first, so clinic staff get only what is below.
        ("wagtaildocs", "0012_uploadeddocument"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
