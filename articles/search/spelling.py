"""'Did you mean…?': the nearest words of the published pages to a failed query."""

from __future__ import annotations

import difflib
import re
from datetime import datetime

from django.db.models import Q
from django.db.models.functions import Left

from ..models import Article, Hub, Pillar, SearchEntry
from .syntax import parse

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# The vocabulary comes from the newest pages' titles, leads and the start of their bodies:
# enough words, bounded work (this runs only when a search found nothing).
VOCABULARY_PAGES = 1000
BODY_CHARS = 3000


def vocabulary(now: datetime | None = None) -> set[str]:
    """Lower-cased words (3+ letters) of published pages and of pillar names; two queries."""
    published = Q(article__in=Article.objects.published(now).values("pk")) | Q(
        hub__in=Hub.objects.published(now).values("pk")
    )
    rows = (
        SearchEntry.objects.filter(published)
        .order_by("-updated_at")
        .values_list("title", "lead", Left("body", BODY_CHARS))
    )
    words: set[str] = set()
    for parts in rows[:VOCABULARY_PAGES].iterator():
        words.update(w.lower() for w in _WORD.findall(" ".join(parts)))
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
        close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
        if close:
            suggestion = re.sub(rf"\b{re.escape(word)}\b", close[0], suggestion)
            changed = True
    return suggestion if changed else ""
