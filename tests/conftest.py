"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fresh_cache():
    """The page cache and rate-limit counters live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clinic_site(db):
    """The clinic's starting site, exactly as `make run` loads it."""
    call_command("load_clinic_content", stdout=open("/dev/null", "w"))
    from blog.models import BlogIndexPage
    from home.models import HomePage

    return {"home": HomePage.objects.get(), "blog": BlogIndexPage.objects.get()}


@pytest.fixture
def no_page_cache(settings):
    """Render every response afresh.

    For tests about rendering itself (query counts; a page read, changed and
    read again inside one test, where the purge on publish waits for a commit
    that never comes; related posts, which are not purged), not about the page
    cache in front of it.
    """
    settings.PAGE_CACHE_SECONDS = 0
