"""Reading works from APA-style text, BibTeX, RIS and CSL-JSON."""

from .base import ParsedReference, ParseError

__all__ = ["ParseError", "ParsedReference", "parse_file"]


def parse_file(name: str, content: str) -> list[ParsedReference]:
    """Parse a file by its extension (.bib, .ris, .json; anything else is APA text).

    Raises ``ParseError`` for malformed BibTeX, RIS or JSON.
    """
    from .apa_text import parse_many
    from .bibtex import parse_bibtex
    from .csljson import parse_csl_json
    from .ris import parse_ris

    lowered = (name or "").lower()
    if lowered.endswith((".bib", ".bibtex")):
        return parse_bibtex(content)
    if lowered.endswith((".ris", ".nbib")):
        return parse_ris(content)
    if lowered.endswith(".json"):
        return parse_csl_json(content)
    stripped = (content or "").lstrip("\ufeff").lstrip()
    if stripped.startswith("@") and "{" in stripped[:80]:
        return parse_bibtex(content)
    if stripped.startswith("TY  -"):
        return parse_ris(content)
    if stripped.startswith(("[", "{")):
        return parse_csl_json(content)
    return parse_many(content)
