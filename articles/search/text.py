"""Text cleaning for the search index: control characters out, single spaces, HTML to text."""

from __future__ import annotations

import re
import unicodedata
from html import unescape

# Block-level tags separate words; inline ones (em, strong, a, code...) do not.
_BLOCK_TAG = re.compile(
    r"</?(?:p|br|hr|li|ul|ol|h[1-6]|div|blockquote|pre|table|thead|tbody|tr|td|th|figure|figcaption)\b[^>]*>",
    re.I,
)
_HEADING_END = re.compile(r"</h[1-6]\s*>", re.I)
# What ends a heading in the plain text, so a snippet never runs a heading into its text.
HEADING_SEPARATOR = " · "
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
# Control and format characters (category Cc/Cf) in one pass; whitespace is folded later.
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)


def clean_text(text: str) -> str:
    """Text without control characters (Unicode category C, NUL included) and with single spaces."""
    text = _SPACE.sub(" ", _CONTROL.sub(" ", text or ""))
    if not text.isprintable():  # rare: private-use, unassigned or surrogate code points remain
        text = _SPACE.sub(" ", "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text))
    return text.strip()


def plain_text(html: str) -> str:
    """Visible text of stored, sanitised HTML; each heading ends with ``HEADING_SEPARATOR``."""
    text = _HEADING_END.sub(HEADING_SEPARATOR, html or "")
    return clean_text(unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", text))))


def join_text(*parts: str) -> str:
    """The non-empty parts as one cleaned text (each part stays a separate run of words)."""
    return clean_text(" \n".join(part for part in parts if part))
