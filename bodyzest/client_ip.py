"""The visitor's address, as the proxies the clinic runs in front of Django report it.

Behind proxies REMOTE_ADDR is the nearest proxy, and each proxy appends the
address it was connected from to X-Forwarded-For, so the visitor is the entry
TRUSTED_PROXY_COUNT places from the end: anything before it the visitor wrote.
A CDN names the visitor in a header of its own instead (CLIENT_IP_HEADER).
The enquiry rate limit, reCAPTCHA's remoteip and django-axes all use this.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The visitor's address; the connection's when the proxies' report is missing, short or garbled.

    Falling back to REMOTE_ADDR, never to an entry the visitor may have
    written, keeps a broken chain of proxies from becoming a way round the limits.
    """
    reported = ""
    if settings.CLIENT_IP_HEADER:
        reported = request.META.get(settings.CLIENT_IP_HEADER, "")
    elif settings.TRUSTED_PROXY_COUNT:
        entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(entries) >= settings.TRUSTED_PROXY_COUNT:
            reported = entries[-settings.TRUSTED_PROXY_COUNT]
    return canonical_address(reported) or canonical_address(request.META.get("REMOTE_ADDR", ""))


def canonical_address(text):
    """One spelling per address ("" if it is none), so a visitor has one rate-limit bucket.

    A dual-stack socket reports an IPv4 visitor as ``::ffff:a.b.c.d``, which
    would otherwise share an IPv6 /64 bucket with every other IPv4 visitor.
    """
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return ""
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)
