"""Visitors' own addresses through the documented topology: TLS terminator -> real Varnish -> the site.

The test plays the terminators: each connects to Varnish from its own loopback
address and appends the visitor's address to X-Forwarded-For, as nginx's
$proxy_add_x_forwarded_for does; Varnish appends the terminator's. So the
site sees REMOTE_ADDR = Varnish, and only TRUSTED_PROXY_COUNT = 2 finds the
visitor. Enquiries are limited per visitor, and sign-in pauses stay with the
address that earned them, whatever a visitor writes in X-Forwarded-For.
"""

import http.client
import os
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from deploy.varnishd import Varnish, varnish_available
from tests.conftest import ClinicContentSnapshot
from tests.contact.helpers import enquiry_data

MISSING = "Debian's varnishd is missing: install the `varnish` package (apt-get install varnish)."
TERMINATORS = ("127.0.0.2", "127.0.0.3")  # two TLS terminators, as behind a load balancer
VISITORS = [f"203.0.113.{n}" for n in range(1, 7)]
LIMIT_MESSAGE = "You have sent several enquiries in the last hour."
PASSWORD = "a-long-staff-pass-phrase"


@pytest.fixture
def varnish(transactional_db, live_server, settings):
    if not varnish_available():
        if os.environ.get("CI"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    settings.TRUSTED_PROXY_COUNT = 2  # as .env.example sets it for this topology
    ClinicContentSnapshot.load()
    proxy = Varnish([int(live_server.url.rsplit(":", 1)[1])])
    yield proxy
    proxy.stop()


class Visitor:
    """One person's browser at ``address``, reaching the site through a TLS terminator, keeping cookies."""

    def __init__(self, varnish, address, terminator=TERMINATORS[0]):
        self.varnish, self.address, self.terminator = varnish, address, terminator
        self.cookies = {}

    def request(self, method, path, form=None, forwarded_for=None):
        """Send a request; ``forwarded_for`` is an X-Forwarded-For the visitor wrote themselves."""
        headers = {"X-Forwarded-For": f"{forwarded_for}, {self.address}" if forwarded_for else self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.varnish.port, timeout=30, source_address=(self.terminator, 0)
        )
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        return response, text

    def send_form(self, path, form, forwarded_for=None):
        """Open the page (for its CSRF token), then send the form, as a browser would."""
        _response, page = self.request("GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", path, {**form, "csrfmiddlewaretoken": token}, forwarded_for)


def enquiry_path():
    from contact.models import EnquiryPage

    return EnquiryPage.objects.get().url


def test_each_visitor_has_their_own_enquiry_limit_and_cannot_escape_it_by_writing_forwarded_for(varnish, siteverify):
    from contact.models import Enquiry

    path = enquiry_path()
    for address in VISITORS:
        response, body = Visitor(varnish, address).send_form(path, enquiry_data())
        assert response.status == 302, (address, LIMIT_MESSAGE in body)
    assert Enquiry.objects.count() == 6

    # One visitor, now by either terminator, claiming a new address each time.
    first = VISITORS[0]
    for n in range(4):
        visitor = Visitor(varnish, first, terminator=TERMINATORS[n % 2])
        assert visitor.send_form(path, enquiry_data(), forwarded_for=f"192.0.2.{n}")[0].status == 302
    response, body = Visitor(varnish, first, TERMINATORS[1]).send_form(path, enquiry_data(), forwarded_for="192.0.2.99")
    assert response.status == 200 and LIMIT_MESSAGE in body
    assert Enquiry.objects.count() == 10

    # Google was told who each visitor is, never what they wrote.
    assert {request["remoteip"] for request in siteverify.requests} == set(VISITORS)
    # The others are not held back by that one visitor.
    assert Visitor(varnish, VISITORS[1]).send_form(path, enquiry_data())[0].status == 302


def test_failed_sign_ins_from_elsewhere_cannot_pause_a_member_of_staff(varnish, settings, django_user_model):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    staff_desk = "198.51.100.20"
    attempt = {"username": "editor", "password": "wrong"}

    attacker = Visitor(varnish, "203.0.113.66")
    statuses = [attacker.send_form("/admin/login/", attempt, forwarded_for=staff_desk)[0].status for _ in range(4)]
    assert statuses == [200, 200, 429, 429]  # the attacker, not the address they claimed, is paused

    staff = Visitor(varnish, staff_desk)
    response, _body = staff.send_form("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status == 302 and response.getheader("Location") == "/admin/"
