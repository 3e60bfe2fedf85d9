"""Running a reader's search: normalise the query, pick the engine, paginate, attach snippets."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from ..models import Article, Hub
from . import postgres, sqlite
from .slices import Found, Slice
from .snippets import attach_snippets
from .text import clean_text

MAX_QUERY_CHARS = 200
RESULTS_PER_PAGE = 10
HUBS_ON_FIRST_PAGE = 3
# Deeper pages are answered with the last page (and keep SQL offsets small).
MAX_PAGE = 1000


@dataclass
class SearchResults:
    """What the results page shows: matching hubs and a page of articles, each with ``snippet``.

    ``hub_total`` and ``total`` count every match (the page shows at most
    ``HUBS_ON_FIRST_PAGE`` hubs, on its first page).
    """

    query: str
    page: Page | None = None
    hubs: list[Hub] = field(default_factory=list)
    hub_total: int = 0
    notice: str = ""

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page is not None else 0


def engine() -> ModuleType:
    """The query engine for this database: ``postgres`` or SQLite's FTS5 (``sqlite``)."""
    return postgres if postgres.uses_postgres_search() else sqlite


@contextmanager
def index_matching() -> Iterator[None]:
    """On PostgreSQL, match through the GIN index (see ``postgres.index_matching``)."""
    if postgres.uses_postgres_search():
        with postgres.index_matching():
            yield
    else:
        yield


def normalise_query(raw: str | None) -> tuple[str, str]:
    """The query to run and, if it had to be changed, a note for the reader."""
    query = clean_text(raw or "")
    if len(query) > MAX_QUERY_CHARS:
        cut = query[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] or query[:MAX_QUERY_CHARS]
        return cut, f"Your search was long, so only its first {MAX_QUERY_CHARS} characters were used."
    return query, ""


def parse_page_number(value: str | int | None) -> int:
    """A page number from the address: 1 when missing or odd, never beyond ``MAX_PAGE``."""
    try:
        return min(max(1, int(value or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


# What a result shows (the pages' rendered bodies stay in the database).
ARTICLE_FIELDS = (
    "title",
    "slug",
    "summary",
    "published_at",
    "status",
    "author__name",
    "author__slug",
    "hub__title",
    "hub__name",
    "hub__slug",
    "hub__status",
    "hub__published_at",
)
HUB_FIELDS = (
    "name",
    "title",
    "slug",
    "summary",
    "status",
    "published_at",
    "pillar__number",
    "pillar__name",
    "pillar__slug",
)
ARTICLE_ORDER = ("-rank", "-published_at", "-pk")
HUB_ORDER = ("-rank", "title", "pk")


def page_slices(number: int, now: datetime) -> list[Slice]:
    """Result page ``number``: its articles and, on the first page, the best hubs."""
    articles = Slice(
        Article.objects.published(now), (number - 1) * RESULTS_PER_PAGE, RESULTS_PER_PAGE, ARTICLE_ORDER
    )
    if number > 1:
        return [articles]
    return [articles, Slice(Hub.objects.published(now), 0, HUBS_ON_FIRST_PAGE, HUB_ORDER)]


def find_page(query: str, number: int, now: datetime) -> tuple[int, Found, Found]:
    """Page ``number`` of the results (the last page instead when past the end): its number,
    its articles and its hubs (none past the first page), found in one go by the engine.

    Past the end, one more search counts the matches and one more finds the last page.
    """
    used = engine()
    found = used.find(query, page_slices(number, now))
    if found[0].total is None:
        total = used.find(query, [Slice(Article.objects.published(now), 0, 1, ARTICLE_ORDER)])[0].total or 0
        number = max(1, math.ceil(total / RESULTS_PER_PAGE))
        found = used.find(query, page_slices(number, now))
    articles, hubs = found[0], found[1] if len(found) > 1 else Found([], 0)
    return number, articles, hubs


def _in_order(queryset: QuerySet, ids: list[int]) -> list:
    by_id = {item.pk: item for item in queryset.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def search(
    raw_query: str | None, page_number: str | int | None = 1, now: datetime | None = None
) -> SearchResults:
    """Run a reader's search: a fixed number of queries whatever the number of matches.

    Four on the first page on SQLite: the ranked, counted ids of the page's articles and
    of the best hubs (one statement, ``sqlite.find``), those articles, those hubs, and
    their snippets. Six on PostgreSQL: article ids with their total, hub ids with theirs,
    the articles and the hubs (headlines included), and the two statements of
    ``index_matching``. Later pages show no hubs (two queries fewer); a page past the end
    costs two more.
    """
    query, notice = normalise_query(raw_query)
    results = SearchResults(query=query, notice=notice)
    if not query:
        return results
    now = now or timezone.now()
    used = engine()
    with index_matching():
        number, found_articles, found_hubs = find_page(query, parse_page_number(page_number), now)
        articles = []
        if found_articles.ids:
            articles = _in_order(
                used.with_snippet_source(
                    Article.objects.select_related("author", "hub").only(*ARTICLE_FIELDS), query
                ),
                found_articles.ids,
            )
        if found_hubs.ids:
            results.hubs = _in_order(
                used.with_snippet_source(Hub.objects.select_related("pillar").only(*HUB_FIELDS), query),
                found_hubs.ids,
            )
        results.hub_total = found_hubs.total or 0
        used.load_snippets(articles + results.hubs, query)
    attach_snippets(articles, used.raw_snippet)
    attach_snippets(results.hubs, used.raw_snippet)
    paginator = Paginator(range(found_articles.total or 0), RESULTS_PER_PAGE)
    results.page = Page(articles, number, paginator)
    return results
