"""The staff's enquiry inbox in the Wagtail admin, and its panel on the dashboard.

A ``ModelViewSet`` gives the list (newest first, searchable by name and email,
filtered by status, area and date), the edit view (the whole enquiry read-only,
status and staff notes editable) and CSV/XLSX export (its columns are listed in
contact/README.md). Only users with the enquiry permissions see any of it.
"""

import datetime
import logging
import re
import zoneinfo

import django_filters
from django.conf import settings
from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .enquiries import Enquiry

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


def read_only(*field_names):
    return [FieldPanel(name, read_only=True) for name in field_names]


class EnquiryViewSet(ModelViewSet):
    model = Enquiry
    index_view_class = EnquiryIndexView
    icon = "mail"
    menu_label = "Enquiries"
    menu_order = 150
    add_to_admin_menu = True
    copy_view_enabled = False
    add_to_reference_index = False

    list_display = ["full_name", "created_at", "status", "area_of_concern", "contact_method", "notification_status"]
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    search_fields = ["full_name", "email"]  # never the message: health details are not a search term
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
        MultiFieldPanel(
            read_only("full_name", "email", "phone", "contact_method", "preferred_times", "created_at"),
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
