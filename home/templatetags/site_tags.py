"""Template tags for what every page shows: navigation and the booking call to action."""

from django import template
from wagtail.models import Site

from contact.models import EnquiryPage

register = template.Library()


def _site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.specific if site else None


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The header menu: the home page's live, public children marked “Show in menus”.

    The enquiry page is left out: the menu's "Book a free visit" button already leads there.
    """
    root = _site_root(context)
    children = root.get_children().live().public().in_menu().not_type(EnquiryPage) if root else []
    current = context.get("page")
    current_path = getattr(current, "path", "") or ""
    return {
        "items": [
            {"page": child, "is_current": current_path.startswith(child.path)} for child in children
        ],
    }


@register.simple_tag(takes_context=True)
def discovery_visit_url(context):
    """Where “Book a free discovery visit” goes.

    The live enquiry page (found in one query); failing that, the home page's
    chosen call-to-action page when it is live; otherwise the contact details
    in the footer, so the button always leads somewhere useful.
    """
    request = context.get("request")
    enquiry_page = EnquiryPage.objects.live().order_by("path").first()
    if enquiry_page is not None:
        return enquiry_page.get_url(request=request)
    root = _site_root(context)
    target = getattr(root, "call_to_action_target", None)
    if target is not None:
        return target.get_url(request=request)
    return "#clinic-details"
