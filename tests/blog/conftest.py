"""Fixtures for the blog's tests."""

import pytest


@pytest.fixture
def no_page_cache(settings):
    """Render every response afresh.

    For tests about rendering itself (query counts, related posts that fill
    their places automatically and so are not purged on publish), not about
    the page cache in front of it.
    """
    settings.PAGE_CACHE_SECONDS = 0
