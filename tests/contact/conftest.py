"""Fixtures for the enquiry tests (the local reCAPTCHA verifier is suite-wide: tests/conftest.py)."""

import pytest


@pytest.fixture
def enquiry_page(clinic_site):
    from contact.models import EnquiryPage

    return EnquiryPage.objects.get()
