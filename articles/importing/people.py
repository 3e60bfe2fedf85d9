"""Author names as pages write them: one field naming several people, with credentials.

"A and B", "A, B & C", "Dr Jane Doe, PhD and Sam Lee, MD" and "A; B" name several
people; "Jane Doe, PhD, CPsychol" names one (a comma before a credential is not a
separator).
"""

from __future__ import annotations

import re

from .document import AuthorInfo

_BETWEEN_PEOPLE = re.compile(r"\s*;\s*|\s+(?:and|&)\s+")
_PARENTHESES = re.compile(r"\([^)]*\)")


def _is_credential(piece: str) -> bool:
    """ "PhD", "MSc (Oxon)", "CPsychol", "MD" — not a name like "Sam Lee"."""
    bare = _PARENTHESES.sub("", piece).strip().rstrip(".")
    if not bare or " " in bare:
        return False
    return sum(1 for char in bare if char.isupper()) >= 2 or bare.lower() in {
        "phd",
        "md",
        "msc",
        "bsc",
        "ma",
        "ba",
    }


def split_names(text: str) -> list[tuple[str, str]]:
    """``(name, credentials)`` for each person a byline-like text names, in order."""
    people: list[tuple[str, str]] = []
    for part in _BETWEEN_PEOPLE.split(text or ""):
        for piece in (piece.strip() for piece in part.split(",")):
            if not piece:
                continue
            if people and _is_credential(piece):
                name, credentials = people[-1]
                people[-1] = (name, f"{credentials}, {piece}" if credentials else piece)
            else:
                people.append((piece, ""))
    return people


def authors_from_text(text: str, line: int | None = None) -> list[AuthorInfo]:
    """Every person ``text`` names, as ``AuthorInfo`` (credentials split off the name)."""
    return [
        AuthorInfo(name=name, credentials=credentials, line=line)
        for name, credentials in split_names(text)
        if re.search(r"\w", name)
    ]
