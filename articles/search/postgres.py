"""The PostgreSQL engine: full-text search with weighted vectors, ranking and headlines.

Each entry stores a weighted ``tsvector`` of title (A), lead (B) and body (C) for matching
(GIN-indexed) and a small one of title and lead for ranking. Queries use
``websearch_to_tsquery`` (so quotes, ``or`` and ``-word`` work as people expect),
``ts_rank`` ordering (title above lead; pages that only mention the words in their body
follow) and ``ts_headline`` snippets.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.functions import Concat, Left

from .snippets import MARK_END, MARK_START, SNIPPET_WORDS

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
    """True when the database is PostgreSQL (this engine), False for the SQLite fallback."""
    return connection.vendor == "postgresql"


def _tsquery(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def matching(queryset: QuerySet, query: str) -> tuple[QuerySet, list[str]]:
    """Pages matching anywhere (title, lead, body), annotated with ``rank`` by title and lead.

    The second value (the fallback's words) is always empty here.
    """
    tsquery = _tsquery(query)
    ranked = queryset.filter(search_entry__vector=tsquery).annotate(
        rank=SearchRank(F("search_entry__rank_vector"), tsquery)
    )
    return ranked, []


def with_snippet_source(queryset: QuerySet, query: str) -> QuerySet:
    """Annotate ``snippet_raw``: a ``ts_headline`` of the start of lead and body."""
    source = Left(
        Concat("search_entry__lead", Value(" "), "search_entry__body", output_field=TextField()),
        SNIPPET_SOURCE_CHARS,
    )
    return queryset.annotate(
        snippet_raw=SearchHeadline(
            source,
            _tsquery(query),
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=SNIPPET_WORDS,
            min_words=15,
        )
    )


def raw_snippet(item, terms: list[str]) -> str:
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
