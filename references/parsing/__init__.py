"""Reading works from APA-style text, BibTeX, RIS and CSL-JSON."""

from .base import ParsedReference, ParseError

__all__ = ["ParseError", "ParsedReference"]
