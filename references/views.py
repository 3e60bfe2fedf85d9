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
