"""Fixtures for the enquiry tests (the local reCAPTCHA verifier is suite-wide: tests/conftest.py)."""

import pytest


@pytest.fixture
def enquiry_page(clinic_site):
    from contact.models import EnquiryPage

    return EnquiryPage.objects.get()


@pytest.fixture(scope="session")
def smtp_server():
    from tests.fake_smtp import FakeSMTP

    server = FakeSMTP()
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server, settings):
    """Send this test's mail over real SMTP (the project's backend) to a local fake server."""
    smtp_server.messages.clear()
    smtp_server.on_message = None
    settings.EMAIL_BACKEND = "bodyzest.mail.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return smtp_server
