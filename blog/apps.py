from django.apps import AppConfig


class BlogConfig(AppConfig):
    verbose_name = "Blog"
    name = "blog"

    def ready(self):
        from . import signals  # noqa: F401  (connects the publish handler)
