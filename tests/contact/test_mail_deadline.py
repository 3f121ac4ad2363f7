"""The project's SMTP backend over a real socket: each send has a total deadline, not just per read."""

import time

import pytest
from django.core.mail import send_mail

from bodyzest.deadline import DeadlineExceeded
from tests.faults import FaultyProxy


def send_one():
    send_mail("Subject", "Body", "clinic@bodyzest.example", ["someone@example.com"])


def test_mail_goes_through_the_project_backend(smtp):
    send_one()
    assert smtp.recipients() == ["someone@example.com"]


@pytest.mark.parametrize("mode", ["trickle", "hang"])
def test_a_tarpitting_or_hung_server_costs_the_deadline_and_no_more(smtp, settings, mode):
    settings.EMAIL_TIMEOUT = 5  # each byte of a trickle arrives well within it
    settings.EMAIL_SEND_DEADLINE = 1.5
    with FaultyProxy(("127.0.0.1", smtp.port), mode=mode, trickle_seconds=0.3) as proxy:
        settings.EMAIL_PORT = proxy.port
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded):
            send_one()
        assert time.monotonic() - started < 2.5
    assert smtp.messages == []
