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
from datetime import datetime

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Expression, F, TextField, Value
from django.db.models.functions import Concat, Left

from ..models import SearchEntry, published_q
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


def _matches_sql(parsed: ParsedQuery, now: datetime) -> tuple[str, list]:
    """The entries of published pages matching ``parsed``, each with its page's ids, publish
    time and rank: the ``matches`` table of ``find``."""
    query = tsquery(parsed)
    entries = (
        SearchEntry.objects.filter(published_q(now, prefix="page_"), vector=query)
        .annotate(rank=SearchRank(F("rank_vector"), query))
        .order_by()
        .values("article_id", "hub_id", "page_published_at", "rank")
    )
    sql, params = entries.query.sql_with_params()
    return sql, list(params)


def find_sql(query: str, pieces: list[Slice], now: datetime) -> tuple[str, list] | None:
    """The one statement of ``find`` (``None`` when the query has no words)."""
    parsed = parse(query)
    if not parsed or not pieces:
        return None
    matches, params = _matches_sql(parsed, now)
    selects = []
    for number, piece in enumerate(pieces):
        link = SearchEntry._meta.get_field(piece.model._meta.model_name).column
        selects.append(
            f"(SELECT {number}, {link}, COUNT(*) OVER () FROM matches WHERE {link} IS NOT NULL "  # noqa: S608
            f"ORDER BY rank DESC, page_published_at DESC, {link} DESC LIMIT %s OFFSET %s)"
        )
        params += [piece.limit, piece.offset]
    return f"WITH matches AS MATERIALIZED ({matches}) " + " UNION ALL ".join(selects), params


def find(query: str, pieces: list[Slice], now: datetime) -> list[Found]:
    """Each slice of the pages published at ``now`` matching ``query``, best first (ties to
    the newest), with its total: one statement.

    The entries are matched once, through the GIN index (``index_matching``), kept when
    their copy of the page's publication state says published (migration 0011: no join
    to the pages) and ranked by their small title-and-lead vector (stored in the row: no
    TOAST read); each slice keeps its kind of page, orders, counts (a window count) and
    cuts them.
    """
    statement = find_sql(query, pieces, now)
    if statement is None:
        return [nothing(piece) for piece in pieces]
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return collect(cursor.fetchall(), pieces)


def snippet_source(query: str) -> dict[str, Expression]:
    """What to read with each page found: ``snippet_raw``, a ``ts_headline`` of the start of
    lead and body."""
    # The body is cut before it is joined, so PostgreSQL decompresses only its start.
    body_start = Left("search_entry__body", SNIPPET_SOURCE_CHARS)
    source = Left(
        Concat("search_entry__lead", Value(" "), body_start, output_field=TextField()), SNIPPET_SOURCE_CHARS
    )
    return {
        "snippet_raw": SearchHeadline(
            source,
            tsquery(parse(query)),
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=SNIPPET_WORDS,
            min_words=15,
        )
    }


def load_snippets(rows: list[dict], query: str) -> None:
    """Nothing to load: ``snippet_source`` computed the headlines with the pages."""


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
