"""Just enough LaTeX to read names and titles from BibTeX files."""

from __future__ import annotations

import re
import unicodedata

_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328", "r": "\u030a",
}  # fmt: skip
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
    "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}  # fmt: skip
_ACCENT_CMD = re.compile(
    r"\{?\\([`'^\"~=.])\s*\{?\\?([A-Za-z])\}?\}?|\{?\\([cvuHkr])\s*\{\\?([A-Za-z])\}\}?|\{?\\([cvuHkr]) ([A-Za-z])\}?"
)
_LETTER_CMD = re.compile(r"\{?\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])\s?\}?")
_ESCAPED = re.compile(r"\\([&%$#_{}])")


def latex_to_unicode(text: str) -> str:
    """``M{\\"a}kinen`` -> ``Mäkinen``; ``\\&`` -> ``&``; ``--`` -> ``–``; braces dropped."""

    def accent(match: re.Match) -> str:
        groups = [g for g in match.groups() if g is not None]
        mark, letter = groups[0], groups[1]
        return unicodedata.normalize("NFC", letter + _ACCENTS[mark])

    text = _ACCENT_CMD.sub(accent, text)
    text = _LETTER_CMD.sub(lambda m: _LETTERS[m.group(1)], text)
    text = _ESCAPED.sub(lambda m: "\x00" + m.group(1), text)
    text = text.replace("---", "—").replace("--", "–").replace("~", " ")
    text = re.sub(r"\\(?:textit|emph|textbf|textsc|textrm|mbox|url)\s*", "", text)
    text = text.replace("{", "").replace("}", "")
    text = text.replace("\x00", "")
    return re.sub(r"\s+", " ", text).strip()


def unicode_to_bibtex(text: str) -> str:
    """Escape BibTeX's special characters; UTF-8 letters are written as they are."""
    text = (text or "").replace("\\", "\\textbackslash{}")
    for char in "&%$#_":
        text = text.replace(char, "\\" + char)
    return text.replace("{", "\\{").replace("}", "\\}").replace("\\textbackslash\\{\\}", "\\textbackslash{}")
