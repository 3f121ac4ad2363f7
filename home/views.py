"""Site-wide views that are not pages: robots.txt and the site search."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from .models import ClinicDetails
from .pagination import paginate
from .search import SearchResult, clean_query, search_pages, search_terms
from .seo import PageMetadata, absolute_url

# Crawlers may read the whole site except the admin and search results (endless
# combinations of the same pages; each results page also says noindex).
ROBOTS_DISALLOWED = ["/admin/", "/search/"]


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED), "Allow: /", ""]
    lines.append(f"Sitemap: {absolute_url(request, '/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def search(request):
    """Search results: never indexed (robots.txt and noindex) and never cached, as they go stale."""
    query, shortened = clean_query(request.GET.get("q", ""))
    terms = search_terms(query)
    results = paginate(request, search_pages(request, terms), settings.SEARCH_RESULTS_PER_PAGE) if terms else None
    title = f"Search results for “{query}”" if terms else "Search"
    if results is not None and results.number > 1:
        title = f"Page {results.number} of {title}"
    context = {
        "query": query,
        "shortened": shortened,
        "max_length": settings.SEARCH_QUERY_MAX_LENGTH,
        "results": results,
        "rows": [SearchResult.of(page, request, terms) for page in results] if results else [],
        "query_string": urlencode({"q": query}) + "&",
        "metadata": PageMetadata(
            title=title,
            site_name=ClinicDetails.for_request(request).name,
            noindex=True,
        ),
    }
    response = TemplateResponse(request, "home/search_results.html", context)
    add_never_cache_headers(response)
    return response
