"""Template tags for what a page tells search engines: its metadata and its JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

from home.models import ClinicDetails
from home.seo import PageMetadata, absolute_url, branded_social_image, summarise

register = template.Library()


@register.filter
def json_ld(data):
    """``data`` as a ``<script type="application/ld+json">`` block.

    Escaped exactly as Django's ``json_script`` escapes (``<``, ``>`` and ``&``
    become ``\\u003C``...), so no text staff type can close the script element.
    Browsers never run a JSON-LD block, so a Content-Security-Policy allows it.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def page_metadata(context):
    """The ``PageMetadata`` of what is being shown, or None (e.g. on an error page).

    A view that is not a page passes its own as ``metadata``. Any view may pass
    ``noindex=True`` (a thank-you page does); previews are never indexed.
    """
    request = context.get("request")
    page = context.get("page")
    metadata = context.get("metadata")
    if metadata is None and page is not None and request is not None:
        if hasattr(page, "get_metadata"):
            metadata = page.get_metadata(request, context)
        else:
            metadata = _plain_page_metadata(page, request)
    if metadata is not None and (context.get("noindex") or getattr(request, "is_preview", False)):
        metadata.noindex = True
    if metadata is not None and request is not None:
        metadata.default_image = branded_social_image(request)
    return metadata


def _plain_page_metadata(page, request):
    """Metadata from Wagtail's own fields, for a page type without ``SeoMixin``.

    Its canonical address is the one asked for, without the query string: such
    a page may answer several (the enquiry page's thank-you is one).
    """
    clinic = ClinicDetails.for_request(request)
    return PageMetadata(
        title=page.seo_title or page.title,
        site_name=clinic.name,
        description=summarise(page.search_description),
        canonical_url=absolute_url(request, request.path),
        image=clinic.social_image(request),
    )
