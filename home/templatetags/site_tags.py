"""Template tags for what every page shows: the header menu (and, with it, the footer's links)."""

from django import template
from django.db.models import Q
from wagtail.models import Page, Site, get_page_models

from bodyzest.content_cache import any_view_restrictions, remembered
from home.models import ClinicDetails

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The header menu: the home page's live, public children marked “Show in menus”.

    A page type with ``show_in_main_navigation = False`` is left out: the enquiry page,
    where the menu's "Book a free visit" button already leads.
    """
    request = context.get("request")
    items = site_links(request)["menu"] if request else []
    current_path = getattr(context.get("page"), "path", "") or ""
    return {
        "items": [{**item, "is_current": current_path.startswith(item["path"])} for item in items],
        "request": request,  # for {% discovery_visit_url %} inside the menu
    }


def site_links(request):
    """The header menu's pages, the footer's (privacy notice, accessibility statement) and the booking page's address.

    One query finds them all on a cold render (tests/deploy/test_query_budget.py):
    the home page's live children marked "Show in menus", the live pages chosen
    in the clinic details, and the first live page of a type that takes bookings
    (``takes_bookings``: the enquiry page); private ones are left out of all three.
    """
    site = Site.find_for_request(request)
    if site is None:
        return {"menu": [], "footer": [], "booking": None}
    return remembered("site", "site-links", lambda: _find_site_links(site, request))


def _find_site_links(site, request):
    clinic = ClinicDetails.for_request(request)
    footer_ids = [pk for pk in (clinic.privacy_notice_id, clinic.accessibility_statement_id) if pk]
    unlisted = [model for model in get_page_models() if not getattr(model, "show_in_main_navigation", True)]
    booking_types = [model for model in get_page_models() if getattr(model, "takes_bookings", False)]
    pages = Page.objects.live()
    in_menu = pages.child_of_q(site.root_page) & pages.in_menu_q() & ~pages.type_q(*unlisted)
    takes_bookings = pages.type_q(*booking_types) if booking_types else Q(pk__in=[])
    pages = pages.filter(in_menu | Q(pk__in=footer_ids) | takes_bookings).order_by("path")
    if any_view_restrictions():  # else public() would ask the database for nothing
        pages = pages.public()
    pages = list(pages)
    root = site.root_page
    menu = [
        page
        for page in pages
        if page.depth == root.depth + 1
        and page.path.startswith(root.path)
        and page.show_in_menus
        and page.specific_class not in unlisted
    ]
    found = {page.pk: page for page in pages}
    booking = next((page for page in pages if page.specific_class in booking_types), None)
    return {
        "booking": booking.get_url(request=request) if booking else None,
        "menu": [{"title": page.title, "url": page.get_url(request=request), "path": page.path} for page in menu],
        "footer": [
            {"title": found[pk].title, "url": found[pk].get_url(request=request)} for pk in footer_ids if pk in found
        ],
    }
