"""Fixtures for the tests of site-wide pages and metadata."""

import pytest
from wagtail.models import Site


@pytest.fixture
def https_site(clinic_site):
    """The site as production has it: its own hostname, on port 443."""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "www.bodyzest.example", 443
    site.save()
    yield site
    Site.clear_site_root_paths_cache()  # the rollback does not tell Wagtail's cache
