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

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Count, F, QuerySet, TextField, Value, Window
from django.db.models.functions import Concat, Left

from .slices import Found, Slice, nothing
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


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """Pages matching anywhere (title, lead, body), annotated with ``rank`` by title and lead."""
    parsed = parse(query)
    if not parsed:
        return queryset.none().annotate(rank=Value(0.0))
    query_vector = tsquery(parsed)
    ranked = queryset.filter(search_entry__vector=query_vector).annotate(
        rank=SearchRank(F("search_entry__rank_vector"), query_vector)
    )
    return ranked


def find(query: str, pieces: list[Slice]) -> list[Found]:
    """Each slice of the pages matching ``query``, best first, with its total (a window
    count): one query per slice, matched through the GIN index, ranked by title and lead."""
    found = []
    for piece in pieces:
        ranked = matching(piece.pages, query).order_by(*piece.order)
        counted = ranked.annotate(match_count=Window(Count("pk"))).values_list("pk", "match_count")
        rows = list(counted[piece.offset : piece.offset + piece.limit])
        found.append(Found([pk for pk, _ in rows], rows[0][1]) if rows else nothing(piece))
    return found


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
