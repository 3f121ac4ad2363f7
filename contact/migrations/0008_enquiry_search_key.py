"""The inbox search's key on each enquiry (name, email, phone normalised), filled in for those already stored."""

from django.db import migrations, models


def fill_search_keys(apps, schema_editor):
    # The historical model has no save() of its own: the key is made as Enquiry.make_search_key() makes it.
    from contact.enquiries import phone_key, search_key

    Enquiry = apps.get_model("contact", "Enquiry")
    for enquiry in Enquiry.objects.only("full_name", "email", "phone").iterator():
        enquiry.search_key = " ".join(
            [search_key(enquiry.full_name), search_key(enquiry.email), phone_key(enquiry.phone)]
        )
        enquiry.save(update_fields=["search_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0007_enquiry_hold_and_purge_runs"),
    ]

    operations = [
        migrations.AddField(
            model_name="enquiry",
            name="search_key",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
    ]
