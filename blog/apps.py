from django.apps import AppConfig


class BlogConfig(AppConfig):
    verbose_name = "Blog"
    name = "blog"
