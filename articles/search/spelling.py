"""'Did you mean…?': the nearest words of the published pages to a failed query."""

from __future__ import annotations

import difflib
import re
from datetime import datetime

from mindlab import pagecache

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


class KnownWords:
    """A vocabulary, with its words grouped by first letter and length for quick lookups."""

    def __init__(self, words: set[str]) -> None:
        self.words = frozenset(words)
        self._by_start: dict[tuple[str, int], list[str]] = {}
        for word in sorted(words):
            self._by_start.setdefault((word[0], len(word)), []).append(word)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def nearby(self, word: str) -> list[str]:
        """Words of the same first letter and about the same length (difflib is slow)."""
        return [
            w for size in range(len(word) - 2, len(word) + 3) for w in self._by_start.get((word[0], size), ())
        ]


# The vocabulary of the current content version (``mindlab.pagecache``): made by the first
# search that finds nothing after an edit, then shared by every later one until the next edit
# or scheduled publication.
_current: tuple[str, KnownWords] | None = None


def known_words(now: datetime | None = None) -> KnownWords:
    """The vocabulary of published pages: kept per content version, made afresh for ``now``."""
    global _current
    if now is not None:
        return KnownWords(vocabulary(now))
    version = pagecache.generation()["token"]
    if _current is None or _current[0] != version:
        _current = (version, KnownWords(vocabulary()))
    return _current[1]


def suggest(query: str, now: datetime | None = None) -> str:
    """The query with each unknown word replaced by its closest known one; "" if none is closer."""
    words = parse(query).words
    if not words:
        return ""
    known = known_words(now)
    changed = False
    suggestion = query.lower()
    for word in words:
        if word in known or len(word) < 3:
            continue
        close = difflib.get_close_matches(word, known.nearby(word), n=1, cutoff=0.75)
        if close:
            suggestion = re.sub(rf"\b{re.escape(word)}\b", close[0], suggestion)
            changed = True
    return suggestion if changed else ""
