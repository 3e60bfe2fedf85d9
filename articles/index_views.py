"""Index pages: every article, author, pillar and cited work, paginated.

``/articles/`` (newest first, filterable by pillar or hub), ``/authors/`` (with their
roles, medical reviewers with the articles they reviewed), ``/pillars/`` (with their
hubs) and ``/references/`` (the library of works cited on published pages, searchable
by author, title or year, each with the pages that cite it). Each page runs a fixed
number of queries, whatever the number of rows, and is kept by the page cache.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from mindlab.pagecache import cached_for_readers
from references.api import Citation

from .models import Article, Author, Hub, PageCitation, Pillar, Status
from .views import _page_of, _page_response

ARTICLES_PER_PAGE = 24
AUTHORS_PER_PAGE = 30
PILLARS_PER_PAGE = 12
REFERENCES_PER_PAGE = 30
REVIEWED_SHOWN = 5
MAX_REFERENCE_QUERY_CHARS = 100
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)[a-z]?$")


def _index_context(request: HttpRequest, title: str, page, **extra) -> dict:
    """What every index template and its JSON-LD (``discovery_kind = "index"``) read."""
    return {
        "discovery_kind": "index",
        "index_title": title,
        "index_url": request.path,
        "index_items": page.object_list,
        "page_obj": page,
        **extra,
    }


@cached_for_readers(selecting=("pillar", "hub"))
def article_index(request: HttpRequest) -> HttpResponse:
    """``/articles/``: published articles, newest first; ``?pillar=<slug>`` or ``?hub=<slug>``."""
    now = timezone.now()
    pillars = list(Pillar.objects.order_by("number"))
    hubs = list(
        Hub.objects.published(now).select_related("pillar").order_by("pillar__number", "position", "title")
    )
    articles = Article.objects.published(now).select_related("author", "hub").order_by("-published_at", "-pk")
    pillar = next((p for p in pillars if p.slug == request.GET.get("pillar")), None)
    hub = next((h for h in hubs if h.slug == request.GET.get("hub")), None)
    filters = {}
    if hub is not None:
        articles = articles.filter(hub=hub)
        filters["hub"] = hub.slug
        pillar = None
    elif pillar is not None:
        articles = articles.filter(
            hub__pillar=pillar, hub__status=Status.PUBLISHED, hub__published_at__lte=now
        )
        filters["pillar"] = pillar.slug
    page = _page_of(request, articles, ARTICLES_PER_PAGE)
    title = (
        f"Articles: {hub.display_name}"
        if hub
        else f"Articles: {pillar.display_name}"
        if pillar
        else "All articles"
    )
    context = _index_context(
        request,
        title,
        page,
        pillars=pillars,
        hubs=hubs,
        chosen_pillar=pillar,
        chosen_hub=hub,
        page_query=urlencode(filters) + "&" if filters else "",
    )
    return _page_response(request, "articles/article_index.html", context)


def _people_with_published_work(now) -> QuerySet[Author]:
    published_article = Q(articles__status=Status.PUBLISHED, articles__published_at__lte=now)
    published_hub = Q(hubs__status=Status.PUBLISHED, hubs__published_at__lte=now)
    return (
        Author.objects.annotate(
            article_count=Count("articles", filter=published_article, distinct=True),
            hub_count=Count("hubs", filter=published_hub, distinct=True),
            reviewed_count=Count(
                "reviewed_articles",
                filter=Q(
                    reviewed_articles__status=Status.PUBLISHED,
                    reviewed_articles__published_at__lte=now,
                    reviewed_articles__reviewed_at__isnull=False,
                ),
                distinct=True,
            ),
        )
        .filter(Q(article_count__gt=0) | Q(hub_count__gt=0) | Q(reviewed_count__gt=0))
        .order_by("name", "pk")
    )


@cached_for_readers
def author_index(request: HttpRequest) -> HttpResponse:
    """``/authors/``: the people behind published pages, as authors and as medical reviewers."""
    now = timezone.now()
    reviewed = (
        Article.objects.published(now).filter(reviewed_at__isnull=False).order_by("-reviewed_at", "-pk")
    )
    people = _people_with_published_work(now).prefetch_related(
        Prefetch("reviewed_articles", queryset=reviewed, to_attr="reviewed_list")
    )
    page = _page_of(request, people, AUTHORS_PER_PAGE)
    context = _index_context(request, "Authors and reviewers", page, reviewed_shown=REVIEWED_SHOWN)
    return _page_response(request, "articles/author_index.html", context)


@cached_for_readers
def pillar_index(request: HttpRequest) -> HttpResponse:
    """``/pillars/``: every pillar with its published hubs and how many articles each has."""
    now = timezone.now()
    published_in_hub = Q(articles__status=Status.PUBLISHED, articles__published_at__lte=now)
    hubs = (
        Hub.objects.published(now)
        .annotate(article_count=Count("articles", filter=published_in_hub))
        .order_by("position", "title")
    )
    pillars = Pillar.objects.order_by("number").prefetch_related(
        Prefetch("hubs", queryset=hubs, to_attr="visible_hubs")
    )
    page = _page_of(request, pillars, PILLARS_PER_PAGE)
    return _page_response(request, "articles/pillar_index.html", _index_context(request, "Pillars", page))


def _reference_filter(query: str) -> Q:
    """Every word of ``query`` in the authors or the title; a year matches the year."""
    condition = Q()
    for word in query.split():
        if _YEAR.match(word):
            condition &= Q(year=int(word[:4]))
        else:
            condition &= Q(author_text__icontains=word) | Q(title__icontains=word)
    return condition


@cached_for_readers(selecting=("q",))
def reference_index(request: HttpRequest) -> HttpResponse:
    """``/references/``: works cited on published pages (``?q=`` author, title or year)."""
    now = timezone.now()
    on_published_page = Q(article__in=Article.objects.published(now).values("pk")) | Q(
        hub__in=Hub.objects.published(now).values("pk")
    )
    links = PageCitation.objects.filter(on_published_page)
    # A NUL can never match a stored work (and PostgreSQL refuses to compare text holding one).
    query = " ".join((request.GET.get("q") or "").replace("\x00", " ").split())[:MAX_REFERENCE_QUERY_CHARS]
    works = Citation.objects.filter(Exists(links.filter(citation=OuterRef("pk"))))
    if query:
        works = works.filter(_reference_filter(query))
    citing = links.select_related("article", "hub").order_by("hub_id", "article__title", "hub__title", "pk")
    works = works.order_by("sort_key", "pk").prefetch_related(
        Prefetch("page_links", queryset=citing, to_attr="published_links")
    )
    page = _page_of(request, works, REFERENCES_PER_PAGE)
    for work in page.object_list:
        pages = {(link.article_id, link.hub_id): link.page for link in work.published_links}
        work.citing_pages = list(pages.values())
    context = _index_context(
        request,
        "References",
        page,
        query=query,
        max_query_chars=MAX_REFERENCE_QUERY_CHARS,
        page_query=urlencode({"q": query}) + "&" if query else "",
        index_url=reverse("references:index"),
    )
    return _page_response(request, "references/reference_index.html", context)
