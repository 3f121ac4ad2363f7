from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_safe
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views

# Django's own 400 handler runs the CSRF check again, reading a form it refused: a 500 (home/errors.py).
handler400 = "home.errors.bad_request"

FAVICON = Path(__file__).resolve().parent / "static" / "img" / "favicon.ico"


@require_safe
def favicon(request):
    """/favicon.ico, which browsers, feed readers and crawlers ask for whatever a page's <link rel=icon> says.

    Shared like a page (bodyzest.cache_headers); pages link the hashed static copy instead.
    """
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("sitemap.xml", require_safe(sitemap), name="sitemap"),
    path("search/", home_views.search, name="search"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's page serving last: it catches every other path.
    path("", include(wagtail_urls)),
]
