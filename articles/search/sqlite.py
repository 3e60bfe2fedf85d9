"""The SQLite engine: FTS5 with Porter stemming, bm25 ranking and FTS5 snippets.

The FTS5 table (``FTS_TABLE``, migration 0007) indexes every entry's title, lead and
body and is kept in step with ``SearchEntry`` by triggers, so saving a page, a bulk
rebuild and a delete all update it. A search reads the index once, in the one
statement (``find``) that also keeps what readers may see, ranks (bm25: the title
weighing most, then the lead, then the body), paginates and counts the articles and
the hubs; snippets are FTS5's own, read in one more query for the shown results only,
and mark whole tokens (never the punctuation beside them).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, QuerySet

from ..models import SearchEntry
from ..models.search import FTS_TABLE
from .slices import Found, Slice, collect, nothing
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


def _candidates(piece: Slice, number: int) -> tuple[str, list]:
    """The common table ``s<number>(page, score, entry)``: the matches among ``piece.pages``.

    Joined from the pages (their ids read from an index) to their entries (the entries'
    unique index on the page gives the entry id) to the matches: never through an
    entry's wide row, whose page column lies behind the whole text. ``CROSS JOIN`` keeps
    SQLite to that order.
    """
    link = SearchEntry._meta.get_field(piece.pages.model._meta.model_name).column
    pages_sql, params = piece.pages.order_by().values(page_id=F("pk")).query.sql_with_params()
    entry = SearchEntry._meta.db_table
    sql = (
        f"s{number}(page, score, entry) AS (SELECT e.{link}, m.score, e.id "  # noqa: S608 - names are ours
        f"FROM ({pages_sql}) AS p CROSS JOIN {entry} AS e CROSS JOIN matches AS m "
        f"WHERE e.{link} = p.page_id AND m.entry = e.id)"
    )
    return sql, list(params)


def find_sql(query: str, pieces: list[Slice]) -> tuple[str, list] | None:
    """The one statement of ``find`` (``None`` when the query has no words)."""
    parsed = parse(query)
    if not parsed or not pieces:
        return None
    weights = ", ".join(str(w) for w in WEIGHTS)
    tables = [
        f"matches(entry, score) AS MATERIALIZED (SELECT rowid, bm25({FTS_TABLE}, {weights}) "  # noqa: S608
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
    ]
    params: list = [fts_expression(parsed)]
    for number, piece in enumerate(pieces):
        sql, more = _candidates(piece, number)
        tables.append(sql)
        params += more
    selects = []
    for number, piece in enumerate(pieces):
        selects.append(
            f"SELECT * FROM (SELECT {number}, page, COUNT(*) OVER () FROM s{number} "  # noqa: S608
            "ORDER BY score, entry DESC LIMIT %s OFFSET %s)"
        )
        params += [piece.limit, piece.offset]
    return "WITH " + ", ".join(tables) + " " + " UNION ALL ".join(selects), params


def find(query: str, pieces: list[Slice]) -> list[Found]:
    """Each slice of the pages matching ``query``, best first, with its total: one statement.

    The full-text index is read once (every match with its bm25 score: the title weighs
    most, then the lead, then the body), then each slice keeps the matches among its
    pages, ranks them and counts them, all in SQLite: no match list travels to Python.
    """
    statement = find_sql(query, pieces)
    if statement is None:
        return [nothing(piece) for piece in pieces]
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return collect(cursor.fetchall(), pieces)


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
