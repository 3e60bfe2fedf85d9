"""Result snippets: text with highlight markers, escaped, then marked up with ``<mark>``."""

from __future__ import annotations

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


def result_snippet(raw: str, summary: str) -> SafeString:
    """What a result shows under its title: the engine's snippet, else the escaped summary."""
    return highlight(raw) if raw else escape(summary)
