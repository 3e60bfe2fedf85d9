"""Running a reader's search: normalise the query, pick the engine, paginate, attach snippets."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType

from django.core.paginator import Page, Paginator
from django.utils import timezone

from ..models import Article, Hub
from . import postgres, sqlite
from .results import HubResult, article_result, article_rows, hub_result, hub_rows
from .slices import Found, Slice
from .text import clean_text

MAX_QUERY_CHARS = 200
RESULTS_PER_PAGE = 10
HUBS_ON_FIRST_PAGE = 3
# Deeper pages are answered with the last page (and keep SQL offsets small).
MAX_PAGE = 1000


@dataclass
class SearchResults:
    """What the results page shows: matching hubs and a page of articles (``results`` records).

    ``hub_total`` and ``total`` count every match (the page shows at most
    ``HUBS_ON_FIRST_PAGE`` hubs, on its first page).
    """

    query: str
    page: Page | None = None
    hubs: list[HubResult] = field(default_factory=list)
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


def page_slices(number: int) -> list[Slice]:
    """Result page ``number``: its articles and, on the first page, the best hubs."""
    articles = Slice(Article, (number - 1) * RESULTS_PER_PAGE, RESULTS_PER_PAGE)
    return [articles, Slice(Hub, 0, HUBS_ON_FIRST_PAGE)] if number == 1 else [articles]


def find_page(query: str, number: int, now: datetime) -> tuple[int, Found, Found]:
    """Page ``number`` of the results (the last page instead when past the end): its number,
    its articles and its hubs (none past the first page), found in one go by the engine.

    Past the end, one more search counts the matches and one more finds the last page.
    """
    used = engine()
    found = used.find(query, page_slices(number), now)
    if found[0].total is None:
        total = used.find(query, [Slice(Article, 0, 1)], now)[0].total or 0
        number = max(1, math.ceil(total / RESULTS_PER_PAGE))
        found = used.find(query, page_slices(number), now)
    articles, hubs = found[0], found[1] if len(found) > 1 else Found([], 0)
    return number, articles, hubs


def search(
    raw_query: str | None, page_number: str | int | None = 1, now: datetime | None = None
) -> SearchResults:
    """Run a reader's search: a fixed number of queries whatever the number of matches.

    On the first page: the ranked, counted ids of the page's articles and of the best hubs
    (one statement, the engine's ``find``), those articles and those hubs; then on SQLite
    their snippets, on PostgreSQL (whose headlines come with the pages) the statements of
    ``index_matching``. Later pages show no hubs (one query fewer); a page past the end
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
        snippet_source = used.snippet_source(query) if found_articles.ids or found_hubs.ids else {}
        articles = article_rows(found_articles.ids, snippet_source) if found_articles.ids else []
        hubs = hub_rows(found_hubs.ids, snippet_source) if found_hubs.ids else []
        used.load_snippets(articles + hubs, query)
    results.hubs = [hub_result(row) for row in hubs]
    results.hub_total = found_hubs.total or 0
    paginator = Paginator(range(found_articles.total or 0), RESULTS_PER_PAGE)
    results.page = Page([article_result(row, now) for row in articles], number, paginator)
    return results
