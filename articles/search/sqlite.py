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

from datetime import datetime

from django.db import connection
from django.db.models import Expression, F

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


def _candidates(piece: Slice, number: int, now: datetime) -> tuple[str, list]:
    """The common table ``s<number>(page, score, entry)``: the matches among the published
    pages of ``piece.model``.

    Joined from the pages (their ids read from an index) to their entries (the entries'
    unique index on the page gives the entry id) to the matches: never through an
    entry's wide row, whose page column lies behind the whole text. ``CROSS JOIN`` keeps
    SQLite to that order.
    """
    link = SearchEntry._meta.get_field(piece.model._meta.model_name).column
    pages = piece.model.objects.published(now).order_by().values(page_id=F("pk"))
    pages_sql, params = pages.query.sql_with_params()
    entry = SearchEntry._meta.db_table
    sql = (
        f"s{number}(page, score, entry) AS (SELECT e.{link}, m.score, e.id "  # noqa: S608 - names are ours
        f"FROM ({pages_sql}) AS p CROSS JOIN {entry} AS e CROSS JOIN matches AS m "
        f"WHERE e.{link} = p.page_id AND m.entry = e.id)"
    )
    return sql, list(params)


def find_sql(query: str, pieces: list[Slice], now: datetime) -> tuple[str, list] | None:
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
        sql, more = _candidates(piece, number, now)
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


def find(query: str, pieces: list[Slice], now: datetime) -> list[Found]:
    """Each slice of the pages published at ``now`` matching ``query``, best first, with its
    total: one statement.

    The full-text index is read once (every match with its bm25 score: the title weighs
    most, then the lead, then the body), then each slice keeps the matches among its
    pages, ranks them and counts them, all in SQLite: no match list travels to Python.
    """
    statement = find_sql(query, pieces, now)
    if statement is None:
        return [nothing(piece) for piece in pieces]
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return collect(cursor.fetchall(), pieces)


def snippet_source(query: str) -> dict[str, Expression]:
    """What to read with each page found: its entry's id, for ``load_snippets``."""
    return {"entry_id": F("search_entry__id")}


def load_snippets(rows: list[dict], query: str) -> None:
    """Set ``row["snippet_raw"]`` on rows read with ``snippet_source``: FTS5's snippet of the
    lead where it shows a match, else of the body, in one query.

    The body's snippet (thousands of words to tokenise) is made only where the lead's
    shows no match.
    """
    parsed = parse(query)
    by_entry = {row["entry_id"]: row for row in rows if row["entry_id"] is not None}
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
            shows_match = MARK_START in (body_snippet or "")
            by_entry[entry]["snippet_raw"] = body_snippet if shows_match else lead_snippet or body_snippet
