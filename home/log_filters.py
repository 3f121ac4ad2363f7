"""Logging filters named in settings.LOGGING (imported before the apps load: no models here)."""

import logging


class OneLineForClientErrors(logging.Filter):
    """Drop the traceback from a record about a 4xx response: the request was at fault, not the code.

    Django logs a refused request (a bad host, a form in another charset, too
    many fields) with its full traceback; one line saying what and where is
    all that helps, and a flood of them would bury real errors.
    """

    def filter(self, record):
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = record.exc_text = record.stack_info = None
        return True
