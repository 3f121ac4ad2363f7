"""Template tags for the discovery-visit enquiry that any page may show: where "Book a free visit" goes."""

from django import template
from wagtail.models import Site

from bodyzest.content_cache import remembered
from home.templatetags.site_tags import site_links

register = template.Library()


@register.simple_tag(takes_context=True)
def discovery_visit_url(context):
    """Where “Book a free discovery visit” goes.

    The live, public enquiry page (found with the menu, home's ``site_links``);
    failing that, the home page's chosen call-to-action page when it is live;
    otherwise the contact details in the footer, so the button always leads
    somewhere useful. Remembered until content changes (bodyzest.content_cache).
    """
    request = context.get("request")
    return remembered("site", "discovery-visit-url", lambda: _discovery_visit_url(request))


def _discovery_visit_url(request):
    booking = site_links(request)["booking"] if request else None
    if booking is not None:
        return booking
    site = Site.find_for_request(request) if request else None
    target = getattr(site.root_page.specific, "call_to_action_target", None) if site else None
    if target is not None:
        return target.get_url(request=request)
    return "#clinic-details"
