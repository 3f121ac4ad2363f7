"""Template tags for the discovery-visit enquiry that any page may show: where "Book a free visit" goes."""

from django import template
from wagtail.models import Site

from bodyzest.content_cache import remembered
from contact.models import EnquiryPage

register = template.Library()


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
