"""Django's SMTP backend with a deadline for the whole send.

EMAIL_TIMEOUT bounds each read and write, not the conversation: a server that
tarpits (answers a byte every few seconds) would hold the sender for minutes.
Here each ``send_messages`` call ends within EMAIL_SEND_DEADLINE seconds, raising
``DeadlineExceeded`` (a TimeoutError) if the server has not finished by then.
"""

import smtplib
from functools import partial

from django.conf import settings
from django.core.mail.backends import smtp

from bodyzest.deadline import Deadline


class _Watched:
    """smtplib's client, its socket handed to the send's deadline the moment it connects."""

    def __init__(self, *args, deadline, **kwargs):
        self.deadline = deadline
        super().__init__(*args, **kwargs)

    def _get_socket(self, host, port, timeout):
        return self.deadline.watch(super()._get_socket(host, port, timeout))


class _WatchedSMTP(_Watched, smtplib.SMTP):
    pass


class _WatchedSMTPSSL(_Watched, smtplib.SMTP_SSL):
    pass


class EmailBackend(smtp.EmailBackend):
    _deadline = None

    @property
    def connection_class(self):
        return partial(_WatchedSMTPSSL if self.use_ssl else _WatchedSMTP, deadline=self._deadline)

    def send_messages(self, email_messages):
        with Deadline(settings.EMAIL_SEND_DEADLINE) as self._deadline:
            if self.connection is not None and self.connection.sock is not None:  # opened before this call
                self._deadline.watch(self.connection.sock)
            return super().send_messages(email_messages)
