"""'Did you mean…?': the nearest words of the published pages to a failed query."""

from __future__ import annotations

import difflib
import re
from datetime import datetime

from ..models import Article, Hub, Pillar, SearchEntry
from .syntax import parse

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# The vocabulary comes from the newest pages' titles and leads (subtitle, summary,
# takeaways, FAQ questions): the words readers look for, in bounded work.
VOCABULARY_PAGES = 300


def vocabulary(now: datetime | None = None) -> set[str]:
    """Lower-cased words (3+ letters) of published pages and of pillar names; three queries.

    Articles and hubs are read apart: each through the entries' index on its page (with
    ``OR`` SQLite would read every entry's whole row).
    """
    words: set[str] = set()
    for link, model in (("article", Article), ("hub", Hub)):
        rows = (
            SearchEntry.objects.filter(**{f"{link}__in": model.objects.published(now).values("pk")})
            .order_by()
            .values_list("title", "lead")[:VOCABULARY_PAGES]
        )
        for title, lead in rows:
            words.update(w.lower() for w in _WORD.findall(f"{title} {lead}"))
    for name in Pillar.objects.values_list("name", flat=True):
        words.update(w.lower() for w in _WORD.findall(name))
    return words


def suggest(query: str, now: datetime | None = None) -> str:
    """The query with each unknown word replaced by its closest known one; "" if none is closer."""
    words = parse(query).words
    if not words:
        return ""
    known = vocabulary(now)
    changed = False
    suggestion = query.lower()
    for word in words:
        if word in known or len(word) < 3:
            continue
        # Only words of about the same length and first letter are compared (difflib is slow).
        nearby = [w for w in known if w[0] == word[0] and abs(len(w) - len(word)) <= 2]
        close = difflib.get_close_matches(word, nearby, n=1, cutoff=0.75)
        if close:
            suggestion = re.sub(rf"\b{re.escape(word)}\b", close[0], suggestion)
            changed = True
    return suggestion if changed else ""
