"""Public page of one cited work and the published pages that cite it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from articles.models import Article, Hub

from .models import Citation


def citation_detail(request: HttpRequest, key: str) -> HttpResponse:
    citation = Citation.objects.filter(key=key).first()
    if citation is None:
        raise Http404("No reference has this key.")
    now = timezone.now()
    articles = (
        Article.objects.published(now)
        .filter(citation_links__citation=citation)
        .select_related("hub")
        .distinct()
        .order_by("title")
    )
    hubs = Hub.objects.published(now).filter(citation_links__citation=citation).distinct().order_by("title")
    context = {"citation": citation, "citing_articles": list(articles), "citing_hubs": list(hubs)}
    return render(request, "references/citation_detail.html", context)


EXPORT_FORMATS = {"bib": "bibtex", "ris": "ris", "json": "csl-json"}


def page_references_export(request: HttpRequest, kind: str, slug: str, ext: str) -> HttpResponse:
    """A page's reference list as a file readers can load into their reference manager."""
    from .api import citations_for_page
    from .exporters import CONTENT_TYPES, export

    model = {"article": Article, "hub": Hub}.get(kind)
    fmt = EXPORT_FORMATS.get(ext)
    if model is None or fmt is None:
        raise Http404("No such export.")
    page = model.objects.visible_to(request.user).filter(slug=slug).first()
    if page is None:
        raise Http404("No page lives at this address.")
    response = HttpResponse(export(citations_for_page(page), fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slug}-references.{ext}"'
    if not page.is_published:
        response["Cache-Control"] = "private, no-store"
    return response
