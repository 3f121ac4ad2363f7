"""The discovery-visit enquiry form: what a person fills in, and every check on it.

Error messages follow the GOV.UK style: they say what to do, in plain words.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html

from .models import MESSAGE_MAX_LENGTH, Enquiry
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


def single_line(field_label):
    """A validator refusing line breaks and other control characters.

    They have no place in a name or a phone number, and refusing them makes
    email header injection impossible however the value is used later.
    """

    def validate(value):
        if any(unicodedata.category(character) == "Cc" for character in value):
            raise ValidationError(f"Enter your {field_label} without line breaks")

    return validate


TOO_FAST = "The form was sent too quickly. Please check your answers and send it again."
EXPIRED = "This form has expired. Please check your answers and send it again."


def too_long(what, limit):
    return f"{what} must be {limit:,} characters or fewer"


class MessageField(forms.CharField):
    """Free text whose line breaks count as one character each, as the page's counter shows them.

    Browsers send a line break in a textarea as CR LF, two characters.
    """

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class EnquiryForm(forms.ModelForm):
    """The enquiry form, built per request: it needs the clinic's phone and the visitor's address."""

    full_name = forms.CharField(
        label="Full name",
        max_length=100,
        validators=[single_line("full name")],
        error_messages={"required": "Enter your full name", "max_length": too_long("Full name", 100)},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": too_long("Email address", 254),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number (optional)",
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
    preferred_times = forms.CharField(
        label="Preferred days and times (optional)",
        required=False,
        max_length=200,
        validators=[single_line("preferred days and times")],
        help_text="For example, weekday mornings or Saturdays.",
        error_messages={"max_length": too_long("Preferred days and times", 200)},
    )
    heard_about = forms.CharField(
        label="How did you hear about us? (optional)",
        required=False,
        max_length=200,
        validators=[single_line("answer")],
        error_messages={"max_length": too_long("How you heard about us", 200)},
    )
    consent = forms.BooleanField(
        label=(
            "I agree that the clinic may use the health information I give in this form "
            "to respond to my enquiry."
        ),
        error_messages={
            "required": "Tick the box to agree that we may use your health information to reply to you"
        },
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

    def __init__(self, *args, clinic_phone="", client_ip="", privacy_url="", **kwargs):
        super().__init__(*args, **kwargs)
        if privacy_url:
            self.fields["consent"].help_text = format_html(
                'Read how we use and protect your information in our <a href="{}">privacy notice</a>.', privacy_url
            )
        self.fields[HONEYPOT_FIELD] = honeypot_field()
        self.client_ip = client_ip
        self.call_us = f", or call us on {clinic_phone}" if clinic_phone else ""
        self.fields["captcha"] = HardenedRecaptchaField(call_us=self.call_us)
        if not self.is_bound:
            self.initial["started"] = sign_form_start()
        # GOV.UK's character count: let people type or paste past the limit and
        # tell them, rather than have the browser cut their words off silently.
        self.fields["message"].widget.attrs.pop("maxlength", None)

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

