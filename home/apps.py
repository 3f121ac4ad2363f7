from django.apps import AppConfig


class HomeConfig(AppConfig):
    verbose_name = "Site and clinic details"
    name = "home"
