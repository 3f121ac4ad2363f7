"""Wagtail admin wiring for enquiries: the inbox, its permission policy and the dashboard panel."""

from django.urls import reverse
from wagtail import hooks
from wagtail.permissions import policy_registry, register_permission_policy

from .inbox import EnquiryPermissionPolicy, EnquiryViewSet, NewEnquiriesPanel
from .models import Enquiry

# Registered before anything asks for the model's policy (Wagtail would otherwise make a default one).
register_permission_policy(Enquiry, EnquiryPermissionPolicy(Enquiry))

enquiry_viewset = EnquiryViewSet("enquiries")


@hooks.register("register_admin_viewset")
def register_enquiry_inbox():
    return enquiry_viewset


@hooks.register("construct_homepage_panels")
def add_new_enquiries_panel(request, panels):
    if policy_registry.get_by_type(Enquiry).user_has_permission(request.user, "change"):
        panels.append(NewEnquiriesPanel(index_url=reverse(enquiry_viewset.get_url_name("index"))))
