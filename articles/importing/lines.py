"""How a single line of a plain-text page export looks: heading-like, list item, sentence, table row.

These are the shape tests the structure recogniser (``plaintext.py``) builds on. A
plain-text copy of a rendered page has no markup, so every decision is a guess from
the shape of a line and its neighbours; the thresholds live here, in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADING_MAX_CHARS = 100
HEADING_MAX_WORDS = 14
ITEM_MAX_CHARS = 220
CLOSING_PUNCTUATION = tuple(".!?;,:…")

BULLET = re.compile(r"^(?:[-*+•·▪◦‣–—✓✔✗✘→●○■□►▸➤➢]|\d{1,2}[.)]|\(\d{1,2}\)|[a-z][.)](?=\s))\s+")
NUMBERED = re.compile(r"^(?:\d{1,2}[.)]|\(\d{1,2}\))\s+")
TABLE_ROW = re.compile(r"^\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
    "the", "to", "vs", "via", "with", "without", "your", "you", "is", "are", "it", "its", "how",
    "when", "what", "why", "that", "this", "than", "over", "under", "up", "nor", "per", "so",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bDr)(?<!\bal)(?<!\be\.g)(?<!\bi\.e)[.!?][\"'”’)]*(?:\s|$)")


@dataclass
class Line:
    """One non-empty line of the source with its 1-based line number."""

    number: int
    text: str
    blank_before: bool = False
    marked: int = 0  # a heading written with Markdown hashes ("## Why It Works"): its level

    @property
    def words(self) -> int:
        return len(self.text.split())


def clean(text: str) -> str:
    """Normalise spaces (non-breaking, tabs outside tables) and trim."""
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return text.strip()


def strip_bullet(text: str) -> str:
    return BULLET.sub("", text, count=1).strip()


def has_bullet(text: str) -> bool:
    return bool(BULLET.match(text)) and len(strip_bullet(text)) > 0


def is_numbered(text: str) -> bool:
    return bool(NUMBERED.match(text))


def is_table_row(text: str) -> bool:
    return bool(TABLE_ROW.match(text)) and text.count("|") >= 2


def ends_with_punctuation(text: str) -> bool:
    stripped = text.rstrip("\"'”’)]*_ ")
    return stripped.endswith(CLOSING_PUNCTUATION) or text.endswith(CLOSING_PUNCTUATION)


def is_heading_like(text: str) -> bool:
    """Short, starts like a title, no closing punctuation: could be a section heading."""
    if not text or len(text) > HEADING_MAX_CHARS or len(text.split()) > HEADING_MAX_WORDS:
        return False
    if ends_with_punctuation(text) or has_bullet(text) or is_table_row(text):
        return False
    if text.startswith(("http://", "https://", "www.", "doi:")):
        return False
    first = text.lstrip("\"'“‘(")[:1]
    return first.isupper() or first.isdigit()


def is_question_heading(text: str) -> bool:
    """A short Title Case question (``What Is Social Baseline Theory?``) can head a section."""
    if not text.endswith("?") or len(text) > HEADING_MAX_CHARS or len(text.split()) > HEADING_MAX_WORDS:
        return False
    return is_title_case(text[:-1])


def is_title_case(text: str) -> bool:
    """Most longer words capitalised (``The Social Baseline of the Brain``)."""
    words = _WORD.findall(text)[1:]
    significant = [word for word in words if word.lower() not in SMALL_WORDS]
    if len(significant) < 1:
        return False
    capitalised = sum(1 for word in significant if word[0].isupper())
    return capitalised / len(significant) >= 0.75


def is_paragraph(text: str) -> bool:
    """Running text: long, or several sentences, or one long sentence. Never a list item."""
    if len(text) > ITEM_MAX_CHARS or len(text.split()) > 30:
        return True
    if ends_with_punctuation(text) and not text.rstrip().endswith(":"):
        return len(_SENTENCE_END.findall(text)) >= 2 or len(text) >= 120
    return False


def table_cells(text: str) -> list[str]:
    inner = text.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


def normalise(text: str) -> str:
    """A comparison form: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
