"""Template tags for what every page shows: navigation and the booking call to action.

Both answers are the same on every page of a site until staff change a page,
so they are remembered per site (bodyzest.content_cache) and cost no query.
"""

from django import template

from bodyzest.content_cache import remembered, site_for_request
from contact.models import EnquiryPage

register = template.Library()


def _site(context):
    request = context.get("request")
    return site_for_request(request) if request else None


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The header menu: the home page's live, public children marked “Show in menus”.

    The enquiry page is left out: the menu's "Book a free visit" button already leads there.
    """
    site = _site(context)
    items = remembered("main-navigation", site.pk, lambda: _menu_items(site, context.get("request"))) if site else []
    current_path = getattr(context.get("page"), "path", "") or ""
    return {
        "items": [{**item, "is_current": current_path.startswith(item["path"])} for item in items],
        "request": context.get("request"),  # for {% discovery_visit_url %} inside the menu
    }


def _menu_items(site, request):
    children = site.root_page.get_children().live().public().in_menu().not_type(EnquiryPage)
    return [{"title": child.title, "url": child.get_url(request=request), "path": child.path} for child in children]


@register.simple_tag(takes_context=True)
def discovery_visit_url(context):
    """Where “Book a free discovery visit” goes.

    The live enquiry page; failing that, the home page's chosen
    call-to-action page when it is live; otherwise the contact details in the
    footer, so the button always leads somewhere useful.
    """
    site = _site(context)
    request = context.get("request")
    if site is None:
        return _discovery_visit_url(None, request)
    return remembered("discovery-visit-url", site.pk, lambda: _discovery_visit_url(site, request))


def _discovery_visit_url(site, request):
    enquiry_page = EnquiryPage.objects.live().order_by("path").first()
    if enquiry_page is not None:
        return enquiry_page.get_url(request=request)
    target = getattr(site.root_page.specific, "call_to_action_target", None) if site else None
    if target is not None:
        return target.get_url(request=request)
    return "#clinic-details"
