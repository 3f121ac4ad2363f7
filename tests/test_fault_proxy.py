"""The fault proxy itself (tests/faults.py), in front of the machine's real Redis."""

import socket
import time

import pytest

from tests.faults import FaultyProxy

REDIS = ("127.0.0.1", 6379)
PING = b"PING\r\n"


@pytest.fixture
def proxy():
    with FaultyProxy(REDIS, trickle_seconds=0.2) as proxy:
        yield proxy


def ask(port, request=PING, timeout=2.0, expect=b"+PONG\r\n"):
    """Send a request, read until `expect` has arrived or the peer closes; (bytes read, seconds taken)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(request)
        received = b""
        while len(received) < len(expect):
            try:
                chunk = conn.recv(100)
            except ConnectionResetError:  # closed with our request unread
                break
            if not chunk:
                break
            received += chunk
    return received, time.monotonic() - started


def test_passes_a_conversation_through(proxy):
    assert ask(proxy.port)[0] == b"+PONG\r\n"
    assert proxy.connections == 1


def test_hang_accepts_and_never_answers(proxy):
    proxy.mode = "hang"
    with pytest.raises(TimeoutError):
        ask(proxy.port, timeout=0.5)


def test_trickle_sends_the_reply_a_byte_at_a_time(proxy):
    proxy.mode = "trickle"
    received, seconds = ask(proxy.port)
    assert received == b"+PONG\r\n"
    assert seconds >= 6 * 0.2


def test_close_cuts_connections(proxy):
    proxy.mode = "close"
    assert ask(proxy.port)[0] == b""
    proxy.mode = "pass"
    assert ask(proxy.port)[0] == b"+PONG\r\n"


def test_cut_when_cuts_the_connection_that_sends_the_pattern_then_switches_mode(proxy):
    proxy.cut_when(b"ECHO", then="close")
    assert ask(proxy.port)[0] == b"+PONG\r\n"  # not the pattern: passes
    assert ask(proxy.port, b"ECHO hello\r\n")[0] == b""
    assert proxy.cuts == 1 and proxy.mode == "close"


def test_an_unknown_mode_is_refused(proxy):
    with pytest.raises(ValueError):
        proxy.mode = "slow"
