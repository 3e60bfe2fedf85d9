"""The PostgreSQL engine: full-text search with weighted vectors, ranking and headlines.

Each entry stores a weighted ``tsvector`` of title (A), lead (B) and body (C) for matching
(GIN-indexed) and a small one of title and lead for ranking. Queries are built
from the site's one query syntax (``syntax``: quotes, ``or``, ``-word``, ``word*``) as
plain, phrase and prefix ``tsquery`` parts combined with ``&``, ``|`` and ``!``;
``ts_rank`` ordering (title above lead; pages that only mention the words in their body
follow) and ``ts_headline`` snippets.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVector
from django.db import connection, transaction
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.functions import Concat, Left

from ..models import SearchEntry
from .slices import Found, Slice, collect, nothing
from .snippets import MARK_END, MARK_START, SNIPPET_WORDS
from .syntax import ParsedQuery, Term, parse

SEARCH_CONFIG = "english"

_TITLE_AND_LEAD = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
    "lead", weight="B", config=SEARCH_CONFIG
)
# What PostgreSQL stores per entry: every word for matching, title and lead for ranking.
VECTORS = {
    "vector": _TITLE_AND_LEAD + SearchVector("body", weight="C", config=SEARCH_CONFIG),
    "rank_vector": _TITLE_AND_LEAD,
}
# ts_headline parses all the text it is given: snippets come from the first characters
# of lead + body (a match further down still shows the start of the lead).
SNIPPET_SOURCE_CHARS = 1500


def uses_postgres_search() -> bool:
    """True when the database is PostgreSQL (this engine), False for SQLite's FTS5."""
    return connection.vendor == "postgresql"


def _term_query(term: Term) -> SearchQuery:
    if term.prefix:  # the word is letters and digits only (``syntax``): safe in a raw tsquery
        return SearchQuery(f"{term.words[0]}:*", search_type="raw", config=SEARCH_CONFIG)
    kind = "phrase" if len(term.words) > 1 else "plain"
    return SearchQuery(" ".join(term.words), search_type=kind, config=SEARCH_CONFIG)


def _all_of(terms: list[Term]) -> SearchQuery:
    combined = _term_query(terms[0])
    for term in terms[1:]:
        combined &= _term_query(term)
    return combined


def tsquery(parsed: ParsedQuery) -> SearchQuery:
    """The ``tsquery`` of a parsed (non-empty) query."""
    combined = _all_of(parsed.alternatives[0])
    for group in parsed.alternatives[1:]:
        combined |= _all_of(group)
    for term in parsed.excluded:
        combined &= ~_term_query(term)
    return combined


def _compiled(expression) -> tuple[str, list]:
    query = SearchEntry.objects.all().query
    return query.get_compiler(connection=connection).compile(expression.resolve_expression(query))


def _slice_sql(piece: Slice, number: int) -> tuple[str, str, list]:
    """The common table ``s<number>`` (the matches among ``piece.pages``) and its ``ORDER BY``."""
    link = SearchEntry._meta.get_field(piece.pages.model._meta.model_name).column
    columns, ordering = {"page_id": F("pk")}, []
    for position, name in enumerate(piece.order):
        field = name.removeprefix("-")
        if field == "rank":
            column = "rank"
        else:
            column = f"o{position}"
            columns[column] = F(field)
        ordering.append(f"{column} {'DESC' if name.startswith('-') else 'ASC'}")
    pages_sql, params = piece.pages.order_by().values(**columns).query.sql_with_params()
    extra = "".join(f", p.{column}" for column in columns if column != "page_id")
    table = (
        f"s{number} AS (SELECT p.page_id AS page, m.rank{extra} "  # noqa: S608 - names are ours
        f"FROM matches AS m JOIN ({pages_sql}) AS p ON p.page_id = m.{link})"
    )
    return table, ", ".join(ordering), list(params)


def find_sql(query: str, pieces: list[Slice]) -> tuple[str, list] | None:
    """The one statement of ``find`` (``None`` when the query has no words)."""
    parsed = parse(query)
    if not parsed or not pieces:
        return None
    query_sql, query_params = _compiled(tsquery(parsed))
    entry = SearchEntry._meta.db_table
    tables = [
        f"matches AS MATERIALIZED (SELECT article_id, hub_id, ts_rank(rank_vector, {query_sql}) AS rank "  # noqa: S608
        f"FROM {entry} WHERE vector @@ {query_sql})"
    ]
    params = [*query_params, *query_params]
    orderings = []
    for number, piece in enumerate(pieces):
        table, ordering, more = _slice_sql(piece, number)
        tables.append(table)
        orderings.append(ordering)
        params += more
    selects = []
    for number, (piece, ordering) in enumerate(zip(pieces, orderings, strict=True)):
        selects.append(
            f"(SELECT {number}, page, COUNT(*) OVER () FROM s{number} "  # noqa: S608
            f"ORDER BY {ordering} LIMIT %s OFFSET %s)"
        )
        params += [piece.limit, piece.offset]
    return "WITH " + ", ".join(tables) + " " + " UNION ALL ".join(selects), params


def find(query: str, pieces: list[Slice]) -> list[Found]:
    """Each slice of the pages matching ``query``, best first, with its total: one statement.

    The entries are matched once, through the GIN index (``index_matching``), and ranked
    by their small title-and-lead vector (stored in the row: no TOAST read); each slice
    keeps the matches among its pages, orders, counts (a window count) and cuts them.
    """
    statement = find_sql(query, pieces)
    if statement is None:
        return [nothing(piece) for piece in pieces]
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return collect(cursor.fetchall(), pieces)


def with_snippet_source(queryset: QuerySet, query: str) -> QuerySet:
    """Annotate ``snippet_raw``: a ``ts_headline`` of the start of lead and body."""
    parsed = parse(query)
    if not parsed:
        return queryset.none()
    source = Left(
        Concat("search_entry__lead", Value(" "), "search_entry__body", output_field=TextField()),
        SNIPPET_SOURCE_CHARS,
    )
    return queryset.annotate(
        snippet_raw=SearchHeadline(
            source,
            tsquery(parsed),
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=SNIPPET_WORDS,
            min_words=15,
        )
    )


def load_snippets(items: list, query: str) -> None:
    """Nothing to load: ``with_snippet_source`` computed the headlines with the pages."""


def raw_snippet(item) -> str:
    """The headline computed by the database (see ``with_snippet_source``)."""
    return item.snippet_raw or ""


@contextmanager
def index_matching() -> Iterator[None]:
    """Find matches through the GIN index rather than by reading every vector.

    The planner prices ``vector @@ query`` per row without counting the TOAST reads a
    full-text vector costs, so for a common word it prefers scanning and unpacking
    every vector (~10 KB each); the GIN index answers the same (non-phrase) query
    exactly without touching them, an order of magnitude faster.
    """
    inside_transaction = connection.in_atomic_block
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        if inside_transaction:  # otherwise the commit ends the setting
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
