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
from . import fallback, postgres
from .snippets import attach_snippets
from .text import clean_text

MAX_QUERY_CHARS = 200
RESULTS_PER_PAGE = 10
HUBS_ON_FIRST_PAGE = 3
# Deeper pages are answered with the last page (and keep SQL offsets small).
MAX_PAGE = 1000


@dataclass
class SearchResults:
    """What the results page shows; ``page`` holds articles with ``snippet`` set."""

    query: str
    page: Page | None = None
    hubs: list[Hub] = field(default_factory=list)
    notice: str = ""

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page is not None else 0


def engine() -> ModuleType:
    """The query engine for this database: ``postgres`` or the SQLite ``fallback``."""
    return postgres if postgres.uses_postgres_search() else fallback


def matching(queryset: QuerySet, query: str) -> tuple[QuerySet, list[str]]:
    """``queryset`` narrowed to the matches, annotated with ``rank``; plus the fallback's words."""
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
    ranked: QuerySet, number: int, per_page: int = RESULTS_PER_PAGE
) -> tuple[list[int], int, int]:
    """The ids on page ``number`` and the total, in one narrow query (a window count).

    Only ids and sort keys travel through the sort, not whole rows. A page past the end
    becomes the last page (two more queries, only then). Returns ``(ids, total, number)``.
    """
    ordered = ranked.order_by("-rank", "-published_at", "-pk")
    counted = ordered.annotate(match_count=Window(Count("pk"))).values_list("pk", "match_count")
    rows = list(counted[(number - 1) * per_page : number * per_page])
    if not rows and number > 1:
        total = ranked.count()
        number = max(1, math.ceil(total / per_page))
        rows = list(counted[(number - 1) * per_page : number * per_page]) if total else []
    total = rows[0][1] if rows else 0
    return [pk for pk, _ in rows], total, number


def search(
    raw_query: str | None, page_number: str | int | None = 1, now: datetime | None = None
) -> SearchResults:
    """Run a reader's search: a fixed number of queries whatever the number of matches.

    Three on SQLite (page ids with the total, those articles, hubs); PostgreSQL adds
    the two statements of ``index_matching``.
    """
    query, notice = normalise_query(raw_query)
    results = SearchResults(query=query, notice=notice)
    if not query:
        return results
    now = now or timezone.now()
    used = engine()
    with index_matching():
        ranked, terms = used.matching(Article.objects.published(now), query)
        ids, total, number = paginate_ids(ranked, parse_page_number(page_number))
        articles = []
        if ids:
            found = used.with_snippet_source(
                Article.objects.filter(pk__in=ids).select_related("author", "hub"), query
            )
            by_id = {article.pk: article for article in found}
            articles = [by_id[pk] for pk in ids if pk in by_id]
        if number == 1:
            hubs, _ = used.matching(Hub.objects.published(now).select_related("pillar"), query)
            results.hubs = list(
                used.with_snippet_source(hubs, query).order_by("-rank", "title")[:HUBS_ON_FIRST_PAGE]
            )
    attach_snippets(articles, used.raw_snippet, terms)
    attach_snippets(results.hubs, used.raw_snippet, terms)
    paginator = Paginator(range(total), RESULTS_PER_PAGE)
    results.page = Page(articles, number, paginator)
    return results
