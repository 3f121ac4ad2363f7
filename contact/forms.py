"""The discovery-visit enquiry form: what a person fills in, and every check on it.

Error messages follow the GOV.UK style: they say what to do, in plain words.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.html import format_html

from .enquiries import MESSAGE_MAX_LENGTH, Enquiry
from .spam import (
    HONEYPOT_FIELD,
    HardenedRecaptchaField,
    check_form_start,
    honeypot_field,
    rate_limit_allows,
    sign_form_start,
)

# Digits with the spaces, brackets, dots and dashes people type, and an optional
# leading +; 7 to 15 digits covers UK numbers and every international one (E.164).
PHONE_PATTERN = re.compile(r"\+?[0-9(][0-9 ().-]*")
PHONE_DIGITS = range(7, 16)


# Django reads bytes that are not UTF-8 as U+FFFD; line breaks of every kind, for one-line answers.
UNREADABLE = "\ufffd"
LINE_BREAKS = {"\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"}


class PlainTextMixin:
    """Refuses, with a message naming the field, what cannot be stored as the person meant it.

    * U+FFFD: bytes that were not UTF-8 (or pasted text already broken); storing
      it would keep a "?" where one of their letters was.
    * Control characters, invisible and usually copied in by accident, which break
      exports and email headers (and PostgreSQL refuses NUL). Line breaks are
      allowed only where ``line_breaks`` is set (a message, with tabs); a one-line
      answer with one says "without line breaks", which also stops email header injection.

    The check reads the value as sent, before Django strips spaces at its ends,
    so no control character is ever removed silently.
    """

    def __init__(self, *, what, your=None, line_breaks=False, control_message=None, **kwargs):
        super().__init__(**kwargs)
        self.what, self.line_breaks = what, line_breaks
        self.line_break_message = f"Enter {your} without line breaks" if your else None
        self.control_message = control_message or (
            f"{what} contains invisible control characters, which can come with copied text."
            " Type it again rather than pasting it"
        )
        # Ours names the field; Django's says only "Null characters are not allowed."
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def to_python(self, value):
        if isinstance(value, str):
            self.refuse_unreadable(value)
        return super().to_python(value)

    def refuse_unreadable(self, value):
        if UNREADABLE in value:
            raise ValidationError(
                f"{self.what} contains a character that could not be read (shown as \ufffd). Type it again",
                code="unreadable",
            )
        allowed = "\n\r\t\u2028\u2029" if self.line_breaks else ""
        found = {c for c in value if (unicodedata.category(c) == "Cc" or c in LINE_BREAKS) and c not in allowed}
        if found & LINE_BREAKS and self.line_break_message:
            raise ValidationError(self.line_break_message, code="line_break")
        if found:
            raise ValidationError(self.control_message, code="control_character")


class PlainTextField(PlainTextMixin, forms.CharField):
    pass


class EmailAddressField(PlainTextMixin, forms.EmailField):
    pass


# What a browser sends for a ticked box that has no value attribute (Django renders none).
CONSENT_VALUE = "on"


class ConsentCheckbox(forms.CheckboxInput):
    """Ticked only when the box's own value came back.

    Django's CheckboxInput takes any value but "false" as ticked, so "0",
    "off" or "no" would have counted as consent to use health information.
    """

    def value_from_datadict(self, data, files, name):
        return data.get(name) == CONSENT_VALUE


TOO_FAST = "The form was sent too quickly. Please check your answers and send it again."
EXPIRED = "This form has expired. Please check your answers and send it again."


def too_long(what, limit):
    return f"{what} must be {limit:,} characters or fewer"


class MessageField(PlainTextField):
    """Free text whose line breaks count as one character each, as the page's counter shows them.

    Browsers send a line break in a textarea as CR LF, two characters; a lone CR
    (only ever sent by hand) is a line break too.
    """

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class EnquiryForm(forms.ModelForm):
    """The enquiry form, built per request: it needs the clinic's phone and the visitor's address."""

    full_name = PlainTextField(
        label="Full name",
        what="Full name",
        your="your full name",
        max_length=100,
        error_messages={"required": "Enter your full name", "max_length": too_long("Full name", 100)},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = EmailAddressField(
        label="Email address",
        what="Email address",
        control_message="Enter an email address in the correct format, like name@example.com",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": too_long("Email address", 254),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = PlainTextField(
        label="Phone number (optional)",
        what="Phone number",
        control_message="Enter a phone number, like 01632 960 123 or +44 7700 900 123",
        required=False,
        max_length=30,
        help_text="For a number outside the UK, start with the country code, for example +353.",
        error_messages={"max_length": "Enter a phone number, like 01632 960 123 or +44 7700 900 123"},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_method = forms.ChoiceField(
        label="How would you like us to contact you?",
        choices=Enquiry.ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you would like us to contact you"},
    )
    area_of_concern = forms.ChoiceField(
        label="Which area is troubling you? (optional)",
        choices=Enquiry.AreaOfConcern.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    message = MessageField(
        label="What would you like help with?",
        what="What you would like help with",
        line_breaks=True,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=(
            "For example, where it hurts, how long it has troubled you and what you would like to "
            "get back to. You can enter up to 2,000 characters."
        ),
        error_messages={
            "required": "Tell us what you would like help with",
            "max_length": too_long("What you would like help with", MESSAGE_MAX_LENGTH),
        },
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    preferred_times = PlainTextField(
        label="Preferred days and times (optional)",
        what="Preferred days and times",
        your="your preferred days and times",
        required=False,
        max_length=200,
        help_text="For example, weekday mornings or Saturdays.",
        error_messages={"max_length": too_long("Preferred days and times", 200)},
    )
    heard_about = PlainTextField(
        label="How did you hear about us? (optional)",
        what="How you heard about us",
        your="your answer",
        required=False,
        max_length=200,
        error_messages={"max_length": too_long("How you heard about us", 200)},
    )
    consent = forms.BooleanField(
        widget=ConsentCheckbox,
        label=("I agree that the clinic may use the health information I give in this form to respond to my enquiry."),
        error_messages={"required": "Tick the box to agree that we may use your health information to reply to you"},
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Enquiry
        fields = [
            "full_name",
            "email",
            "phone",
            "contact_method",
            "area_of_concern",
            "message",
            "preferred_times",
            "heard_about",
        ]

    def __init__(self, *args, clinic_phone="", clinic_email="", client_ip="", privacy_url="", **kwargs):
        super().__init__(*args, **kwargs)
        if privacy_url:
            self.fields["consent"].help_text = format_html(
                'Read how we use and protect your information in our <a href="{}">privacy notice</a>.', privacy_url
            )
        self.fields[HONEYPOT_FIELD] = honeypot_field()
        self.client_ip = client_ip
        self.call_us = f", or call us on {clinic_phone}" if clinic_phone else ""
        self.fields["captcha"] = HardenedRecaptchaField(
            call_us=self.call_us, clinic_phone=clinic_phone, clinic_email=clinic_email
        )
        if not self.is_bound:
            self.initial["started"] = sign_form_start()
        # GOV.UK's character count: let people type or paste past the limit and
        # tell them, rather than have the browser cut their words off silently.
        self.fields["message"].widget.attrs.pop("maxlength", None)

    def clean_full_name(self):
        name = self.cleaned_data["full_name"]
        # U+200B, U+FEFF and the like look like nothing at all: a name has letters, in any script.
        if not any(unicodedata.category(character).startswith("L") for character in name):
            raise ValidationError("Enter your full name using letters")
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        digits = sum(character.isdigit() for character in phone)
        if phone and not (PHONE_PATTERN.fullmatch(phone) and digits in PHONE_DIGITS):
            raise ValidationError("Enter a phone number, like 01632 960 123 or +44 7700 900 123")
        return phone

    def clean(self):
        """The cross-field rule, then the defences that cost something, cheapest first."""
        cleaned_data = super().clean()
        wants_a_call = cleaned_data.get("contact_method") == Enquiry.ContactMethod.PHONE
        if wants_a_call and not cleaned_data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Enter a phone number, or choose email as the way we contact you")

        problem = check_form_start(cleaned_data.get("started"))
        if problem:
            self.add_error(None, TOO_FAST if problem == "too-fast" else EXPIRED)
            self.give_a_fresh_start()
        elif not self.errors:  # Google is asked only about an otherwise acceptable enquiry.
            self.check_sender(cleaned_data["captcha"])
        return cleaned_data

    def check_sender(self, token):
        """The rate limit, then reCAPTCHA: the defences that cost a cache write and a request to Google."""
        if not rate_limit_allows(self.client_ip):
            self.add_error(
                None, f"You have sent several enquiries in the last hour. Please try again later{self.call_us}."
            )
            return
        try:
            self.fields["captcha"].verify(token, remote_ip=self.client_ip)
        except ValidationError as error:
            self.add_error("captcha", error)

    def give_a_fresh_start(self):
        """Re-sign the hidden timestamp, so the person can send the form again once they have checked it."""
        self.data = self.data.copy()
        self.data["started"] = sign_form_start()

    def save(self, page):
        enquiry = super().save(commit=False)
        enquiry.page = page
        enquiry.consent_given_at = timezone.now()
        enquiry.save()
        return enquiry
