"""References of imported pages, through the references app's public API only.

Reference strings become stored citations (matched by DOI, then key, by
``references.api.find_or_create_citation``); in-text mentions written the APA way in
a plain-text export ("(Coan & Sbarra, 2015)", "Coan and Sbarra (2015)") become
pandoc-style citations (``[@coan2015]``, ``@coan2015``) when they match one of the
page's references, so the page renders them linked to its reference list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from articles.citations import attach_further_reading
from references import api as references

from .document import Document, ReferenceItem

Warn = Callable[[int | None, str], None]

_PAREN = re.compile(r"\((?P<inner>[^()]*?\b(?:1[5-9]|20)\d{2}[a-z]?\b[^()]*)\)")
_PART = re.compile(
    r"^\s*(?P<prefix>(?:see\s+also|see|e\.g\.,?|cf\.|for\s+example,?|i\.e\.,?|as\s+reviewed\s+by)\s+)?"
    r"(?P<authors>[^\d;]+?),\s*(?P<year>(?:1[5-9]|20)\d{2})(?P<suffix>[a-z])?"
    r"(?:,\s*(?P<locator>(?:p|pp|para|chap|ch)\.\s*[\w–-]+))?\s*$",
    re.I,
)
_SURNAME = r"[A-Z][\w'’\-]+(?:\s+(?:de|van|von|der|den|da|di|du|le|la|del)\s+[A-Z][\w'’\-]+)?"
_NARRATIVE = re.compile(
    rf"(?<![\w@\[])(?P<authors>{_SURNAME}(?:(?:,\s+{_SURNAME})*,?\s+(?:&|and)\s+{_SURNAME}|\s+et\s+al\.)?)"
    r"(?:['’]s)?\s+\((?P<year>(?:1[5-9]|20)\d{2})(?P<suffix>[a-z])?\)"
)
_SPLIT_NAMES = re.compile(r"\s*,\s*(?:&|and)?\s*|\s+(?:&|and)\s+")


@dataclass(frozen=True)
class Mention:
    surnames: tuple[str, ...]
    et_al: bool
    year: int
    suffix: str


class CitationCache:
    """Resolves a run's references once: pages of one site cite the same works again and again.

    Entries hold primary keys and are checked on use, so a work stored by a document
    that was later rolled back is simply looked up (or parsed) again.
    """

    def __init__(self) -> None:
        self._by_text: dict[str, tuple[int | None, list[str]]] = {}

    def resolve(self, doc: Document) -> list[references.Citation]:
        """Stored citations for the document's reference list, in its order (duplicates dropped)."""
        cached = {self._by_text[item.text][0] for item in doc.references if item.text in self._by_text}
        stored = references.Citation.objects.in_bulk([pk for pk in cached if pk])
        found: list[references.Citation] = []
        for item in doc.references:
            citation = self._resolve_one(item, doc.note, stored)
            if citation is not None and citation not in found:
                found.append(citation)
        return found

    def _resolve_one(self, item: ReferenceItem, warn: Warn, stored: dict) -> references.Citation | None:
        if item.is_key:
            citation = references.Citation.objects.filter(key=item.text).first()
            if citation is None:
                warn(item.line, f"unknown citation key '{item.text}': import its library file first")
            return citation
        cached = self._by_text.get(item.text)
        if cached is not None:
            pk, messages = cached
            citation = stored.get(pk) if pk else None
            if citation is not None or pk is None:
                for message in messages:
                    warn(item.line, message)
                return citation
        messages: list[str] = []
        citation = _parse_and_store(item.text, messages.append)
        self._by_text[item.text] = (citation.pk if citation else None, messages)
        for message in messages:
            warn(item.line, message)
        return citation

    def store_library(self, items: list[dict], warn: Warn) -> tuple[int, int]:
        """Store CSL-JSON items (matched by DOI, then key). Returns (created, matched)."""
        created = matched = 0
        for number, item in enumerate(items, start=1):
            try:
                _citation, was_created = references.find_or_create_citation(item)
            except (ValidationError, ValueError, TypeError) as error:
                messages = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                warn(None, f"library item {number} ({item.get('id', 'no id')}) not stored: {messages}")
                continue
            created += was_created
            matched += not was_created
        return created, matched

    def cited_keys(self, *sources: str) -> set[str]:
        """Keys cited anywhere in these Markdown texts."""
        keys: set[str] = set()
        for source in sources:
            if source and "@" in source:
                keys.update(references.cited_keys(source))
        return keys

    def unknown_keys(self, keys: set[str]) -> list[str]:
        if not keys:
            return []
        known = set(references.Citation.objects.filter(key__in=keys).values_list("key", flat=True))
        return sorted(keys - known)

    def attach_further_reading(self, page, citations: list[references.Citation]) -> None:
        attach_further_reading(page, citations)


def _parse_and_store(text: str, warn: Callable[[str], None]) -> references.Citation | None:
    try:
        parsed = references.parse_reference(text)
    except Exception as error:  # the parser promises not to raise; never let it stop an import
        warn(f"unparsed reference ({error}): '{text[:100]}'")
        return None
    try:
        citation, _created = references.find_or_create_citation(parsed)
    except ValidationError as error:
        warn(f"unparsed reference ({'; '.join(error.messages)}): '{text[:100]}'")
        return None
    if parsed.uncertain:
        reasons = "; ".join(parsed.notes) or ", ".join(parsed.uncertain)
        warn(f"reference read with uncertain {', '.join(parsed.uncertain)} ({reasons}): '{text[:80]}'")
    return citation


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(char for char in text if not unicodedata.combining(char)).lower().replace("’", "'")


def _surnames(citation: references.Citation) -> list[str]:
    names = []
    for person in citation.authors or []:
        if isinstance(person, dict):
            names.append(_fold(str(person.get("family") or person.get("literal") or "")))
    return names


def _mention(authors: str, year: str, suffix: str | None) -> Mention:
    authors = authors.strip()
    et_al = bool(re.search(r"\bet\s+al\.?$", authors))
    authors = re.sub(r",?\s*et\s+al\.?$", "", authors).strip()
    names = tuple(_fold(name) for name in _SPLIT_NAMES.split(authors) if name.strip())
    return Mention(names, et_al, int(year), suffix or "")


def _matches(mention: Mention, citation: references.Citation) -> bool:
    if citation.year != mention.year:
        return False
    if mention.suffix and citation.year_suffix and mention.suffix != citation.year_suffix:
        return False
    names = _surnames(citation)
    if not names or not mention.surnames or names[0] != mention.surnames[0]:
        return False
    if mention.et_al:
        return len(names) >= 2
    if len(mention.surnames) > 1:
        return names[: len(mention.surnames)] == list(mention.surnames) and len(names) == len(
            mention.surnames
        )
    return len(names) <= 2


def _find(mention: Mention, citations: list[references.Citation]) -> references.Citation | None:
    candidates = [citation for citation in citations if _matches(mention, citation)]
    if len(candidates) > 1 and not mention.suffix:
        exact = [c for c in candidates if len(_surnames(c)) == max(1, len(mention.surnames))]
        candidates = exact or candidates
    return candidates[0] if len(candidates) == 1 else None


def link_mentions(
    markdown: str, citations: list[references.Citation], linked: set[str] | None = None
) -> tuple[str, list[str]]:
    """Rewrite APA mentions that match ``citations`` as pandoc citations.

    Returns the new Markdown and the mentions that matched none (left as written);
    the keys it cited are added to ``linked``.
    """
    unmatched: list[str] = []
    linked = linked if linked is not None else set()
    if not markdown:
        return markdown, unmatched

    def parenthetical(match: re.Match) -> str:
        parts = match.group("inner").split(";")
        rendered = []
        for part in parts:
            found = _PART.match(part)
            if not found:
                return match.group(0)
            citation = _find(_mention(found["authors"], found["year"], found["suffix"]), citations)
            if citation is None:
                unmatched.append(part.strip())
                return match.group(0)
            prefix = (found["prefix"] or "").strip()
            locator = f", {found['locator']}" if found["locator"] else ""
            rendered.append(f"{prefix + ' ' if prefix else ''}@{citation.key}{locator}")
        linked.update(re.findall(r"@([^,;\s\]]+)", " ".join(rendered)))
        return "[" + "; ".join(rendered) + "]"

    def narrative(match: re.Match) -> str:
        citation = _find(_mention(match["authors"], match["year"], match["suffix"]), citations)
        if citation is None:
            unmatched.append(match.group(0))
            return match.group(0)
        possessive = "’s" if re.search(r"['’]s\s+\(", match.group(0)) else ""
        if possessive:
            return match.group(0)  # "Coan's (2015)" reads oddly as a citation: leave it
        linked.add(citation.key)
        return f"@{citation.key}"

    lines = []
    for line in markdown.split("\n"):
        if line.startswith("|") or line.startswith("#"):
            lines.append(line)
            continue
        line = _PAREN.sub(parenthetical, line)
        line = _NARRATIVE.sub(narrative, line)
        lines.append(line)
    return "\n".join(lines), unmatched


def library_items(data: object) -> list[dict]:
    """CSL-JSON items from a parsed library file (a list, or ``{"items": [...]}``)."""
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValueError("a CSL-JSON library is a list of items")
    return data
