"""The SQLite engine: FTS5 with Porter stemming, bm25 ranking and FTS5 snippets.

The FTS5 table (``SearchIndex``, migration 0007) indexes every entry's title, lead and
body and is kept in step with ``SearchEntry`` by triggers, so saving a page, a bulk
rebuild and a delete all update it. Matching joins it through ``rowid``; ranking is
bm25 with the title weighing most, then the lead, then the body; snippets are FTS5's
own, which mark whole tokens (never the punctuation beside them).
"""

from __future__ import annotations

from django.db.models import F, FloatField, Func, Lookup, QuerySet, TextField, Value

from ..models import SearchIndex
from .snippets import MARK_END, MARK_START, SNIPPET_WORDS
from .syntax import ParsedQuery, Term, parse

_DOCUMENT = "search_entry__fts__document"
# bm25 weights of the FTS5 columns title, lead, body.
WEIGHTS = (10.0, 4.0, 1.0)
LEAD_COLUMN, BODY_COLUMN = 1, 2


class Match(Lookup):
    """``document__match=expression``: an FTS5 ``MATCH`` on ``SearchIndex.document`` only."""

    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", (*lhs_params, *rhs_params)


SearchIndex._meta.get_field("document").register_lookup(Match)


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


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """Pages matching ``query``, annotated with ``rank`` (higher is better)."""
    parsed = parse(query)
    if not parsed:
        return queryset.none().annotate(rank=Value(0.0))
    ranked = queryset.filter(**{f"{_DOCUMENT}__match": fts_expression(parsed)}).annotate(
        # bm25 is lower for better matches.
        rank=Func(F(_DOCUMENT), *(Value(w) for w in WEIGHTS), function="bm25", output_field=FloatField())
        * Value(-1.0)
    )
    return ranked


def _snippet(column: int) -> Func:
    return Func(
        F(_DOCUMENT),
        Value(column),
        Value(MARK_START),
        Value(MARK_END),
        Value("…"),
        Value(SNIPPET_WORDS),
        function="snippet",
        output_field=TextField(),
    )


def with_snippet_source(queryset: QuerySet, query: str) -> QuerySet:
    """Annotate FTS5 snippets of the lead and of the body (the reader sees one of them)."""
    parsed = parse(query)
    if not parsed:
        return queryset.none()
    return queryset.filter(**{f"{_DOCUMENT}__match": fts_expression(parsed)}).annotate(
        snippet_lead=_snippet(LEAD_COLUMN), snippet_body=_snippet(BODY_COLUMN)
    )


def raw_snippet(item) -> str:
    """The body's snippet where it shows a match, else the lead's (else the body's start)."""
    body, lead = item.snippet_body or "", item.snippet_lead or ""
    if MARK_START in body or MARK_START not in lead:
        return body or lead
    return lead
