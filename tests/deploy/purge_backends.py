"""A Wagtail frontend-cache backend for tests: it records the addresses it is asked to purge."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

purged = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        purged.append(url)
