"""DOIs: stored bare and as given (case kept); compared without regard to case.

DOIs are case-insensitive (ASCII letters), so ``10.1097/PSY.0b013e3182464dd1`` and its
lower-cased spelling are one DOI: matching and duplicate detection use ``doi_key``.
"""

from __future__ import annotations

import re

# Crossref's recommended pattern for modern DOIs, anchored.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
_PREFIXES = re.compile(r"^(?:https?://)?(?:dx\.)?(?:www\.)?doi\.org/|^doi\s*:?\s*|^urn:doi:", re.IGNORECASE)
_TRAILING = ".,;:)]}>'\"”’"
# A DOI somewhere in a longer text, in any of its common spellings.
DOI_IN_TEXT = re.compile(
    r"(?:https?://(?:dx\.)?(?:www\.)?doi\.org/|\bdoi\s*:?\s*)?(10\.\d{1,9}/\S+)",
    re.IGNORECASE,
)
# "doi.org", "https://doi.org/" or "doi:" with nothing after it (a hand-typed placeholder).
DOI_PLACEHOLDER = re.compile(
    r"(?:https?://)?(?:dx\.)?(?:www\.)?doi\.org/?(?=\s|$)|\bdoi\s*:\s*(?=\s|$)", re.IGNORECASE
)


class InvalidDOI(ValueError):
    """The text is not a DOI (after removing the usual prefixes)."""

    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(
            f"“{value}” is not a valid DOI: a DOI looks like 10.1111/j.1467-9280.2006.01832.x "
            "(it starts with 10., four to nine digits, a slash, then the suffix)."
        )


def strip_doi(value: str) -> str:
    """Remove ``https://doi.org/``, ``doi:`` and trailing punctuation; the case is kept."""
    value = (value or "").strip()
    value = _PREFIXES.sub("", value).strip()
    while value and value[-1] in _TRAILING:
        # keep a closing bracket that balances an opening one inside the DOI
        if value[-1] == ")" and value.count("(") >= value.count(")"):
            break
        value = value[:-1]
    return value


def doi_key(value: str) -> str:
    """The spelling two DOIs are compared in (DOIs ignore case)."""
    return strip_doi(value).lower()


def is_valid_doi(value: str) -> bool:
    return bool(DOI_PATTERN.match(value or ""))


def normalise_doi(value: str) -> str:
    """The bare DOI as given; raises ``InvalidDOI`` when it is not one. Empty stays empty."""
    bare = strip_doi(value)
    if not bare:
        return ""
    if not is_valid_doi(bare):
        raise InvalidDOI(value.strip())
    return bare


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}" if doi else ""
