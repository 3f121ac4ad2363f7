"""One page of a long list (posts, search results) from the ``?page=`` a reader asked for."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404


def paginate(request, items, per_page):
    """Return the requested page of ``items``.

    A missing, non-numeric or zero ``?page=`` shows the first page; a number
    past the end is a 404, as there is nothing there to show.
    """
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        if _requested_number(request) < 1:
            return paginator.page(1)
        raise Http404("There is no such page.") from None


def _requested_number(request):
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1
