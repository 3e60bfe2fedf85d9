"""Result snippets: text with highlight markers, escaped, then marked up with ``<mark>``."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_WORDS = 32
# Highlight markers: control characters that never occur in indexed text (it is
# cleaned of them), so the snippet can be escaped first and marked up afterwards.
MARK_START, MARK_END = "\x02", "\x03"


def highlight(raw: str) -> SafeString:
    """Escape a snippet, then turn the highlight markers into ``<mark>``."""
    text = escape(raw.replace(MARK_END, MARK_END + " ").strip())
    text = text.replace(MARK_START, "<mark>").replace(MARK_END + " ", "</mark>").replace(MARK_END, "</mark>")
    return mark_safe(text)  # noqa: S308 - escaped above; only our own markers become tags


def attach_snippets(items: Iterable, raw_snippet: Callable[[object], str]) -> None:
    """Set ``item.snippet`` on each result: the engine's snippet, else the escaped summary."""
    for item in items:
        raw = raw_snippet(item)
        item.snippet = highlight(raw) if raw else escape(item.summary)
