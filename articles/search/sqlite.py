"""The SQLite engine: FTS5 with Porter stemming, bm25 ranking and FTS5 snippets.

The FTS5 table (``FTS_TABLE``, migration 0007) indexes every entry's title, lead and
body and is kept in step with ``SearchEntry`` by triggers, so saving a page, a bulk
rebuild and a delete all update it. A search reads the index once (``prepare``: every
match with its bm25 score, the title weighing most, then the lead, then the body);
``page_ids`` keeps what readers may see; snippets are FTS5's own, read in one query
for a page of results, and mark whole tokens (never the punctuation beside them).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, QuerySet

from ..models import SearchEntry
from ..models.search import FTS_TABLE
from .snippets import MARK_END, MARK_START, SNIPPET_WORDS
from .syntax import ParsedQuery, Term, parse

# bm25 weights of the FTS5 columns title, lead, body.
WEIGHTS = (10.0, 4.0, 1.0)
LEAD_COLUMN, BODY_COLUMN = 1, 2


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts_term(term: Term) -> str:
    return _quoted(" ".join(term.words)) + ("*" if term.prefix else "")


def fts_expression(parsed: ParsedQuery) -> str:
    """The FTS5 query of a parsed query: ``(("a" AND "b") OR ("c")) NOT ("d" OR "e")``."""
    groups = " OR ".join(
        "(" + " AND ".join(_fts_term(t) for t in group) + ")" for group in parsed.alternatives
    )
    if not parsed.excluded:
        return groups
    return f"({groups}) NOT (" + " OR ".join(_fts_term(t) for t in parsed.excluded) + ")"


def prepare(query: str) -> dict[int, float]:
    """Every entry matching ``query`` with its bm25 score (lower is better): one statement.

    Read from the FTS5 index alone (fast); which of those entries a reader may see is
    decided by ``page_ids``. Shared by the article and hub results of one search.
    """
    parsed = parse(query)
    if not parsed:
        return {}
    weights = ", ".join(str(w) for w in WEIGHTS)
    sql = f"SELECT rowid, bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts_expression(parsed)])
        return dict(cursor.fetchall())


def _allowed(queryset: QuerySet) -> list[tuple[int, int]]:
    """``(entry id, page id)`` of every page in ``queryset``, as plain rows (thousands of them).

    Read from the entries' unique index on the page, never from their wide rows.
    """
    link = SearchEntry._meta.get_field(queryset.model._meta.model_name).name
    allowed = SearchEntry.objects.filter(**{f"{link}__in": queryset.order_by().values("pk")})
    sql, params = allowed.values_list("pk", link).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def page_ids(
    queryset: QuerySet,
    query: str,
    number: int,
    per_page: int,
    order: tuple[str, ...],
    prepared: dict[int, float] | None = None,
) -> tuple[list[int], int | None]:
    """The ids of page ``number`` of the pages in ``queryset`` matching ``query``, and the total.

    One query (``_allowed``), joined in Python with the scores of ``prepare``; ties go to
    the newest entry (``order`` is the PostgreSQL engine's). The total is ``None`` past
    the end. Joining in SQL instead makes SQLite either run the full-text query once per
    page or read every matching entry's whole row, ten times slower.
    """
    scores = prepare(query) if prepared is None else prepared
    if not scores:
        return [], 0 if number == 1 else None
    found = sorted((scores[entry], -entry, page) for entry, page in _allowed(queryset) if entry in scores)
    rows = found[(number - 1) * per_page : number * per_page]
    if not rows:
        return [], 0 if number == 1 else None
    return [page for _, _, page in rows], len(found)


def count(queryset: QuerySet, query: str) -> int:
    """How many pages of ``queryset`` match ``query``."""
    scores = prepare(query)
    return sum(1 for entry, _ in _allowed(queryset) if entry in scores)


def with_snippet_source(queryset: QuerySet, query: str) -> QuerySet:
    """Annotate each page's entry id; ``load_snippets`` then reads the snippets in one query."""
    return queryset.annotate(entry_id=F("search_entry__id"))


def load_snippets(items: list, query: str) -> None:
    """Set ``snippet_lead`` and ``snippet_body`` (FTS5 snippets) on pages from ``with_snippet_source``.

    The body's snippet (thousands of words to tokenise) is made only where the lead's
    shows no match.
    """
    parsed = parse(query)
    by_entry = {item.entry_id: item for item in items}
    if not parsed or not by_entry:
        return
    marks = ", ".join(["%s"] * 3)
    placeholders = ", ".join(["%s"] * len(by_entry))
    lead = f"snippet({FTS_TABLE}, {LEAD_COLUMN}, {marks}, {SNIPPET_WORDS})"
    body = f"snippet({FTS_TABLE}, {BODY_COLUMN}, {marks}, {SNIPPET_WORDS})"
    sql = (
        f"SELECT rowid, {lead}, CASE WHEN instr({lead}, %s) > 0 THEN '' ELSE {body} END "  # noqa: S608
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})"
    )
    mark_params = [MARK_START, MARK_END, "…"]
    params = [*mark_params, *mark_params, MARK_START, *mark_params, fts_expression(parsed), *by_entry]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for entry, lead_snippet, body_snippet in cursor.fetchall():
            by_entry[entry].snippet_lead, by_entry[entry].snippet_body = lead_snippet, body_snippet


def raw_snippet(item) -> str:
    """The lead's snippet where it shows a match, else the body's (else the lead's start)."""
    lead, body = getattr(item, "snippet_lead", "") or "", getattr(item, "snippet_body", "") or ""
    if MARK_START in lead or MARK_START not in body:
        return lead or body
    return body
