"""Defences of the enquiry form, cheapest first: honeypot, time trap, rate limit, reCAPTCHA.

The form (forms.py) applies them in that order, so no request goes to Google
until the free checks have passed.
"""

import http.client
import ipaddress
import json
import logging
import time
from urllib.parse import urlencode
from urllib.request import Request

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django_recaptcha.client import RecaptchaResponse
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV2Checkbox, ReCaptchaV2Invisible, ReCaptchaV3

from bodyzest.deadline import read_https
from home.models import tel_href

logger = logging.getLogger(__name__)

# --- Honeypot ------------------------------------------------------------------

HONEYPOT_FIELD = "website"


def honeypot_field():
    """A text box hidden from people (see the template and CSS) that robots fill in."""
    return forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def honeypot_filled(data):
    """True when the field people cannot see was filled in: only robots do that."""
    return bool(data.get(HONEYPOT_FIELD, "").strip())


# --- Time trap -----------------------------------------------------------------

FORM_START_SALT = "contact.enquiry-form.started"


def sign_form_start(at=None):
    """A tamper-proof note of when the form was shown (in milliseconds), for a hidden field."""
    moment = int((at if at is not None else time.time()) * 1000)
    return signing.Signer(salt=FORM_START_SALT).sign(str(moment))


def check_form_start(token, now=None):
    """None if the form was shown long enough ago, and not too long; otherwise why not.

    "invalid" (missing, unsigned, forged), "too-fast" (a robot) or "expired"
    (left open for hours).
    """
    try:
        shown_at = int(signing.Signer(salt=FORM_START_SALT).unsign(token or "")) / 1000
    except (signing.BadSignature, ValueError):
        return "invalid"
    seconds_on_form = (now if now is not None else time.time()) - shown_at
    if seconds_on_form < settings.ENQUIRY_FORM_MIN_SECONDS:
        return "too-fast"
    if seconds_on_form > settings.ENQUIRY_FORM_MAX_AGE_SECONDS:
        return "expired"
    return None


# --- Rate limit ----------------------------------------------------------------


def rate_limit_bucket(ip):
    """Who an address stands for: itself, or for IPv6 its /64 network, which one connection is usually given."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def rate_limit_allows(ip):
    """Count one enquiry attempt from this address; False once it is over the limit for the window."""
    # A keyed hash, so the cache holds no visitor addresses.
    key = "contact:enquiries-from:" + salted_hmac("contact.rate-limit", rate_limit_bucket(ip)).hexdigest()
    window = settings.ENQUIRY_RATE_LIMIT_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= settings.ENQUIRY_RATE_LIMIT


# --- reCAPTCHA -----------------------------------------------------------------

# What the verify call raises when Google cannot be asked or answers nonsense:
# OSError covers URLError, HTTPError, timeouts (DeadlineExceeded too), refused/reset
# connections, DNS and TLS failures; HTTPException a broken HTTP reply; ValueError a body that is
# not JSON; KeyError, TypeError and AttributeError JSON without a verdict
# (django-recaptcha does ``data.pop("success")``).
VERIFY_FAILURES = (OSError, http.client.HTTPException, ValueError, KeyError, TypeError, AttributeError)


def ask_google(token, private_key, remote_ip):
    """django-recaptcha's ``client.submit``, finished within RECAPTCHA_VERIFY_REQUEST_TIMEOUT in all.

    Its own urllib call bounds each read only: a reply trickled a byte at a time
    would hold the visitor (and the worker) until gunicorn's timeout, a bare 500.
    """
    request = Request(
        f"https://{settings.RECAPTCHA_DOMAIN}/recaptcha/api/siteverify",
        data=urlencode({"secret": private_key, "response": token, "remoteip": remote_ip}).encode(),
        headers={"Content-type": "application/x-www-form-urlencoded", "User-agent": "reCAPTCHA Django"},
    )
    seconds = settings.RECAPTCHA_VERIFY_REQUEST_TIMEOUT
    data = json.loads(read_https(request, seconds, read_timeout=seconds))
    return RecaptchaResponse(
        is_valid=data.pop("success"),
        error_codes=data.pop("error-codes", None),
        action=data.pop("action", None),
        extra_data=data,
    )


def describe_failure(error):
    """The failure's kind for the log, e.g. "URLError(ConnectionRefusedError)" or "HTTPError 500": never its text."""
    description = type(error).__name__
    if getattr(error, "code", None):
        description += f" {error.code}"
    reason = getattr(error, "reason", None)
    if isinstance(reason, BaseException):
        description += f"({type(reason).__name__})"
    return description


# The hidden field static/js/enquiry-form.js sets to "yes" when Google's script has not loaded on
# the page: it changes only what a missing token is told, never whether a token is needed.
SCRIPT_UNAVAILABLE_FIELD = "captcha-script-unavailable"


class _RecaptchaWidgetMixin:
    """Our markup for the widget: no inline script (the behaviour is in static/js/enquiry-form.js).

    Around Google's box it holds a note, shown by the script when Google's
    script cannot load, with the clinic's phone and email (``contacts``).
    """

    template_name = "contact/widgets/recaptcha.html"
    version = None
    contacts = {}
    script_unavailable = False  # set from the submitted form

    def value_from_datadict(self, data, files, name):
        self.script_unavailable = data.get(SCRIPT_UNAVAILABLE_FIELD) == "yes"
        return super().value_from_datadict(data, files, name)

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("data-callback")  # django-recaptcha names a function from its inline script
        attrs["data-version"] = self.version
        return attrs

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        query = f"render={context['public_key']}" if self.version == "v3" else "hl=en-GB"
        context["script_url"] = f"https://{context['recaptcha_domain']}/recaptcha/api.js?{query}"
        context["version"] = self.version
        # The error summary links to a box around Google's: it can take focus (v3's hidden input
        # cannot) and holds the note saying the check did not load, when that is the problem.
        context["container_id"] = context["widget"]["attrs"].pop("id", "")
        context["unavailable_field"] = SCRIPT_UNAVAILABLE_FIELD
        context["script_unavailable"] = self.script_unavailable
        context.update(self.contacts)
        return context

    def _render(self, template_name, context, renderer=None):
        # The form renderer only looks in Django's and the apps' templates; ours is in templates/.
        return mark_safe(render_to_string(template_name, context))


class RecaptchaCheckbox(_RecaptchaWidgetMixin, ReCaptchaV2Checkbox):
    version = "v2-checkbox"


class RecaptchaInvisible(_RecaptchaWidgetMixin, ReCaptchaV2Invisible):
    version = "v2-invisible"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-callback"] = "bodyzestRecaptchaPassed"
        return attrs


class RecaptchaScore(_RecaptchaWidgetMixin, ReCaptchaV3):
    version = "v3"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-action"] = self.action
        return attrs


def recaptcha_widget():
    """The widget for settings.RECAPTCHA_VERSION."""
    version = settings.RECAPTCHA_VERSION
    if version == "v2-checkbox":
        return RecaptchaCheckbox()
    if version == "v2-invisible":
        return RecaptchaInvisible()
    if version == "v3":
        return RecaptchaScore(action=settings.RECAPTCHA_ACTION, required_score=settings.RECAPTCHA_REQUIRED_SCORE)
    raise ImproperlyConfigured(f"RECAPTCHA_VERSION is {version!r}: use 'v2-checkbox', 'v2-invisible' or 'v3'.")


class HardenedRecaptchaField(ReCaptchaField):
    """django-recaptcha's field, made safe to rely on.

    * The network check is ``verify()``, which the form calls last, once the
      cheap defences have passed; ``clean()`` only checks that a token came.
    * Every way the verify call can fail becomes a form error and one ERROR log
      line naming the failure's kind (django-recaptcha catches only HTTPError;
      the rest would be a 500), and the call has a total deadline (ask_google).
    * Google is told the client address we worked out (``client_ip``), never
      the X-Forwarded-For header a visitor can write.
    """

    def __init__(self, *, call_us, clinic_phone="", clinic_email="", **kwargs):
        widget = recaptcha_widget()
        widget.contacts = {"phone": clinic_phone, "phone_href": tel_href(clinic_phone), "email": clinic_email}
        missing_token = (
            "Tick the “I’m not a robot” box"
            if widget.version == "v2-checkbox"
            else f"The security check did not finish. Please try again{call_us}."
        )
        contact_us = " or ".join(
            ([f"call us on {clinic_phone}"] if clinic_phone else [])
            + ([f"email {clinic_email}"] if clinic_email else [])
        )
        super().__init__(
            widget=widget,
            label="Security check",
            error_messages={
                "required": missing_token,
                "script_unavailable": (
                    "The security check did not load, so the form cannot be sent yet. A browser extension, "
                    "a firewall or the connection may be blocking it. Choose “Try again” above the “Send enquiry” button"
                    + (f", or {contact_us}." if contact_us else ".")
                ),
                "captcha_invalid": f"We could not confirm that you are not a robot. Please try again{call_us}.",
                "captcha_error": f"We could not check the form just now. Please try again{call_us}.",
            },
            **kwargs,
        )

    def validate(self, value):
        if value in self.empty_values and self.widget.script_unavailable:
            # Still refused: the page only tells us why there is no token.
            raise ValidationError(self.error_messages["script_unavailable"], code="required")
        forms.CharField.validate(self, value)  # a token is there; verify() asks Google about it

    def verify(self, token, remote_ip):
        try:
            result = ask_google(token, self.private_key, remote_ip)
            refusal = self.refusal(result)
        except VERIFY_FAILURES as error:
            logger.error("reCAPTCHA verification failed: %s", describe_failure(error))
            raise ValidationError(self.error_messages["captcha_error"], code="captcha_error") from None
        if refusal:
            logger.warning("reCAPTCHA refused the enquiry form: %s", refusal)
            raise ValidationError(self.error_messages["captcha_invalid"], code="captcha_invalid")

    def refusal(self, result):
        """Why Google's verdict refuses the form (a reason for the log), or None if it passes."""
        widget = self.widget
        if not result.is_valid:
            return f"error codes {result.error_codes}"
        if widget.version != "v3":
            return None
        if result.action != widget.action:
            return f"action {result.action!r}, expected {widget.action!r}"
        score = float(result.extra_data.get("score", 0))
        if score < float(widget.required_score):
            return f"score {score} below {widget.required_score}"
        return None
