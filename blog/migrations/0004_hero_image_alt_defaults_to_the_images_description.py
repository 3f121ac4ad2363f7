"""A post's hero alt text becomes an optional override of the image's own description.

Before, writers typed the picture's description twice: once on the image, once on the
post. A post's words that only repeat its image's description are cleared (on the post
and on its latest revision, which the editor opens), so the post follows the image if
its description is improved; words of its own are kept. The body's image block only
says that its alt text is filled in from the image's description.
"""

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models


def clear_repeated_hero_descriptions(apps, schema_editor):
    BlogPage = apps.get_model("blog", "BlogPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    posts = BlogPage.objects.exclude(hero_image=None).exclude(hero_image_alt="").select_related("hero_image")
    for post in posts:
        description = post.hero_image.description.strip()
        if description and post.hero_image_alt.strip() == description:
            BlogPage.objects.filter(pk=post.pk).update(hero_image_alt="")
        revision = Revision.objects.filter(pk=post.latest_revision_id).first()
        if revision is None or revision.content.get("hero_image") != post.hero_image_id:
            continue
        if description and (revision.content.get("hero_image_alt") or "").strip() == description:
            revision.content["hero_image_alt"] = ""
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_blogpage_legacy_fields"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AlterField(
            model_name="blogpage",
            name="hero_image",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "Optional large picture at the top of the post and on its card. Screen readers read "
                    "the image's description (Images › the image › Description)."
                ),
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailimages.image",
            ),
        ),
        migrations.AlterField(
            model_name="blogpage",
            name="hero_image_alt",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Leave empty to use the image's description. Write here only if this post needs "
                    "other words, e.g. “Sam stretching her calf after parkrun”."
                ),
                max_length=250,
                verbose_name="alt text for this post (optional)",
            ),
        ),
        migrations.AlterField(
            model_name="blogpage",
            name="body",
            field=wagtail.fields.StreamField(
                [("heading", 2), ("paragraph", 3), ("image", 6), ("callout", 9), ("quote", 12), ("call_to_action", 16)],
                block_lookup={
                    0: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"help_text": "The heading's words, e.g. “What is runner's knee?”.", "max_length": 160},
                    ),
                    1: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [("h2", "Section heading (h2)"), ("h3", "Sub-heading inside a section (h3)")],
                            "help_text": "Use a section heading for each main part; sub-headings only inside a section.",
                        },
                    ),
                    2: ("wagtail.blocks.StructBlock", [[("text", 0), ("level", 1)]], {}),
                    3: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {
                            "description": "Text, with bold, italic, links and bulleted or numbered lists.",
                            "features": ["bold", "italic", "link", "ol", "ul"],
                            "help_text": "Write one or more paragraphs. Lists and links are in the toolbar.",
                            "icon": "pilcrow",
                            "label": "Paragraph",
                            "preview_value": "<p>Knee pain during race training is common, especially around the front of the knee.</p>",
                            "template": "blog/blocks/paragraph_block.html",
                        },
                    ),
                    4: (
                        "wagtail.images.blocks.ImageBlock",
                        [],
                        {
                            "help_text": "Choose the image: its alt text is filled in from the image's description. Change it only if this post needs other words, or tick “decorative” if it adds nothing to the text."
                        },
                    ),
                    5: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"help_text": "Optional words shown under the image.", "max_length": 250, "required": False},
                    ),
                    6: ("wagtail.blocks.StructBlock", [[("image", 4), ("caption", 5)]], {}),
                    7: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "A short title for the box, e.g. “When to seek professional help”.",
                            "max_length": 120,
                        },
                    ),
                    8: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {
                            "features": ["bold", "italic", "link", "ol", "ul"],
                            "help_text": "What the box says. Lists work well here.",
                        },
                    ),
                    9: ("wagtail.blocks.StructBlock", [[("title", 7), ("text", 8)]], {}),
                    10: ("wagtail.blocks.TextBlock", (), {"help_text": "The quoted words, without quotation marks."}),
                    11: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Who said it, e.g. “Sarah, half-marathon runner”. Optional.",
                            "max_length": 120,
                            "required": False,
                        },
                    ),
                    12: ("wagtail.blocks.StructBlock", [[("quote", 10), ("attribution", 11)]], {}),
                    13: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "One sentence inviting the reader, e.g. “Worried about your knee?”.",
                            "max_length": 200,
                        },
                    ),
                    14: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "default": "Book a free discovery visit",
                            "help_text": "The words on the button.",
                            "max_length": 60,
                        },
                    ),
                    15: (
                        "wagtail.blocks.PageChooserBlock",
                        (),
                        {
                            "help_text": "The page the button opens. Leave empty to use the discovery-visit page.",
                            "required": False,
                        },
                    ),
                    16: ("wagtail.blocks.StructBlock", [[("text", 13), ("button_label", 14), ("page", 15)]], {}),
                },
                help_text="The post itself: add headings, paragraphs, images, callout boxes and more.",
            ),
        ),
        migrations.RunPython(clear_repeated_hero_descriptions, migrations.RunPython.noop),
    ]
