from django.apps import AppConfig


class HomeConfig(AppConfig):
    verbose_name = "Site and clinic details"
    name = "home"

    def ready(self):
        from bodyzest import content_cache  # noqa: F401  (forgets remembered lookups when content changes)
