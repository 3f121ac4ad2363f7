"""The staff's enquiry inbox in the Wagtail admin, and its panel on the dashboard.

A ``ModelViewSet`` gives the list (newest first, searchable by name and email,
filtered by status, area and date), the edit view (the whole enquiry read-only,
status and staff notes editable) and CSV/XLSX export. Only users with the
enquiry permissions (the "Clinic staff" group, see migrations) see any of it.
"""

import django_filters
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Enquiry

# A spreadsheet runs a cell that starts with one of these as a formula
# (=HYPERLINK(...) can leak data or run commands): OWASP's "CSV injection".
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix an apostrophe to text a spreadsheet would run, so it shows as typed."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


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
    def preprocess_field_value(self, field, value, export_format):
        return neutralise_formula(super().preprocess_field_value(field, value, export_format))


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
