"""Template tags for what every page shows: the header menu."""

from django import template
from wagtail.models import Site, get_page_models

from bodyzest.content_cache import any_view_restrictions, remembered

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The header menu: the home page's live, public children marked “Show in menus”.

    A page type with ``show_in_main_navigation = False`` is left out: the enquiry page,
    where the menu's "Book a free visit" button already leads.
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
    unlisted = [model for model in get_page_models() if not getattr(model, "show_in_main_navigation", True)]
    children = site.root_page.get_children().live().in_menu().not_type(*unlisted)
    if any_view_restrictions():  # else public() would ask the database for nothing
        children = children.public()
    return [{"title": child.title, "url": child.get_url(request=request), "path": child.path} for child in children]
