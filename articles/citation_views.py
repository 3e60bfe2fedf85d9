"""Public pages about cited works: a work and the published pages citing it, and a page's
reference list as a file for reference managers."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from references.api import Citation

from .citations import citations_for_page, references_download
from .models import Article, Hub

# File extension in the address -> export format of ``references.api``.
EXPORT_FORMATS = {"bib": "bibtex", "ris": "ris", "json": "csl-json"}


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


def page_references_export(request: HttpRequest, kind: str, slug: str, ext: str) -> HttpResponse:
    """A page's reference list as a file readers can load into their reference manager."""
    model = {"article": Article, "hub": Hub}.get(kind)
    fmt = EXPORT_FORMATS.get(ext)
    if model is None or fmt is None:
        raise Http404("No such export.")
    page = model.objects.visible_to(request.user).filter(slug=slug).first()
    if page is None:
        raise Http404("No page lives at this address.")
    response = references_download(citations_for_page(page), fmt, name=f"{slug}-references")
    if not page.is_published:
        response["Cache-Control"] = "private, no-store"
    return response
