"""Template tags for what every page shows: navigation and the booking call to action."""

from django import template
from wagtail.models import Site

from bodyzest.content_cache import remembered

from contact.models import EnquiryPage

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The header menu: the home page's live, public children marked “Show in menus”.

    The enquiry page is left out: the menu's "Book a free visit" button already leads there.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = remembered("site", "main-navigation", lambda: _menu_items(site, request)) if site else []
    current_path = getattr(context.get("page"), "path", "") or ""
    return {
        "items": [{**item, "is_current": current_path.startswith(item["path"])} for item in items],
        "request": request,  # for {% discovery_visit_url %} inside the menu
    }


def _menu_items(site, request):
    children = site.root_page.get_children().live().public().in_menu().not_type(EnquiryPage)
    return [{"title": child.title, "url": child.get_url(request=request), "path": child.path} for child in children]


@register.simple_tag(takes_context=True)
def discovery_visit_url(context):
    """Where “Book a free discovery visit” goes.

    The live enquiry page; failing that, the home page's chosen
    call-to-action page when it is live; otherwise the contact details in the
    footer, so the button always leads somewhere useful. Remembered with the
    menu until content changes (bodyzest.content_cache).
    """
    request = context.get("request")
    return remembered("site", "discovery-visit-url", lambda: _discovery_visit_url(request))


def _discovery_visit_url(request):
    enquiry_page = EnquiryPage.objects.live().order_by("path").first()
    if enquiry_page is not None:
        return enquiry_page.get_url(request=request)
    site = Site.find_for_request(request) if request else None
    target = getattr(site.root_page.specific, "call_to_action_target", None) if site else None
    if target is not None:
        return target.get_url(request=request)
    return "#clinic-details"
