"""The one query syntax of site search, parsed once and translated for each engine.

As in web search: words are all required, ``"quoted words"`` must appear as that exact
phrase, ``or`` between parts offers alternatives, ``-word`` or ``-"a phrase"`` excludes,
and ``word*`` matches words that start with ``word``. Anything else (punctuation,
operators of either engine) is ignored, so no query can be a syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_TERMS = 8
_WORD = re.compile(r"\w+", re.UNICODE)
# A quoted phrase (closing quote optional), or a run of non-space characters; either may
# carry a leading minus (exclusion). Curly quotes count as quotes.
_PART = re.compile(r'(?P<minus>-?)(?:["“”„](?P<phrase>[^"“”„]*)["“”„]?|(?P<bare>[^\s"“”„]+))')


@dataclass(frozen=True)
class Term:
    """One word (``len(words) == 1``) or an exact phrase; ``prefix``: the last word may go on."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass
class ParsedQuery:
    """``alternatives``: groups of terms that must all match (any one group will do)."""

    alternatives: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.alternatives)

    @property
    def words(self) -> list[str]:
        """Every word searched for, once, in order (for spelling suggestions)."""
        seen = (word for group in self.alternatives for term in group for word in term.words)
        return list(dict.fromkeys(seen))


def _term(text: str, *, phrase: bool) -> Term | None:
    words = tuple(word.lower() for word in _WORD.findall(text))
    if not words:
        return None
    prefix = not phrase and text.rstrip().endswith("*") and len(words) == 1
    # A hyphenated or dotted word ("self-control", "e.g") is read as the phrase of its parts.
    return Term(words, prefix=prefix)


def parse(query: str) -> ParsedQuery:
    """Parse a reader's query; at most ``MAX_TERMS`` terms are kept.

    ``'Stress or "social support" -work'`` has the alternatives ``[[stress], [social
    support]]`` and excludes ``work``.
    """
    parsed = ParsedQuery()
    group: list[Term] = []
    count = 0
    for match in _PART.finditer(query):
        excluded = bool(match.group("minus"))
        phrase = match.group("phrase")
        text = phrase if phrase is not None else match.group("bare")
        if phrase is None and not excluded and text.lower() == "or":
            if group:
                parsed.alternatives.append(group)
                group = []
            continue
        term = _term(text, phrase=phrase is not None)
        if term is None or count >= MAX_TERMS:
            continue
        if len(term.words) == 1 and len(term.words[0]) < 2 and not term.prefix:
            continue  # single letters and digits match almost everything
        target = parsed.excluded if excluded else group
        if term not in target:
            target.append(term)
            count += 1
    if group:
        parsed.alternatives.append(group)
    return parsed
