"""The visitor's address behind the clinic's proxies or a CDN, and the settings that say which.

The live topology (TLS terminator, real Varnish, the site) is in test_client_ip_through_varnish.py.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from bodyzest.client_ip import client_ip

VARNISH = "10.0.0.2"  # REMOTE_ADDR behind proxies: the nearest one
TERMINATOR = "10.0.0.1"


def address(remote_addr=VARNISH, **meta):
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **meta))


def test_without_proxies_the_connection_is_the_visitor_whatever_they_write(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address("198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.1") == "198.51.100.7"


@pytest.mark.parametrize(
    "forwarded, visitor",
    [
        (f"198.51.100.7, {TERMINATOR}", "198.51.100.7"),
        # Whatever the visitor wrote before their own address is ignored.
        (f"192.0.2.1, 192.0.2.2, 198.51.100.7,{TERMINATOR}", "198.51.100.7"),
        # One spelling per address, so a visitor cannot get fresh buckets by rewriting theirs.
        (f" 2001:DB8:0:0::7 , {TERMINATOR}", "2001:db8::7"),
        (f"::ffff:198.51.100.7, {TERMINATOR}", "198.51.100.7"),
    ],
)
def test_behind_the_terminator_and_varnish_the_visitor_is_the_address_the_terminator_saw(settings, forwarded, visitor):
    settings.TRUSTED_PROXY_COUNT = 2
    assert address(HTTP_X_FORWARDED_FOR=forwarded) == visitor


@pytest.mark.parametrize(
    "forwarded",
    [
        None,  # reached the app server directly
        TERMINATOR,  # fewer entries than proxies: the chain was bypassed
        f"not-an-address, {TERMINATOR}",
        f"198.51.100.7:51234, {TERMINATOR}",
        f", {TERMINATOR}",
    ],
)
def test_a_missing_short_or_garbled_chain_falls_back_to_the_connection_never_to_a_guess(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 2
    meta = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    assert address(**meta) == VARNISH


def test_an_ipv4_visitor_on_a_dual_stack_socket_is_spelt_as_ipv4(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address("::ffff:198.51.100.7") == "198.51.100.7"


def test_behind_a_cdn_its_header_names_the_visitor_and_forwarded_for_is_ignored(settings):
    settings.CLIENT_IP_HEADER = "HTTP_CF_CONNECTING_IP"
    request_meta = {"HTTP_CF_CONNECTING_IP": "2001:db8::7", "HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.9"}
    assert address(**request_meta) == "2001:db8::7"
    assert address(HTTP_CF_CONNECTING_IP="garbage") == VARNISH
    assert address() == VARNISH


def start_up(**environ):
    env = {key: value for key, value in os.environ.items() if key not in ("TRUSTED_PROXY_COUNT", "CLIENT_IP_HEADER")}
    env.update(DJANGO_SETTINGS_MODULE="bodyzest.settings.dev", **environ)
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.DEBUG"],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "environ, first_words",
    [
        ({"TRUSTED_PROXY_COUNT": "two"}, "TRUSTED_PROXY_COUNT is 'two':"),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT is '-1':"),
        ({"CLIENT_IP_HEADER": "CF-Connecting-IP"}, "CLIENT_IP_HEADER is 'CF-Connecting-IP':"),
        # Its first entries are the visitor's own words: that is what TRUSTED_PROXY_COUNT is for.
        ({"CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR"}, "CLIENT_IP_HEADER is 'HTTP_X_FORWARDED_FOR':"),
        (
            {"CLIENT_IP_HEADER": "HTTP_CF_CONNECTING_IP", "TRUSTED_PROXY_COUNT": "2"},
            "CLIENT_IP_HEADER and TRUSTED_PROXY_COUNT are both set:",
        ),
    ],
)
def test_a_mistaken_proxy_setting_stops_start_up_with_one_line_naming_it(environ, first_words):
    result = start_up(**environ)
    assert result.returncode == 1
    assert result.stderr.strip().startswith(first_words)
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_documented_settings_start():
    assert start_up(TRUSTED_PROXY_COUNT="2").returncode == 0
    assert start_up(CLIENT_IP_HEADER="HTTP_CF_CONNECTING_IP").returncode == 0
