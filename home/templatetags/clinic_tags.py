"""The clinic's details inside pages: the footer's links, and page text that names the clinic's details.

Text written once (the privacy notice, the accessibility statement) names the
clinic's details with words in braces, filled in as the page is shown, so it
stays true when staff change Settings › Clinic details or the retention setting.
"""

import re

from django import template
from django.conf import settings
from django.template.defaultfilters import pluralize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from home.models import ClinicDetails

from .site_tags import site_links

register = template.Library()

DETAIL = re.compile(r"\{(clinic name|clinic address|clinic email|clinic phone|enquiry retention period)\}")
LIST_ITEM = re.compile(r"<li\b[^>]*>(?:(?!<li\b).)*?</li>", re.DOTALL)  # an innermost item


def clinic_detail_values(clinic):
    """Each word in braces as the HTML it becomes; "" for a detail staff left empty."""
    months = settings.ENQUIRY_RETENTION_MONTHS
    return {
        "clinic name": escape(clinic.name),
        "clinic address": escape(", ".join(clinic.address_lines)),
        "clinic email": format_html('<a href="mailto:{0}">{0}</a>', clinic.email) if clinic.email else "",
        "clinic phone": (
            format_html('<a href="{}">{}</a>', clinic.phone_href, clinic.phone)
            if clinic.phone_href
            else escape(clinic.phone)
        ),
        "enquiry retention period": f"{months} month{pluralize(months)}",
    }


def fill_in(html, clinic):
    """``html`` with its words in braces replaced, a list item whose detail is empty left out."""
    values = clinic_detail_values(clinic)

    def item(match):
        names = DETAIL.findall(match.group())
        return "" if any(not values[name] for name in names) else match.group()

    html = LIST_ITEM.sub(item, str(html))
    return mark_safe(DETAIL.sub(lambda match: values[match.group(1)], html))


@register.simple_tag(takes_context=True)
def with_clinic_details(context, html):
    """Rich text (already rendered) with the clinic's details filled in: ``{% with_clinic_details page.body|richtext %}``."""
    return fill_in(html, ClinicDetails.for_request(context["request"]))


@register.simple_tag(takes_context=True)
def footer_links(context):
    """(title, url) of the privacy notice and accessibility statement chosen in the clinic details, if live and public."""
    request = context.get("request")
    return site_links(request)["footer"] if request is not None else []
