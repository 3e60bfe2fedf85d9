"""Running a reader's search: normalise the query, pick the engine, paginate, attach snippets."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.utils import timezone

from ..models import Article, Hub
from . import postgres, sqlite
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


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` narrowed to the pages matching ``query``, annotated with ``rank``."""
    return engine().matching(queryset, query)


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


def paginate_ids(
    ranked: QuerySet, number: int, per_page: int = RESULTS_PER_PAGE, order: tuple[str, ...] = ()
) -> tuple[list[int], int, int]:
    """The ids on page ``number`` and the total. Returns ``(ids, total, number)``.

    Only ids and sort keys travel through the sort, not whole rows. On PostgreSQL the
    total comes with the ids (a window count, one query). SQLite cannot evaluate FTS5's
    ranking beside a window function, so there a full page costs a second, counting
    query (a page that is not full needs none). A page past the end becomes the last.
    """
    ordered = ranked.order_by(*(order or ("-rank", "-published_at", "-pk")))
    window = postgres.uses_postgres_search()

    def page_rows(page: int) -> list[tuple[int, int | None]]:
        bounds = slice((page - 1) * per_page, page * per_page)
        if window:
            return list(
                ordered.annotate(match_count=Window(Count("pk"))).values_list("pk", "match_count")[bounds]
            )
        return [(pk, None) for pk in ordered.values_list("pk", flat=True)[bounds]]

    rows = page_rows(number)
    total = None
    if not rows and number > 1:
        total = ranked.count()
        number = max(1, math.ceil(total / per_page))
        rows = page_rows(number) if total else []
    if not rows:
        return [], total or 0, number
    if window:
        total = rows[0][1]
    elif total is None:
        total = (number - 1) * per_page + len(rows) if len(rows) < per_page else ranked.count()
    return [pk for pk, _ in rows], total, number


def _in_order(queryset: QuerySet, ids: list[int]) -> list:
    by_id = {item.pk: item for item in queryset.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def search(
    raw_query: str | None, page_number: str | int | None = 1, now: datetime | None = None
) -> SearchResults:
    """Run a reader's search: a fixed number of queries whatever the number of matches.

    Four on the first page (article ids with their total, those articles, hub ids with
    theirs, those hubs), two on later pages; PostgreSQL adds the two statements of
    ``index_matching``.
    """
    query, notice = normalise_query(raw_query)
    results = SearchResults(query=query, notice=notice)
    if not query:
        return results
    now = now or timezone.now()
    used = engine()
    with index_matching():
        ranked = used.matching(Article.objects.published(now), query)
        ids, total, number = paginate_ids(ranked, parse_page_number(page_number))
        articles = []
        if ids:
            articles = _in_order(
                used.with_snippet_source(Article.objects.select_related("author", "hub"), query), ids
            )
        if number == 1:
            hubs = used.matching(Hub.objects.published(now), query)
            hub_ids, results.hub_total, _ = paginate_ids(
                hubs, 1, HUBS_ON_FIRST_PAGE, order=("-rank", "title", "pk")
            )
            if hub_ids:
                results.hubs = _in_order(
                    used.with_snippet_source(Hub.objects.select_related("pillar"), query), hub_ids
                )
    attach_snippets(articles, used.raw_snippet)
    attach_snippets(results.hubs, used.raw_snippet)
    paginator = Paginator(range(total), RESULTS_PER_PAGE)
    results.page = Page(articles, number, paginator)
    return results
