"""References of imported pages, through the references app's public API only.

Reference strings become stored citations (matched by DOI, then key, by
``references.api.find_or_create_citation``); in-text mentions written the APA way in
a plain-text export ("(Coan & Sbarra, 2015)", "Coan and Sbarra (2015)") become
pandoc-style citations (``[@coan2015]``, ``@coan2015``) when they match one of the
page's references, so the page renders them linked to its reference list. Mentions
matching no reference, and references never cited, are reported with their lines
(``articles.citation_checks``, the checks the admin shows on the page).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError

from articles.citation_checks import Mention, check_texts, find_mentions, match_mention
from articles.citations import attach_further_reading
from references import api as references

from .document import Document, ReferenceItem

Warn = Callable[[int | None, str], None]


class CitationCache:
    """Resolves a run's references once: pages of one site cite the same works again and again.

    Entries hold primary keys and are checked on use, so a work stored by a document
    that was later rolled back is simply looked up (or parsed) again.
    """

    def __init__(self) -> None:
        self._by_text: dict[str, tuple[int | None, list[str]]] = {}

    def resolve(self, doc: Document) -> list[references.Citation]:
        """Stored citations for the document's reference list, in its order (duplicates dropped).

        The first time for a document, its in-text citations are also checked against
        that list (``check_document``): the warnings join the document's notes.
        """
        cached = {self._by_text[item.text][0] for item in doc.references if item.text in self._by_text}
        stored = references.Citation.objects.in_bulk([pk for pk in cached if pk])
        found: list[references.Citation] = []
        lines = doc.extra.setdefault("reference_lines", {})
        for item in doc.references:
            citation = self._resolve_one(item, doc.note, stored)
            if citation is not None and citation not in found:
                found.append(citation)
                lines.setdefault(citation.pk, item.line)
                if item.is_key:  # listed by key: further reading the author chose (as exports write it)
                    doc.extra.setdefault("further_reading", set()).add(citation.pk)
        if not doc.extra.get("citations_checked"):
            doc.extra["citations_checked"] = True
            check_document(doc, found + self._cited_elsewhere(doc, found))
        return found

    def _cited_elsewhere(self, doc: Document, found: list[references.Citation]) -> list[references.Citation]:
        """Library works the texts cite by key without listing them: they join the page's list too."""
        keys = self.cited_keys(doc.body, doc.closing_summary, *(faq.answer for faq in doc.faqs))
        keys -= {citation.key for citation in found}
        return list(references.Citation.objects.filter(key__in=keys)) if keys else []

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


def link_mentions(
    markdown: str, citations: list[references.Citation], linked: set[str] | None = None
) -> tuple[str, list[str]]:
    """Rewrite APA mentions that match ``citations`` as pandoc citations.

    "(Coan & Sbarra, 2015; see Cacioppo, 2008, p. 4)" becomes
    "[@coan2015; see @cacioppo2008, p. 4]" and "Coan and Sbarra (2015)" becomes "@coan2015"
    when every work of the parenthesis matches exactly one reference (mentions are read and
    matched by ``articles.citation_checks``, as the page's citation checks read them). A
    possessive ("Coan's (2015) study") and anything uncertain stay as written.

    Returns the new Markdown and the mentions that matched none (left as written); the keys
    it cited are added to ``linked``.
    """
    linked = linked if linked is not None else set()
    if not markdown:
        return markdown, []
    works = references.with_list_suffixes(citations)
    suffixes = {work.key: work.year_suffix or "" for work in works}
    unmatched: list[str] = []
    groups: dict[int, list[tuple[Mention, references.Citation | None]]] = {}
    for mention in find_mentions(markdown):
        found = match_mention(mention, works, suffixes) if works else []
        if not found and not mention.weak:
            unmatched.append(mention.text)
        work = found[0] if len(found) == 1 and mention.has_year else None
        groups.setdefault(mention.group, []).append((mention, work))
    replacements: list[tuple[int, int, str, set[str]]] = []
    for items in groups.values():
        if any(work is None for _mention, work in items):
            continue
        first, work = items[0]
        if len(items) == 1 and first.narrative:
            if first.possessive:
                continue  # "Coan's (2015) study" reads oddly as a citation: leave it
            locator = f" [{first.locator}]" if first.locator else ""
            replacements.append((first.start, first.end, f"@{work.key}{locator}", {work.key}))
            continue
        if any(mention.narrative for mention, _work in items):
            continue  # "Coan (2015; see also Lee, 2019)": left as written
        rendered = []
        for mention, cited in items:
            prefix = f"{mention.prefix} " if mention.prefix else ""
            locator = f", {mention.locator}" if mention.locator else ""
            rendered.append(f"{prefix}@{cited.key}{locator}")
        keys = {cited.key for _mention, cited in items}
        replacements.append((first.group_start, first.group_end, "[" + "; ".join(rendered) + "]", keys))
    for start, end, text, keys in sorted(replacements, key=lambda item: item[0], reverse=True):
        markdown = markdown[:start] + text + markdown[end:]
        linked.update(keys)
    return markdown, unmatched


def check_document(doc: Document, citations: list[references.Citation]) -> None:
    """The page's citation checks as warnings on the document, each with its source line.

    Mentions that match no reference (or several, or give no year) and references the
    text never cites: the checks the admin shows on the page (``check_texts``), run on the
    texts as the file wrote them. A reference listed by its key (front matter, exports)
    may be further reading: only listed reference *strings* are expected to be cited.
    """
    texts = [
        ("the summary", doc.summary),
        ("the body", doc.body),
        ("the closing summary", doc.closing_summary),
        ("the closing text", getattr(doc, "closing_text", "")),
        ("the call to action", getattr(doc, "cta_text", "")),
    ]
    texts += [(f"key takeaway {number}", text) for number, text in enumerate(doc.takeaways, start=1)]
    texts += [(f"the answer to “{faq.question[:60]}”", faq.answer) for faq in doc.faqs]
    source = doc.extra.get("source_text", "")
    reference_lines = doc.extra.get("reference_lines", {})
    further_reading = doc.extra.get("further_reading", set())
    by_label = dict(texts)
    found: dict[str, tuple[set[int], list[str]]] = {}  # message -> (source lines, texts not found)
    uncited: list[tuple[int | None, str]] = []
    for warning in check_texts(texts, citations):
        if warning.kind == "uncited":
            if warning.works[0].pk not in further_reading:
                uncited.append((reference_lines.get(warning.works[0].pk), warning.message))
            continue
        lines, unplaced = found.setdefault(warning.message, (set(), []))
        text_lines = (by_label.get(warning.where) or "").split("\n")
        for line in warning.lines:
            content = text_lines[line - 1] if 0 < line <= len(text_lines) else ""
            placed = _source_line(source, content, warning.mention)
            if placed is None:
                unplaced.append(warning.where)
            else:
                lines.add(placed)
    placed = []
    for message, (lines, unplaced) in found.items():
        ordered = sorted(lines)
        also = f" (also line {', '.join(map(str, ordered[1:]))})" if len(ordered) > 1 else ""
        where = f" (in {', '.join(dict.fromkeys(unplaced))})" if unplaced and not ordered else ""
        placed.append((ordered[0] if ordered else None, f"{message}{also}{where}"))
    placed.sort(key=lambda item: item[0] or 0)
    for line, message in placed + uncited:
        doc.note(line, f"citation check: {message}")


def _source_line(source: str, content: str, mention: str) -> int | None:
    """The file's line holding a text's line (the mention on it), if the file has it as written.

    A line the same in two texts (a lead paragraph kept as the summary) is one line of the file.
    """
    for needle in (content.strip(), mention):
        for candidate in (needle, re.sub(r"^(?:#{1,6}|[-*+]|\d+[.)])\s+", "", needle)):
            if len(candidate) >= 3:
                position = source.find(candidate)
                if position >= 0:
                    return source.count("\n", 0, position) + 1
    return None


def library_items(data: object) -> list[dict]:
    """CSL-JSON items from a parsed library file (a list, or ``{"items": [...]}``)."""
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValueError("a CSL-JSON library is a list of items")
    return data
