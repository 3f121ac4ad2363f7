"""What the site's log handler writes about a failure: where and what kind, never a person's words."""

import logging
import sys

from django.db import IntegrityError, connection

EMAIL = "jane@example.com"


def formatted(record):
    """The record as the console handler configured in settings.LOGGING writes it."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, logging.Formatter)
        and type(handler.formatter).__name__ == "WithoutExceptionText"
    )
    return handler.format(record)


def failure(message):
    try:
        try:
            raise KeyError(f"inner {message}")
        except KeyError as inner:
            raise ValueError(f"could not save {message}") from inner
    except ValueError:
        return logging.getLogger("contact").makeRecord(
            "contact", logging.ERROR, __file__, 1, "Enquiry failed", (), exc_info=sys.exc_info()
        )


def test_a_traceback_names_the_frames_and_kinds_but_not_the_persons_words():
    text = formatted(failure("Jane O'Brien, knee pain after a fall, 07700 900123"))
    assert "Enquiry failed" in text
    assert "builtins.ValueError" in text and "builtins.KeyError" in text
    assert "in failure" in text  # the frame where it failed
    assert "Jane" not in text and "knee pain" not in text and "07700" not in text


def test_a_database_error_quoting_the_row_leaves_it_out(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE people (email TEXT UNIQUE)")
        cursor.execute("INSERT INTO people VALUES (%s)", [EMAIL])
        try:
            cursor.execute("INSERT INTO people VALUES (%s)", [EMAIL])
        except IntegrityError:
            record = logging.getLogger("django.request").makeRecord(
                "django.request",
                logging.ERROR,
                __file__,
                1,
                "Internal Server Error: /",
                (),
                exc_info=sys.exc_info(),
            )
    text = formatted(record)
    assert "IntegrityError" in text and EMAIL not in text
