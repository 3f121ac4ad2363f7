"""Where enquiry notifications go moves from the enquiry page to a site setting.

The page's addresses are copied to the setting of the page's site (kept both
ways), then the page field goes: anyone who could publish the page could
otherwise send people's enquiries to any address.
"""

import django.db.models.deletion
from django.db import migrations, models


def site_of(page, sites):
    """The site whose root holds the page (the deepest, if sites nest)."""
    holding = [site for site in sites if page.path.startswith(site.root_page.path)]
    return max(holding, key=lambda site: len(site.root_page.path), default=None)


def move_addresses_to_setting(apps, schema_editor):
    EnquiryNotifications = apps.get_model("contact", "EnquiryNotifications")
    sites = list(apps.get_model("wagtailcore", "Site").objects.select_related("root_page"))
    for page in apps.get_model("contact", "EnquiryPage").objects.exclude(notification_addresses=""):
        site = site_of(page, sites)
        if site is not None:
            EnquiryNotifications.objects.update_or_create(site=site, defaults={"addresses": page.notification_addresses})


def move_addresses_to_page(apps, schema_editor):
    EnquiryPage = apps.get_model("contact", "EnquiryPage")
    sites = list(apps.get_model("wagtailcore", "Site").objects.select_related("root_page"))
    by_site = {setting.site_id: setting.addresses for setting in apps.get_model("contact", "EnquiryNotifications").objects.all()}
    for page in EnquiryPage.objects.all():
        site = site_of(page, sites)
        if site is not None and by_site.get(site.pk):
            EnquiryPage.objects.filter(pk=page.pk).update(notification_addresses=by_site[site.pk])


class Migration(migrations.Migration):

    dependencies = [
        ('contact', '0005_enquiry_email_claim'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='EnquiryNotifications',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('addresses', models.TextField(blank=True, help_text="The email addresses told about each new enquiry, one per line. Empty: the clinic's email in Settings › Clinic details.", verbose_name='notification addresses')),
                ('include_area_of_concern', models.BooleanField(default=False, help_text="The area a person chose (e.g. “Back or neck”) is health information. Off: the email says only who to call back and how, and staff read the rest in the admin. Turn it on only if everyone who can read the clinic's mailbox may see health information.", verbose_name="put the area of concern in the clinic's email")),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
            ],
            options={
                'verbose_name': 'Enquiry notifications',
                'verbose_name_plural': 'Enquiry notifications',
            },
        ),
        migrations.RunPython(move_addresses_to_setting, move_addresses_to_page),
        migrations.RemoveField(
            model_name='enquirypage',
            name='notification_addresses',
        ),
    ]
