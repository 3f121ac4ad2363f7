from django.db import migrations, models

from blog.blocks import count_words


def count_existing_posts(apps, schema_editor):
    """Posts saved before the count was stored get it now (their reading time must not read 1 min)."""
    BlogPage = apps.get_model("blog", "BlogPage")
    for post in BlogPage.objects.only("introduction", "body"):
        BlogPage.objects.filter(pk=post.pk).update(word_count=count_words(post.introduction, post.body))


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0007_blogpage_import_warnings"),
    ]

    operations = [
        migrations.AddField(
            model_name="blogpage",
            name="word_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_existing_posts, migrations.RunPython.noop),
    ]
