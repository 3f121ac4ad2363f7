"""Fixtures for the blog's tests."""

import pytest

from blog.models import BlogCategory
from tests.factories import make_blog


@pytest.fixture
def blog():
    return make_blog()


@pytest.fixture
def running():
    return BlogCategory.objects.create(name="Running", slug="running", description="Training, races and injuries.")
