"""Fixtures for the enquiry tests: the clinic's enquiry page and a local reCAPTCHA verifier."""

import pytest

from .fake_siteverify import FakeSiteverify, make_self_signed_certificate


@pytest.fixture(autouse=True)
def no_google(settings):
    """No test reaches Google: without the `siteverify` fixture, verify calls hit a closed port."""
    settings.RECAPTCHA_DOMAIN = "localhost:9"


@pytest.fixture(scope="session")
def siteverify_server(tmp_path_factory):
    cert, key = make_self_signed_certificate(tmp_path_factory.mktemp("siteverify"))
    server = FakeSiteverify(cert, key)
    yield server
    server.stop()


@pytest.fixture
def siteverify(siteverify_server, settings, monkeypatch):
    """Send this test's reCAPTCHA checks to the local fake, which says "success" until told otherwise."""
    siteverify_server.reset()
    settings.RECAPTCHA_DOMAIN = siteverify_server.domain
    monkeypatch.setenv("SSL_CERT_FILE", str(siteverify_server.cert))
    for name in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return siteverify_server


@pytest.fixture
def enquiry_page(clinic_site):
    from contact.models import EnquiryPage

    return EnquiryPage.objects.get()
