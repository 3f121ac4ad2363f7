from django.apps import AppConfig


class HomeConfig(AppConfig):
    verbose_name = "Site and clinic details"
    name = "home"

    def ready(self):
        from django.db.models.signals import post_migrate

        from bodyzest import frontend_cache  # bans the cache in front when content changes

        post_migrate.connect(frontend_cache.content_changed, sender=self)
