"""Citation keys such as ``coan2006``: generated from the work, editable, unique."""

from __future__ import annotations

import re
import string

from .names import Name, fold

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:-]*$")
KEY_MAX_LENGTH = 80
_STOP = {"a", "an", "and", "for", "in", "of", "on", "the", "to", "de", "la", "le", "der", "die", "und"}


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def base_key(authors: list[Name], year: int | None, title: str = "") -> str:
    """``coan2006``; an organisation gives its initials (``who2022``); no author: a title word."""
    stem = ""
    if authors:
        first = authors[0]
        if "literal" in first:
            words = [w for w in re.split(r"[\s-]+", first["literal"]) if w]
            significant = [w for w in words if fold(w) not in _STOP]
            if len(significant) >= 3:
                stem = "".join(_letters(w)[:1] for w in significant)
            else:
                stem = _letters(significant[0] if significant else first["literal"])
        else:
            stem = _letters(first.get("family", "").split()[-1] if first.get("family") else "")
    if not stem:
        words = [w for w in re.split(r"\W+", fold(title)) if w and w not in _STOP]
        stem = _letters(words[0]) if words else "anon"
    stem = stem[:40] or "anon"
    return f"{stem}{year if year else 'nd'}"


def unique_key(base: str, taken: set[str]) -> str:
    """``base``, else ``base`` + b, c, … z, then ``base-2``, ``base-3`` …"""
    if base not in taken:
        return base
    for letter in string.ascii_lowercase[1:]:
        candidate = f"{base}{letter}"
        if candidate not in taken:
            return candidate
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
