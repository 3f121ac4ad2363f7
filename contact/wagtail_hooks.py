"""Wagtail admin wiring for enquiries: the inbox, its permission policy, the dashboard panel.

Also the audit log of Settings › Enquiry notifications: each save records who
changed where the clinic is told, with the addresses before and after.
"""

from django.db import transaction
from django.urls import reverse
from wagtail import hooks
from wagtail.actions.edit import EditAction
from wagtail.log_actions import LogFormatter, log
from wagtail.permissions import policy_registry, register_permission_policy

from . import people
from .enquiries import ENQUIRY_READ_ACTIONS, Enquiry, EnquiryNotifications
from .inbox import EnquiryPermissionPolicy, EnquiryViewSet, NewEnquiriesPanel

# Registered before anything asks for the model's policy (Wagtail would otherwise make a default one).
register_permission_policy(Enquiry, EnquiryPermissionPolicy(Enquiry))

enquiry_viewset = EnquiryViewSet("enquiries")

NOTIFICATIONS_EDITED = "contact.edit_enquiry_notifications"


@hooks.register("register_admin_viewset")
def register_enquiry_inbox():
    return enquiry_viewset


@hooks.register("construct_homepage_panels")
def add_new_enquiries_panel(request, panels):
    if policy_registry.get_by_type(Enquiry).user_has_permission(request.user, "change"):
        panels.append(NewEnquiriesPanel(index_url=reverse(enquiry_viewset.get_url_name("index"))))


class EditEnquiryNotifications(EditAction):
    """Saving Settings › Enquiry notifications: logged with the values before and after, not a bare "edited".

    Addresses are the clinic's own, not a person's: the audit log may keep them.
    """

    def __init__(self, instance, user=None, **kwargs):
        super().__init__(instance, user, **kwargs)
        self.log_action = False  # logged below, with what changed

    @transaction.atomic
    def _edit(self, skip_permission_checks=False):
        before = EnquiryNotifications.objects.select_for_update().filter(pk=self.instance.pk).first()
        instance = super()._edit(skip_permission_checks=skip_permission_checks)
        log(
            instance=instance,
            action=NOTIFICATIONS_EDITED,
            user=self.user,
            content_changed=self.content_changed,
            data={
                "old_addresses": before.recipients if before else [],
                "new_addresses": instance.recipients,
                "old_include_area_of_concern": before.include_area_of_concern if before else False,
                "new_include_area_of_concern": instance.include_area_of_concern,
            },
        )
        return instance


@hooks.register("register_actions")
def register_enquiry_notifications_edit(actions):
    actions.register(EnquiryNotifications, EditEnquiryNotifications)


def addresses_text(addresses):
    return ", ".join(addresses) or "the clinic's email (none set here)"


@hooks.register("register_log_actions")
def register_enquiry_notifications_log(actions):
    @actions.register_action(NOTIFICATIONS_EDITED)
    class NotificationsEdited(LogFormatter):
        label = "Change where enquiry notifications go"

        def format_message(self, log_entry):
            data = log_entry.data
            changes = []
            if data["old_addresses"] != data["new_addresses"]:
                changes.append(
                    f"addresses changed from {addresses_text(data['old_addresses'])} "
                    f"to {addresses_text(data['new_addresses'])}"
                )
            if data["old_include_area_of_concern"] != data["new_include_area_of_concern"]:
                shown = "now included" if data["new_include_area_of_concern"] else "now left out"
                changes.append(f"area of concern {shown}")
            return "Enquiry notifications: " + ("; ".join(changes) or "saved, nothing changed")


# People's rights (contact/people.py): find a person, download, erase; holds; the purge's last run.


@hooks.register("register_admin_urls")
def register_people_urls():
    return people.admin_urls()


@hooks.register("register_admin_menu_item")
def register_find_a_person_menu_item():
    return people.FindPersonMenuItem("Find a person", reverse("contact_people_find"), icon_name="user", order=151)


@hooks.register("construct_homepage_panels")
def add_purge_panel(request, panels):
    if people.can(request, *ENQUIRY_READ_ACTIONS):
        panels.append(people.PurgePanel())


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    actions.register_action(people.DOWNLOADED, "Download a person's data", "Downloaded with the person's other data")
    actions.register_action(people.HELD, "Keep past deletion", "Kept past its deletion date (on hold)")
    actions.register_action(people.RELEASED, "Release a hold", "Released: deleted on time")

    @actions.register_action(people.ERASED)
    class PersonErased(LogFormatter):
        label = "Erase a person"

        def format_message(self, log_entry):
            numbers = log_entry.data.get("erased_together", [])
            return f"Erased at the person's request, with enquiries {', '.join(map(str, numbers))}"
