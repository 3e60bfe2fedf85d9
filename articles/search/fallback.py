"""The SQLite fallback engine: every word required (case-insensitive), title > lead > body.

As in web search, ``or`` between words offers alternatives and ``-word`` excludes. Pages
score 3 per word in the title, 2 in the lead, 1 in the body; snippets are cut in Python
around the first matching word.
"""

from __future__ import annotations

import re

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from .snippets import MARK_END, MARK_START, SNIPPET_WORDS
from .text import join_text

MAX_FALLBACK_TERMS = 8
_PREFIX = "search_entry__"


def fallback_terms(query: str) -> tuple[list[list[str]], list[str]]:
    """Alternatives of words that must all appear, and words to exclude.

    "stress or sleep -work" is ``([["stress"], ["sleep"]], ["work"])``.
    """
    groups: list[list[str]] = [[]]
    unwanted: list[str] = []
    count = 0
    for match in re.finditer(r"(?:^|(?<=\s))(-?)(\w+)|(\w+)", query, re.UNICODE):
        excluded = bool(match.group(1))
        word = (match.group(2) or match.group(3)).lower()
        if word == "or" and not excluded:
            if groups[-1]:
                groups.append([])
            continue
        if len(word) < 2 or count >= MAX_FALLBACK_TERMS:
            continue
        target = unwanted if excluded else groups[-1]
        if word not in target:
            target.append(word)
            count += 1
    return [group for group in groups if group], unwanted


def _contains(term: str) -> Q:
    return (
        Q(title__icontains=term)
        | Q(**{f"{_PREFIX}lead__icontains": term})
        | Q(**{f"{_PREFIX}body__icontains": term})
    )


def _rank(terms: list[str]) -> Value | Case:
    rank = Value(0)
    for term in terms:
        rank = rank + Case(
            When(title__icontains=term, then=Value(3)),
            When(**{f"{_PREFIX}lead__icontains": term}, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return rank


def matching(queryset: QuerySet, query: str) -> tuple[QuerySet, list[str]]:
    """Pages with every word of one alternative and none excluded, annotated with ``rank``.

    The second value is the words searched for (for the snippets).
    """
    groups, excluded = fallback_terms(query)
    terms = list(dict.fromkeys(term for group in groups for term in group))
    if not terms:
        return queryset.none().annotate(rank=Value(0)), terms
    any_group = Q()
    for group in groups:
        all_words = Q()
        for term in group:
            all_words &= _contains(term)
        any_group |= all_words
    ranked = queryset.filter(search_entry__isnull=False).filter(any_group)
    for term in excluded:
        ranked = ranked.exclude(_contains(term))
    return ranked.annotate(rank=_rank(terms)), terms


def with_snippet_source(queryset: QuerySet, query: str) -> QuerySet:
    """Annotate the entry's lead and body, which the snippet is cut from."""
    return queryset.annotate(entry_lead=F(f"{_PREFIX}lead"), entry_body=F(f"{_PREFIX}body"))


def snippet_from_text(text: str, terms: list[str]) -> str:
    """Around the first matching word: a window of words with every match marked."""
    words = text.split()
    if not words:
        return ""
    lowered = [w.lower() for w in words]
    start = next((i for i, w in enumerate(lowered) if any(t in w for t in terms)), 0)
    start = max(0, start - SNIPPET_WORDS // 4)
    window = words[start : start + SNIPPET_WORDS]
    marked = []
    for word in window:
        lw = word.lower()
        marked.append(f"{MARK_START}{word}{MARK_END}" if any(t in lw for t in terms) else word)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_WORDS < len(words) else ""
    return prefix + " ".join(marked) + suffix


def raw_snippet(item, terms: list[str]) -> str:
    """The snippet of a result annotated by ``with_snippet_source``."""
    return snippet_from_text(join_text(item.entry_lead, item.entry_body), terms)
