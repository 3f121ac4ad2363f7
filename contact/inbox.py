"""The staff's enquiry inbox in the Wagtail admin, and its panel on the dashboard.

A ``ModelViewSet`` gives the list (newest first, searchable by name, email and
phone however they are typed, filtered by status, area and date), the edit view
(the whole enquiry read-only, status and staff notes editable) and CSV/XLSX
export (its columns are listed in contact/README.md). Only users with the
enquiry permissions see any of it.

Staff see each enquiry as "Sam Walker, received 1 Jul 2026 14:05"; Wagtail's
audit log sees only ``str(enquiry)``, "Enquiry 12", and which fields an edit
changed, never a name or what the notes say: the log outlives the enquiry.
"""

import datetime
import logging
import re
import urllib.parse
import zoneinfo

import django_filters
from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ButtonWithDropdown
from wagtail.log_actions import LogFormatter, log
from wagtail.permission_policies import ModelPermissionPolicy

from .enquiries import Enquiry, phone_key, search_key
from .people import RetentionPanel

logger = logging.getLogger(__name__)

# A spreadsheet runs a cell that starts with one of these as a formula
# (=HYPERLINK(...) can leak data or run commands): OWASP's "CSV injection".
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix an apostrophe to text a spreadsheet would run, so it shows as typed (CSV has no text cells)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


# What no XML 1.0 document may hold (C0 controls but tab, LF and CR; lone
# surrogates; U+FFFE, U+FFFF): openpyxl refuses the first with the person's text
# in its exception, and no UTF-8 file can hold a lone surrogate.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def xlsx_text(value):
    """Text as typed, except characters a workbook cannot hold, shown as U+FFFD (�)."""
    return NOT_IN_XML.sub("\ufffd", value)


def csv_text(value):
    """Text as typed (CSV holds any character UTF-8 can), formulas neutralised."""
    return neutralise_formula(LONE_SURROGATE.sub("\ufffd", value))


def clinic_time(value):
    """A moment as the clinic's clock showed it, to the minute (settings.TIME_ZONE, not the staff member's zone)."""
    return value.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).replace(second=0, microsecond=0, tzinfo=None)


EXPORT_TIME_FORMAT = "%Y-%m-%d %H:%M"  # CSV: sorts as text, and spreadsheets read it as a date and time
XLSX_TIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_TEXT_FORMAT = "@"  # Excel's "Text": what staff type into the cell stays text too


TITLE_TIME_FORMAT = "j M Y H:i"  # 1 Jul 2026 14:05


def enquiry_title(enquiry):
    """How staff know an enquiry: who sent it and when (clinic time). For the screen only, never the audit log."""
    return f"{enquiry.full_name}, received {format_date(clinic_time(enquiry.created_at), TITLE_TIME_FORMAT)}"


def mailto_href(email):
    return "mailto:" + urllib.parse.quote(email, safe="@+") if email else None


def tel_href(phone):
    """A tel: link dialling what the person typed (07700 900123 → tel:07700900123), or None without digits."""
    number = phone_key(phone)
    return "tel:" + number if number.strip("+") else None


# --- Search: the enquiry's search_key (name, email, phone normalised on save) -------------------

PHONE_QUERY = re.compile(r"[\d\s()+.\-]+")


def search_enquiries(queryset, query):
    """Enquiries whose name, email or phone hold the query, however either was typed.

    A query that looks like a phone number is compared as one (07700 900123 =
    +44 7700 900123); any other must have each of its words in the name or email
    (O'Brien = O’Brien = obrien, Zoë = Zoe). The message is never searched.
    """
    if PHONE_QUERY.fullmatch(query) and phone_key(query).strip("+"):
        return queryset.filter(search_key__contains=phone_key(query))
    words = [key for key in map(search_key, query.split()) if key]
    if not words:
        return queryset.none()
    return queryset.filter(*[Q(search_key__contains=word) for word in words])


# --- History: which fields an edit changed, never what staff wrote ------------------------------

ENQUIRY_EDITED = "contact.edit_enquiry"
# Fields whose old and new values the audit log may keep: a choice, not anything a person or staff typed.
LOGGED_VALUES = {"status"}


def same_text(before, after):
    """Equal once line endings agree: a browser sends CR LF for what was saved with LF."""
    if isinstance(before, str) and isinstance(after, str):
        return before.replace("\r\n", "\n") == after.replace("\r\n", "\n")
    return before == after


def changes_in(form):
    """What the log keeps of a save: the changed fields' names, and old/new values of LOGGED_VALUES only."""
    changed = [name for name in form.changed_data if not same_text(form.initial.get(name), form.cleaned_data[name])]
    values = {name: [form.initial.get(name), form.cleaned_data[name]] for name in changed if name in LOGGED_VALUES}
    return {"changed": changed, "values": values}


def describe_changes(data):
    """A log entry's data in words, e.g. "status changed from New to Contacted; staff notes changed"."""
    parts = []
    for name in data.get("changed", []):
        try:
            field = Enquiry._meta.get_field(name)
        except LookupError:
            continue
        label = str(field.verbose_name)
        if name in data.get("values", {}):
            choices = dict(field.choices or [])
            before, after = (str(choices.get(value, value) or "empty") for value in data["values"][name])
            parts.append(f"{label} changed from {before} to {after}")
        else:
            parts.append(f"{label} changed")
    return "; ".join(parts)


class EnquiryEdited(LogFormatter):
    label = "Edit enquiry"

    def format_message(self, log_entry):
        changes = describe_changes(log_entry.data)
        return changes[:1].upper() + changes[1:] if changes else "Saved, nothing changed"


@hooks.register("register_log_actions")
def register_enquiry_log_actions(actions):
    """Registered on import, as wagtail_hooks.py imports this module for the viewset."""
    actions.register_action(ENQUIRY_EDITED)(EnquiryEdited)


class EnquiryPermissionPolicy(ModelPermissionPolicy):
    """Enquiries come only from the website's form: nobody, superusers included, adds one by hand."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action != "add"])


class EnquiryFilterSet(WagtailFilterSet):
    received = django_filters.DateFromToRangeFilter(
        label="Received", field_name="created_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Enquiry
        fields = ["status", "area_of_concern"]


class EnquiryIndexView(generic.IndexView):
    """The inbox list, and its export: every stored enquiry exports, in the clinic's time, text as typed.

    The file is made whole before it is sent, so whatever fails (a character,
    the database) ends in the inbox with a message and a log line naming only
    the error's kind, never a 500 or a log holding a person's words.
    """

    def search_queryset(self, queryset):
        return search_enquiries(queryset, self.search_query) if self.is_searching else queryset

    def get_list_buttons(self, instance):
        """Wagtail labels the row's menu with str(): "Enquiry 12" says nothing to someone listening to the list."""
        buttons = super().get_list_buttons(instance)
        for button in buttons:
            if isinstance(button, ButtonWithDropdown):
                button.attrs["aria-label"] = f"More options for {enquiry_title(instance)}"
        return buttons

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            moment = clinic_time(value)
            return moment if export_format == self.FORMAT_XLSX else moment.strftime(EXPORT_TIME_FORMAT)
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str):
            return xlsx_text(value) if export_format == self.FORMAT_XLSX else csv_text(value)
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        """Text cells always (never a formula, however it starts); times to the minute."""
        from openpyxl.cell import WriteOnlyCell

        for field, value in row_dict.items():
            value = self.preprocess_field_value(field, value, self.FORMAT_XLSX)
            cell = WriteOnlyCell(worksheet, value)
            if isinstance(value, str):
                cell.data_type = "s"
                cell.number_format = XLSX_TEXT_FORMAT
            elif isinstance(value, datetime.datetime):
                cell.number_format = XLSX_TIME_FORMAT
            yield cell

    def write_csv_response(self, queryset):
        rows = list(self.stream_csv(queryset))  # made whole here, so a failure is caught below
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response

    def as_spreadsheet(self, queryset, spreadsheet_format):
        try:
            return super().as_spreadsheet(queryset, spreadsheet_format)
        except Exception as error:  # noqa: BLE001 - its text may quote an enquiry: only its kind is logged
            logger.error("Enquiry export (%s) failed (%s)", spreadsheet_format, type(error).__name__)
        messages.error(
            self.request,
            "The export could not be made. Try again; if it keeps failing, tell whoever looks after the website.",
        )
        query = self.request.GET.copy()
        query.pop("export", None)
        return redirect(f"{self.request.path}?{query.urlencode()}" if query else self.request.path)


class MessagePanel(FieldPanel):
    """The person's message, read-only, with their line breaks kept (and escaped like any text)."""

    def format_value_for_display(self, value):
        return mark_safe(linebreaks(value, autoescape=True))


class LinkPanel(FieldPanel):
    """A read-only email or phone number that staff can click to write or call."""

    def __init__(self, field_name, href, **kwargs):
        self.href = href
        kwargs.setdefault("read_only", True)
        super().__init__(field_name, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "href": self.href}

    def format_value_for_display(self, value):
        href = self.href(value)
        return format_html('<a href="{}">{}</a>', href, value) if href else value


class LinkColumn(Column):
    """A list column whose value links to ``href(value)``: mailto: or tel:."""

    cell_template_name = "contact/admin/link_cell.html"

    def __init__(self, name, href, **kwargs):
        self.href = href
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["link_url"] = self.href(context["raw_value"] or "")
        return context


class EnquiryTitleMixin:
    """An enquiry's own pages (edit, history, delete) name it as staff know it, not by str()."""

    def get_page_subtitle(self):
        return enquiry_title(self.object)


class EnquiryEditView(EnquiryTitleMixin, generic.EditView):
    page_title = "Enquiry"
    error_message = "The enquiry could not be saved: correct the answers marked below and save again."

    def save_instance(self):
        """Saved as Wagtail saves it, but logged with which fields changed (see changes_in)."""
        self.changes = changes_in(self.form)
        instance = self.action_class(
            self.form.instance, user=self.request.user, form=self.form, log_action=False
        ).execute(skip_permission_checks=True)
        log(
            instance,
            ENQUIRY_EDITED,
            user=self.request.user,
            content_changed=bool(self.changes["changed"]),
            data=self.changes,
        )
        return instance

    def get_success_message(self):
        changes = describe_changes(self.changes)
        if not changes:
            return f"Enquiry from {enquiry_title(self.object)}: nothing had changed."
        return f"Enquiry from {enquiry_title(self.object)}, saved: {changes}."


class EnquiryDeleteView(EnquiryTitleMixin, generic.DeleteView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.title = enquiry_title(self.object)  # once deleted, the object has no pk and Wagtail would say "None"

    @property
    def confirmation_message(self):
        return f"Delete the enquiry from {self.title}? It cannot be undone."

    def get_success_message(self):
        return f"Enquiry from {self.title}, deleted."


class EnquiryHistoryView(EnquiryTitleMixin, HistoryView):
    pass


def read_only(*field_names):
    return [FieldPanel(name, read_only=True) for name in field_names]


class EnquiryViewSet(ModelViewSet):
    model = Enquiry
    index_view_class = EnquiryIndexView
    edit_view_class = EnquiryEditView
    delete_view_class = EnquiryDeleteView
    history_view_class = EnquiryHistoryView
    icon = "mail"
    menu_label = "Enquiries"
    menu_order = 150
    add_to_admin_menu = True
    copy_view_enabled = False
    add_to_reference_index = False

    list_display = [
        "full_name",
        LinkColumn("email", href=mailto_href, label="Email address"),
        LinkColumn("phone", href=tel_href, label="Phone number"),
        "created_at",
        "status",
        "area_of_concern",
        "contact_method",
        "notification_status",
    ]
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    # Turns the search box on; EnquiryIndexView.search_queryset looks in search_key (name, email, phone),
    # never the message: health details are not a search term.
    search_fields = ["search_key"]
    filterset_class = EnquiryFilterSet
    export_filename = "enquiries"
    list_export = [
        "pk",
        "created_at",
        "get_status_display",
        "full_name",
        "email",
        "phone",
        "get_contact_method_display",
        "preferred_times",
        "get_area_of_concern_display",
        "message",
        "heard_about",
        "consent_given_at",
        "staff_notes",
        "get_notification_status_display",
    ]
    export_headings = {
        "pk": "Number",
        "created_at": "Received (UK time)",
        "consent_given_at": "Consent given (UK time)",
        "get_status_display": "Status",
        "get_contact_method_display": "Preferred contact method",
        "get_area_of_concern_display": "Area of concern",
        "get_notification_status_display": "Emails",
    }

    panels = [
        MultiFieldPanel([FieldPanel("status"), FieldPanel("staff_notes")], heading="What the clinic did"),
        RetentionPanel(),
        MultiFieldPanel(
            [
                *read_only("full_name"),
                LinkPanel("email", href=mailto_href),
                LinkPanel("phone", href=tel_href),
                *read_only("contact_method", "preferred_times", "created_at"),
            ],
            heading="The person",
        ),
        MultiFieldPanel(
            [*read_only("area_of_concern"), MessagePanel("message", read_only=True), *read_only("heard_about")],
            heading="Their enquiry",
        ),
        MultiFieldPanel(
            read_only(
                "consent_given_at",
                "notification_status",
                "staff_notified_at",
                "acknowledged_at",
                "notification_attempts",
                "notification_error",
            ),
            heading="Consent and emails",
        ),
    ]


class NewEnquiriesPanel(Component):
    """The dashboard's count of new enquiries, linking to them in the inbox."""

    name = "new_enquiries"
    template_name = "contact/admin/new_enquiries_panel.html"
    order = 50

    def __init__(self, index_url):
        self.index_url = index_url

    def get_context_data(self, parent_context):
        return {"count": Enquiry.objects.filter(status=Enquiry.Status.NEW).count(), "index_url": self.index_url}
