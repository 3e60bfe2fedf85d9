"""Public pages: home, pillar, hub, article, author.

Views stay thin: visibility lives in ``PublishableQuerySet``, the number of queries
per page is fixed by ``select_related``/``Prefetch`` here, and every Markdown field
arrives already rendered.
"""

from __future__ import annotations

import functools

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from mindlab.pagecache import cached_for_readers

from . import drafts
from .citations import citations_for_page
from .markdown import reading_minutes
from .models import FAQ, Article, Author, Coauthor, Hub, Pillar, Status, Takeaway, may_preview
from .related import related_articles

LATEST_ON_HOME = 6
AUTHOR_ARTICLES_PER_PAGE = 24
HUB_ARTICLES_PER_PAGE = 30
RELATED_LIMIT = 3


def _is_staff(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.is_staff


def _published_articles(now=None) -> QuerySet[Article]:
    return Article.objects.published(now)


def _get_or_redirect(model, queryset: QuerySet, slug: str):
    """The object at ``slug``; a 301 to its new address if ``slug`` is an old one; else 404."""
    obj = queryset.filter(slug=slug).first()
    if obj is not None:
        return obj, None
    moved = model.find_by_old_slug(slug, queryset)
    if moved is not None:
        return None, HttpResponsePermanentRedirect(moved.get_absolute_url())
    raise Http404(f"No {model._meta.verbose_name} lives at this address.")


def _page_of(request: HttpRequest, items: QuerySet, per_page: int) -> Page:
    """The page of ``items`` that ``?page=`` asks for; 404 for a page that does not exist."""
    try:
        return Paginator(items, per_page).page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404("There is no such page of this list.") from error


def publishes_due_drafts(view):
    """Before a page is rendered, scheduled drafts whose time has come go live (no cron).

    The cache generation expires at the next scheduled time (``pagecache``), so the first
    reader after it lands here.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        drafts.publish_due_drafts()
        return view(request, *args, **kwargs)

    return wrapper


def _with_draft(request: HttpRequest, page, model) -> tuple[object, dict | None]:
    """Staff who may preview see the page's pending draft (never cached); others the live page."""
    if not may_preview(request.user, model):
        return page, None
    draft = drafts.pending_draft(page)
    if draft is None:
        return page, None
    page, rows = drafts.draft_page(page, draft.snapshot)
    return page, {"rows": rows, "references": drafts.draft_citations(draft.snapshot)}


def _page_response(
    request: HttpRequest, template: str, context: dict, page=None, draft: bool = False
) -> HttpResponse:
    """Render a page; previews and staff views are marked private and never cached."""
    is_preview = draft or (page is not None and not page.is_published)
    context = {**context, "is_preview": is_preview}
    if is_preview:
        context["preview_state"] = "unpublished changes" if draft else page.publication_state
    response = render(request, template, context)
    if is_preview or _is_staff(request):
        add_never_cache_headers(response)
        response.headers["Cache-Control"] = "private, no-cache, no-store, must-revalidate, max-age=0"
    if is_preview:
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@cached_for_readers
@publishes_due_drafts
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    pillars = Pillar.objects.prefetch_related(
        Prefetch(
            "hubs",
            queryset=Hub.objects.published(now).order_by("position", "title"),
            to_attr="visible_hubs",
        )
    )
    latest = _published_articles(now).select_related("author", "hub")[:LATEST_ON_HOME]
    return _page_response(request, "articles/home.html", {"pillars": pillars, "latest_articles": latest})


@cached_for_readers
@publishes_due_drafts
def pillar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    now = timezone.now()
    pillar, redirect = _get_or_redirect(Pillar, Pillar.objects.all(), slug)
    if redirect:
        return redirect
    pillar, draft = _with_draft(request, pillar, Pillar)
    published_in_hub = Q(articles__status=Status.PUBLISHED, articles__published_at__lte=now)
    hubs = (
        Hub.objects.published(now)
        .filter(pillar=pillar)
        .annotate(article_count=Count("articles", filter=published_in_hub))
        .order_by("position", "title")
    )
    return _page_response(
        request, "articles/pillar_detail.html", {"pillar": pillar, "hubs": hubs}, draft=draft is not None
    )


def _coauthors() -> Prefetch:
    """A page's co-authors with their profiles (for bylines and JSON-LD): one or two queries."""
    return Prefetch(
        "coauthors", queryset=Coauthor.objects.select_related("author").prefetch_related("author__links")
    )


def _hub_reading_minutes(hub: Hub, articles, faqs: list[FAQ]) -> int:
    """What reading the hub page takes: its essay, the summaries it lists and its FAQs."""
    words = hub.word_count + sum(len(item.summary.split()) for item in articles)
    words += sum(len(f"{faq.question} {faq.answer}".split()) for faq in faqs)
    return reading_minutes(words)


@cached_for_readers
@publishes_due_drafts
def hub_detail(request: HttpRequest, slug: str) -> HttpResponse:
    now = timezone.now()
    queryset = (
        Hub.objects.visible_to(request.user)
        .select_related("pillar", "author")
        .prefetch_related("author__links", _coauthors())
    )
    hub, redirect = _get_or_redirect(Hub, queryset, slug)
    if redirect:
        return redirect
    hub, draft = _with_draft(request, hub, Hub)
    if draft:
        hub.coauthor_rows = draft["rows"].get("coauthors", [])
    articles = (
        _published_articles(now)
        .filter(hub=hub)
        .select_related("author")
        .order_by("position", "published_at", "pk")
    )
    page = _page_of(request, articles, HUB_ARTICLES_PER_PAGE)
    faqs = draft["rows"]["faqs"] if draft else list(FAQ.objects.filter(hub=hub))
    context = {
        "hub": hub,
        "reading_minutes": _hub_reading_minutes(hub, page.object_list, faqs),
        "pillar": hub.pillar,
        "hub_articles": page.object_list,
        "page_obj": page,
        "faqs": faqs,
        "author": hub.author,
        "references": draft["references"] if draft else citations_for_page(hub),
    }
    return _page_response(request, "articles/hub_detail.html", context, page=hub, draft=draft is not None)


@cached_for_readers
@publishes_due_drafts
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    now = timezone.now()
    queryset = (
        Article.objects.visible_to(request.user)
        .select_related("author", "hub__pillar", "reviewed_by")
        .prefetch_related(
            "author__links",
            _coauthors(),
            Prefetch("takeaways", queryset=Takeaway.objects.order_by("position", "pk")),
            Prefetch("faqs", queryset=FAQ.objects.order_by("position", "pk")),
        )
    )
    article, redirect = _get_or_redirect(Article, queryset, slug)
    if redirect:
        return redirect
    article, draft = _with_draft(request, article, Article)
    if draft:
        article.coauthor_rows = draft["rows"].get("coauthors", [])
    hub = article.hub
    if hub is not None and not (hub.is_published or may_preview(request.user, Hub)):
        hub = None  # an unpublished hub is never shown to readers, not even in breadcrumbs
    references = draft["references"] if draft else citations_for_page(article)
    related = related_articles(
        article,
        hub if hub is not None and hub.is_published else None,
        citations=references,
        limit=RELATED_LIMIT,
        now=now,
    )
    context = {
        "article": article,
        "hub": hub,
        "pillar": hub.pillar if hub else None,
        "author": article.author,
        "takeaways": draft["rows"]["takeaways"] if draft else article.takeaways.all(),
        "faqs": draft["rows"]["faqs"] if draft else article.faqs.all(),
        "related_articles": related,
        "references": references,
    }
    return _page_response(
        request, "articles/article_detail.html", context, page=article, draft=draft is not None
    )


@cached_for_readers
@publishes_due_drafts
def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    now = timezone.now()
    author, redirect = _get_or_redirect(Author, Author.objects.prefetch_related("links"), slug)
    if redirect:
        return redirect
    author, draft = _with_draft(request, author, Author)
    wrote = Q(author=author) | Q(coauthors__author=author)  # first author or co-author
    articles = (
        _published_articles(now)
        .filter(wrote)
        .distinct()
        .select_related("hub", "author")
        .order_by("-published_at", "-pk")
    )
    page = _page_of(request, articles, AUTHOR_ARTICLES_PER_PAGE)
    hubs = Hub.objects.published(now).filter(wrote).distinct().select_related("pillar")
    context = {
        "author": author,
        "author_links": draft["rows"]["links"] if draft else author.links.all(),
        "author_articles": page.object_list,
        "page_obj": page,
        "author_hubs": hubs,
    }
    return _page_response(request, "articles/author_detail.html", context, draft=draft is not None)
