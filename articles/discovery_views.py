"""Pages for finding content: search results and ``robots.txt``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from mindlab import site

from .models import Pillar
from .search import MAX_QUERY_CHARS, search
from .search.spelling import suggest


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """``/search/?q=``: published hubs and articles; never indexed by search engines.

    When nothing matches, the page suggests a spelling and offers the pillars.
    """
    results = search(request.GET.get("q"), request.GET.get("page") or 1)
    context = {"results": results, "query": results.query, "max_query_chars": MAX_QUERY_CHARS}
    if results.query and not results.total and not results.hubs:
        context["suggestion"] = suggest(results.query)
        context["pillars"] = Pillar.objects.order_by("number")
    response = render(request, "articles/search.html", context)
    response.headers["X-Robots-Tag"] = "noindex, follow"
    return response


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read everything public; the admin and result pages are not worth crawling."""
    sitemap_url = request.build_absolute_uri(reverse("articles:sitemap"))
    lines = [
        f"# {site.SITE_NAME}",
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
