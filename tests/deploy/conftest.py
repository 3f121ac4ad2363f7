"""The enquiry tests' fixtures (a local reCAPTCHA verifier, no Google), for the deployment tests."""

from tests.contact.conftest import no_google, siteverify, siteverify_server  # noqa: F401
