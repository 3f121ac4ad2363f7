"""People's rights (UK GDPR) in the admin: find a person, download what is held about them, erase it.

A person is whoever wrote with an email address or a phone number: "Find a
person" lists every enquiry that shares either (email in any case, phone in
any format), "Download their data" gives one plain-text file of all of it, and
"Erase this person" deletes it in one confirmed step. Holds ("keep, because
…") exclude an enquiry from the nightly purge and from erasure until released.

The person's details travel only in POSTed forms, never in an address (which
browsers keep in their history). Each action goes into Wagtail's audit log as
"Enquiry N", the way ``Enquiry.__str__`` is, never with a name or a reason: the
log outlives the enquiries. Who may do what follows the enquiry permissions:
reading (ENQUIRY_READ_ACTIONS) to find and download, "change" to hold,
"delete" to erase.
"""

import re
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site
from wagtail.permissions import policy_registry

from home.models import ClinicDetails

from .enquiries import ENQUIRY_READ_ACTIONS, Enquiry, EnquiryNotifications, phone_key
from .retention import PurgeRun, deletion_date

DOWNLOADED, ERASED = "contact.download_person", "contact.erase_person"
HELD, RELEASED = "contact.hold_enquiry", "contact.release_enquiry"
MIN_PHONE_DIGITS = 7


def enquiries_of(email="", phone=""):
    """Every enquiry with this email address (any case) or this phone number (any format), newest first."""
    wanted = Q(pk__in=[])
    if email:
        wanted |= Q(email__iexact=email)
    if phone and (number := phone_key(phone)):
        wanted |= Q(search_key__endswith=f" {number}")  # its last word: the phone_key (make_search_key)
    return Enquiry.objects.filter(wanted).order_by("-created_at", "-pk")


def other_contact_details(enquiries, email, phone):
    """Addresses and numbers in these enquiries besides the ones searched for: maybe more of the person's."""
    emails = sorted({e.email for e in enquiries if e.email.lower() != email.lower()}, key=str.lower)
    phones = sorted({e.phone for e in enquiries if e.phone and phone_key(e.phone) != phone_key(phone)})
    return emails + phones


def clinic_mailboxes(request):
    """Where the clinic's notification emails went (as set now): copies of them stay there after an erasure."""
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    return EnquiryNotifications.for_site(site).recipients or [ClinicDetails.for_site(site).email]


def clinic_time(moment):
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))


def retention_text(enquiry):
    if enquiry.hold_reason:
        return f"Kept because: {enquiry.hold_reason}"
    return f"Deleted on {deletion_date(enquiry.created_at):%-d %B %Y}"


def can(request, *actions):
    return policy_registry.get_by_type(Enquiry).user_has_any_permission(request.user, actions)


class PersonForm(forms.Form):
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(
        label="Phone number", required=False, max_length=30, help_text="In any format: 07700 900123, +44 7700 900123."
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and len(re.sub(r"[^0-9]", "", phone)) < MIN_PHONE_DIGITS:
            raise forms.ValidationError("Enter the whole phone number, e.g. 07700 900123.")
        return phone

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("phone"):
            raise forms.ValidationError("Enter their email address or phone number (or both).")
        return data


class PeopleView(PermissionCheckedMixin, WagtailAdminTemplateMixin, View):
    """The admin furniture and the permission check all person tools share."""

    model = Enquiry
    any_permission_required = ENQUIRY_READ_ACTIONS
    header_icon = "user"
    page_title = "Find a person"
    template_name = "contact/people/find.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def render_person(self, form):
        context = {"form": form, "can_erase": can(self.request, "delete"), "can_hold": can(self.request, "change")}
        if form.is_bound and form.is_valid():
            email, phone = form.cleaned_data["email"], form.cleaned_data["phone"]
            enquiries = list(enquiries_of(email, phone))
            context.update(
                searched=True,
                rows=[{"enquiry": e, "retention": retention_text(e)} for e in enquiries],
                other_details=other_contact_details(enquiries, email, phone),
            )
        return self.render_to_response(self.get_context_data(**context))


class FindPersonView(PeopleView):
    def get(self, request):
        return self.render_person(PersonForm())

    def post(self, request):
        return self.render_person(PersonForm(request.POST))


class PersonOfEnquiryView(PeopleView):
    """From one enquiry, everything held about whoever sent it (its email address and phone number)."""

    def get(self, request, pk):
        enquiry = get_object_or_404(Enquiry, pk=pk)
        return self.render_person(PersonForm({"email": enquiry.email, "phone": enquiry.phone}))


class DownloadPersonView(PeopleView):
    http_method_names = ["post"]

    def post(self, request):
        form = PersonForm(request.POST)
        if not form.is_valid():
            return self.render_person(form)
        enquiries = list(enquiries_of(form.cleaned_data["email"], form.cleaned_data["phone"]))
        text = person_file(enquiries, form.cleaned_data, clinic_mailboxes(request))
        for enquiry in enquiries:
            log(instance=enquiry, action=DOWNLOADED, user=request.user)
        response = HttpResponse(text.encode("utf-8", "replace"), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="person-{timezone.localdate():%Y-%m-%d}.txt"'
        return response


class ErasePersonView(PeopleView):
    http_method_names = ["post"]
    any_permission_required = None
    permission_required = "delete"
    page_title = "Erase this person"
    template_name = "contact/people/erase.html"

    def post(self, request):
        form = PersonForm(request.POST)
        if not form.is_valid():
            return self.render_person(form)
        enquiries = enquiries_of(form.cleaned_data["email"], form.cleaned_data["phone"])
        if request.POST.get("confirm") != "yes":
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    erasable=enquiries.filter(hold_reason=""),
                    held=enquiries.exclude(hold_reason=""),
                    mailboxes=clinic_mailboxes(request),
                )
            )
        numbers = erase(enquiries.filter(hold_reason=""), request.user)
        if not numbers:
            messages.warning(request, "Nothing was erased: every enquiry found is kept (on hold) or already gone.")
            return redirect("contact_people_find")
        mailbox = ", ".join(clinic_mailboxes(request)) or "no address set"
        messages.success(
            request,
            f"Erased {len(numbers)} enquir{pluralize(len(numbers), 'y,ies')} (numbers {', '.join(map(str, numbers))})."
            f" Copies of the clinic's notification emails about them sit in the clinic's mailbox ({mailbox}),"
            " subject “New discovery-visit enquiry (number)”: delete them there too.",
        )
        return redirect("contact_people_find")


@transaction.atomic
def erase(enquiries, user):
    """Delete these enquiries, each logged as erased with the others' numbers (no personal data). Returns the numbers."""
    enquiries = list(enquiries.select_for_update())
    numbers = sorted(enquiry.pk for enquiry in enquiries)
    for enquiry in enquiries:
        log(instance=enquiry, action=ERASED, user=user, deleted=True, data={"erased_together": numbers})
    Enquiry.objects.filter(pk__in=numbers).delete()
    return numbers


class HoldForm(forms.Form):
    hold_reason = forms.CharField(
        label="Keep this enquiry past its deletion date, because …",
        max_length=Enquiry._meta.get_field("hold_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: a complaint is open, or a solicitor asked the clinic to keep its records.",
        error_messages={"required": "Say why the clinic must keep this enquiry, e.g. “a complaint is open”."},
    )


class KeepEnquiryView(PeopleView):
    """Put an enquiry on hold (kept from the purge and from erasure) or release it."""

    any_permission_required = None
    permission_required = "change"
    page_title = "Keep an enquiry"
    template_name = "contact/people/keep.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.enquiry = get_object_or_404(Enquiry, pk=kwargs["pk"])

    def next_url(self):
        wanted = self.request.POST.get("next") or self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return wanted
        return reverse("enquiries:edit", args=[self.enquiry.pk])

    def render_form(self, form):
        deleted_on = deletion_date(self.enquiry.created_at)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                enquiry=self.enquiry,
                deleted_on=deleted_on,
                already_due=deleted_on <= timezone.localdate(),
                months=settings.ENQUIRY_RETENTION_MONTHS,
                next=self.next_url(),
            )
        )

    def get(self, request, pk):
        return self.render_form(HoldForm())

    def post(self, request, pk):
        enquiry = self.enquiry
        if "release" in request.POST:
            enquiry.hold_reason, enquiry.held_at = "", None
            enquiry.save(update_fields=["hold_reason", "held_at"])
            log(instance=enquiry, action=RELEASED, user=request.user)
            deleted_on = deletion_date(enquiry.created_at)
            messages.success(request, f"{enquiry} is no longer kept: it is deleted on {deleted_on:%-d %B %Y}.")
            return redirect(self.next_url())
        form = HoldForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        enquiry.hold_reason, enquiry.held_at = form.cleaned_data["hold_reason"], timezone.now()
        enquiry.save(update_fields=["hold_reason", "held_at"])
        log(instance=enquiry, action=HELD, user=request.user)
        messages.success(request, f"{enquiry} is kept until you release it.")
        return redirect(self.next_url())


def person_file(enquiries, searched, mailboxes):
    """Everything held about the person, as text anyone can open: each enquiry's fields, retention, history."""
    made = clinic_time(timezone.now())
    looked_for = " or ".join(
        filter(
            None,
            [
                searched["email"] and f"the email address {searched['email']}",
                searched["phone"] and f"the phone number {searched['phone']}",
            ],
        )
    )
    lines = [
        "Everything Body Zest holds about one person",
        f"Made on {made:%-d %B %Y at %H:%M} (UK time), from the enquiries with {looked_for}.",
        f"{len(enquiries)} enquir{pluralize(len(enquiries), 'y,ies')}.",
        "",
        "Besides this: copies of the clinic's notification emails about each enquiry sit in the clinic's mailbox"
        f" ({', '.join(mailboxes)}), and the person has the confirmation emails the website sent them.",
    ]
    history = history_of(enquiries)
    for enquiry in enquiries:
        heading = f"Enquiry {enquiry.pk}"
        lines += ["", "", heading, "=" * len(heading)]
        lines += [field_line(enquiry, field) for field in held_fields()]
        lines.append(f"Retention: {retention_text(enquiry)}")
        lines.append("History:")
        lines += [
            f"    {clinic_time(entry.timestamp):%Y-%m-%d %H:%M}  {entry.message}" for entry in history[str(enquiry.pk)]
        ] or ["    (none)"]
    return "\n".join(lines) + "\n"


def held_fields():
    """What an enquiry holds about its person: every field but its number, its page and derived ones (editable=False)."""
    return [field for field in Enquiry._meta.concrete_fields if field.editable and field.name not in ("id", "page")]


def field_line(enquiry, field):
    value = getattr(enquiry, field.name)
    if field.choices:
        value = getattr(enquiry, f"get_{field.name}_display")()
    elif hasattr(value, "astimezone"):
        value = f"{clinic_time(value):%Y-%m-%d %H:%M} (UK time)"
    label = str(field.verbose_name)
    text = "" if value is None else str(value)
    if "\n" in text:
        return f"{label[:1].upper()}{label[1:]}:\n" + "\n".join(f"    {line}" for line in text.splitlines())
    return f"{label[:1].upper()}{label[1:]}: {text}"


def history_of(enquiries):
    """Each enquiry's audit log entries (what staff did, when), oldest first."""
    history = {str(enquiry.pk): [] for enquiry in enquiries}
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Enquiry), object_id__in=list(history)
    ).order_by("timestamp", "pk")
    for entry in entries:
        history[entry.object_id].append(entry)
    return history


class RetentionPanel(Panel):
    """For the enquiry's edit view: when it will be deleted, or why it is kept, and the links to change that.

    Read-only, so it can sit among the inbox's panels (``RetentionPanel()``).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Keeping and deleting")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "contact/people/retention_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            enquiry = self.instance
            context.update(
                enquiry=enquiry,
                retention=retention_text(enquiry),
                keep_url=reverse("contact_people_keep", args=[enquiry.pk]),
                person_url=reverse("contact_people_of_enquiry", args=[enquiry.pk]),
                can_hold=can(self.request, "change"),
            )
            return context


class PurgePanel(Component):
    """The dashboard's word on retention: when the purge last ran, and a warning once it is late."""

    name = "enquiry_purge"
    template_name = "contact/people/purge_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        run = PurgeRun.last()
        return {
            "run": run,
            "late": run is None or run.is_late(),
            "months": settings.ENQUIRY_RETENTION_MONTHS,
            "find_url": reverse("contact_people_find"),
        }


class FindPersonMenuItem(MenuItem):
    def is_shown(self, request):
        return can(request, *ENQUIRY_READ_ACTIONS)


def admin_urls():
    return [
        path("people/", FindPersonView.as_view(), name="contact_people_find"),
        path("people/enquiry/<int:pk>/", PersonOfEnquiryView.as_view(), name="contact_people_of_enquiry"),
        path("people/download/", DownloadPersonView.as_view(), name="contact_people_download"),
        path("people/erase/", ErasePersonView.as_view(), name="contact_people_erase"),
        path("people/keep/<int:pk>/", KeepEnquiryView.as_view(), name="contact_people_keep"),
    ]
