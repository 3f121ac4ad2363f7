"""Logging filters named in settings.LOGGING (imported before the apps load: no models here)."""

import logging
import traceback


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


class WithoutExceptionText(logging.Formatter):
    """Tracebacks keep every frame and the exceptions' types, never their text.

    An exception's message can quote what a person typed (a database error
    repeats the row, openpyxl the cell, smtplib the address): the log must not
    hold personal or health data, and where the code failed is what staff need.
    """

    def formatException(self, exc_info):
        lines = []
        error = exc_info[1]
        while error is not None:
            frames = traceback.format_list(traceback.extract_tb(error.__traceback__))
            lines[:0] = [
                "Traceback (most recent call last):\n",
                *frames,
                f"{type(error).__module__}.{type(error).__qualname__}\n",
            ]
            error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
        return "".join(lines).rstrip("\n")
