"""Mail backends for tests that behave like an SMTP server that is down, or refuses the recipient."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    """Every send fails as Django's SMTP backend does when the server hangs up."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RecipientRefusingBackend(BaseEmailBackend):
    """A server that refuses the recipient and quotes them back, as smtplib reports it (the text names the person)."""

    def send_messages(self, email_messages):
        message = email_messages[0]
        reply = f"5.1.1 <{', '.join(message.to)}> unknown: {message.body[:300]}".encode()
        raise smtplib.SMTPRecipientsRefused({address: (550, reply) for address in message.to})
