from django.apps import AppConfig


class HomeConfig(AppConfig):
    verbose_name = "Site and clinic details"
    name = "home"

    def ready(self):
        from bodyzest import frontend_cache  # noqa: F401  (bans the cache in front when content changes)
