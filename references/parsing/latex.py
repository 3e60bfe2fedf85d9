"""Writing BibTeX: escaping its special characters (reading is pylatexenc's, in ``bibtex``)."""

from __future__ import annotations


def unicode_to_bibtex(text: str) -> str:
    """Escape BibTeX's special characters; UTF-8 letters are written as they are."""
    text = (text or "").replace("\\", "\\textbackslash{}")
    for char in "&%$#_":
        text = text.replace(char, "\\" + char)
    return text.replace("{", "\\{").replace("}", "\\}").replace("\\textbackslash\\{\\}", "\\textbackslash{}")
