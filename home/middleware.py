"""Requests refused before anything reads them: TRACE, and forms not sent as UTF-8."""

import codecs

from django.core.exceptions import BadRequest
from django.http import HttpResponseNotAllowed

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class FormNotUTF8(BadRequest):
    """A form whose declared charset is not UTF-8: handler400 (home.errors) explains it."""


class RefuseUnreadableRequestsMiddleware:
    """TRACE gets 405 everywhere; a POST declaring a charset other than UTF-8 gets the branded 400.

    TRACE echoes a request back (cookies included) and nothing here needs it.
    Django refuses a urlencoded form in another charset only once the CSRF
    check reads it, and reads a multipart form in whatever charset it declares
    (Latin-1 bytes stored as other letters); both are refused here, before the
    CSRF check, with one log line. "utf8" and "UTF-8" are UTF-8.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "TRACE":
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        if request.method == "POST" and request.encoding and request.content_type in FORM_TYPES:
            if codecs.lookup(request.encoding).name != "utf-8":
                raise FormNotUTF8(f"Form sent as {request.encoding[:40]!r}, not UTF-8")
            request.encoding = "utf-8"
        return self.get_response(request)
