"""Site-wide views that are not pages: robots.txt and the site search."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from .seo import absolute_url

# Crawlers may read the whole site except the admin and search results (endless
# combinations of the same pages; each results page also says noindex).
ROBOTS_DISALLOWED = ["/admin/", "/search/"]


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED), "Allow: /", ""]
    lines.append(f"Sitemap: {absolute_url(request, '/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
