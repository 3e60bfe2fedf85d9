"""CSL-JSON, the exchange shape of a work: to and from ``Citation`` fields."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from . import doi as doi_utils
from .apa import page_range
from .names import clean_names

if TYPE_CHECKING:
    from .models import Citation

CSL_TYPES = {
    "article-journal", "book", "chapter", "report", "webpage", "thesis", "article",
    "paper-conference", "article-newspaper", "article-magazine", "post-weblog", "review", "review-book",
    "entry-encyclopedia", "entry-dictionary", "dataset", "software", "motion_picture", "broadcast",
}  # fmt: skip
# APA 7 cites legal materials in Bluebook form (chapter 11), not in the reference-list form
# this library prints; such items are refused at import with LEGAL_MESSAGE.
LEGAL_TYPES = {"legal_case", "legislation", "bill", "hearing", "regulation", "treaty"}
LEGAL_MESSAGE = (
    "“{title}” is a legal reference ({type}); APA 7 cites court cases, statutes and other legal "
    "materials in Bluebook form (Publication Manual, chapter 11), which this library does not "
    "format. Cite it in the text, or add the page that publishes it as a web page."
)
# CSL roles that stand in for a missing author (APA 9.10), in the APA CSL style's order, and
# the label printed after the name: "Nolan, C. (Director)".
CREATOR_ROLES = [
    ("director", "Director"),
    ("host", "Host"),
    ("guest", "Guest"),
    ("producer", "Producer"),
    ("executive-producer", "Executive Producer"),
    ("series-creator", "Series Creator"),
]
# Other CSL types we receive (Crossref, Zotero) and the closest type we format.
TYPE_ALIASES = {
    "journal-article": "article-journal",
    "proceedings-article": "paper-conference",
    "posted-content": "article",
    "dissertation": "thesis",
    "book-chapter": "chapter",
    "entry": "entry-encyclopedia",
    "edited-book": "book",
    "monograph": "book",
    "podcast": "broadcast",
    "video": "motion_picture",
    "film": "motion_picture",
    "computer-program": "software",
    "document": "report",
    "standard": "report",
    "post": "webpage",
    "web": "webpage",
    "website": "webpage",
}
TEXT_FIELDS = {
    "title": "title",
    "container-title": "container_title",
    "volume": "volume",
    "issue": "issue",
    "page": "pages",
    "edition": "edition",
    "number": "number",
    "genre": "genre",
    "collection-title": "collection_title",
    "collection-number": "collection_number",
    "publisher": "publisher",
    "archive": "archive",
    "archive_location": "archive_location",
    "event-title": "event_title",
    "event-place": "event_place",
    "URL": "url",
    "status": "status",
    "version": "version",
    "reviewed-title": "reviewed_title",
}
FIELD_LIMITS = {
    "title": 1000,
    "container_title": 500,
    "volume": 50,
    "issue": 50,
    "pages": 50,
    "edition": 30,
    "number": 100,
    "genre": 100,
    "collection_title": 300,
    "collection_number": 50,
    "publisher": 300,
    "archive": 300,
    "archive_location": 200,
    "event_title": 300,
    "event_place": 200,
    "url": 1000,
    "status": 50,
    "version": 50,
    "reviewed_title": 1000,
}


BOOK_PARTS = {"chapter", "entry-encyclopedia", "entry-dictionary"}


def legal_refusal(item: dict) -> str:
    """Why a legal CSL item (``legal_case``, ``legislation`` …) is not imported."""
    title = _first(item.get("title"))[:120] or "This item"
    return LEGAL_MESSAGE.format(title=title, type=str(item.get("type") or "").strip())


def csl_type(value: str) -> str:
    value = (value or "").strip()
    if value in CSL_TYPES:
        return value
    return TYPE_ALIASES.get(value, "article-journal" if not value else "report")


def _date_parts(value: Any) -> list[int]:
    """``{"date-parts": [[2015, 3, 4]]}`` (or ``{"raw": "2015"}``) -> ``[2015, 3, 4]``."""
    if not isinstance(value, dict):
        return []
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        out = []
        for item in parts[0][:3]:
            try:
                out.append(int(item))
            except (TypeError, ValueError):
                break
        return out
    raw = str(value.get("raw") or value.get("literal") or "").strip()
    match = re.match(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?", raw)
    return [int(g) for g in match.groups() if g] if match else []


def _first(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return "" if value is None else str(value).replace("\x00", "").strip()


def fields_from_csl(item: dict) -> dict[str, Any]:
    """Model field values for a CSL-JSON item (DOI normalised; a bad one kept aside)."""
    fields: dict[str, Any] = {"type": csl_type(str(item.get("type") or ""))}
    for csl_name, field in TEXT_FIELDS.items():
        value = _first(item.get(csl_name))
        fields[field] = value[: FIELD_LIMITS[field]]
    if not fields["event_title"]:
        fields["event_title"] = _first(item.get("event"))[:300]
    if not fields["archive_location"]:
        fields["archive_location"] = _first(item.get("archive-location"))[:200]
    if not fields["number"] and item.get("article-number"):
        fields["number"] = _first(item.get("article-number"))[:100]
    fields["pages"] = page_range(fields["pages"])
    if fields["type"] == "article" and fields["container_title"] and (fields["volume"] or fields["pages"]):
        fields["type"] = "article-journal"  # "article" used for a journal article
    if not fields["container_title"] and fields["collection_title"] and fields["type"] in BOOK_PARTS:
        # a chapter in a series with no book title: the series is where it was published
        fields["container_title"] = fields["collection_title"][:500]
        fields["collection_title"] = ""
    fields["authors"] = clean_names(item.get("author"))
    if not fields["authors"]:
        for variable, label in CREATOR_ROLES:
            creators = clean_names(item.get(variable))
            if creators:
                fields["authors"] = [{**name, "role": label} for name in creators]
                break
    both = clean_names(item.get("editor-translator"))
    fields["editors"] = clean_names(item.get("editor") or item.get("container-author")) or both
    fields["translators"] = clean_names(item.get("translator")) or both
    fields["reviewed_authors"] = clean_names(item.get("reviewed-author"))
    issued = _date_parts(item.get("issued"))
    fields["year"] = issued[0] if issued and 1000 <= issued[0] <= 2999 else None
    fields["month"] = issued[1] if len(issued) > 1 and 1 <= issued[1] <= 12 else None
    fields["day"] = issued[2] if len(issued) > 2 and 1 <= issued[2] <= 31 else None
    original = _date_parts(item.get("original-date"))
    fields["original_year"] = original[0] if original and 1 <= original[0] <= 2999 else None
    accessed = _date_parts(item.get("accessed"))
    fields["accessed"] = None
    if len(accessed) == 3:
        try:
            fields["accessed"] = dt.date(*accessed)
        except ValueError:
            fields["accessed"] = None
    suffix = str(item.get("year-suffix") or "").strip().lower()
    fields["year_suffix"] = suffix if re.fullmatch(r"[a-z]{1,2}", suffix) and fields["year"] else ""
    fields["doi"], fields["unverified_doi"] = split_doi(_first(item.get("DOI")))
    key = str(item.get("id") or item.get("citation-key") or "").strip()
    fields["key"] = key if key and len(key) <= 80 else ""
    return fields


def split_doi(raw: str) -> tuple[str, str]:
    """(valid bare DOI, "") or ("", the malformed text)."""
    raw = (raw or "").strip()
    if not raw:
        return "", ""
    bare = doi_utils.strip_doi(raw)
    if doi_utils.is_valid_doi(bare):
        return bare, ""
    return "", raw[:255]


def csl_from_fields(fields: dict[str, Any], key: str = "") -> dict[str, Any]:
    """A CSL-JSON item from model-shaped field values (empty values left out)."""
    item: dict[str, Any] = {
        "id": key or fields.get("key") or "",
        "type": fields.get("type") or "article-journal",
    }
    for name in fields.get("authors") or []:
        variable = ROLE_VARIABLES.get(name.get("role", ""), "author")
        item.setdefault(variable, []).append(name_to_csl(name))
    if fields.get("reviewed_authors"):
        item["reviewed-author"] = [name_to_csl(n) for n in fields["reviewed_authors"]]
    for role, field in (("editor", "editors"), ("translator", "translators")):
        if fields.get(field):
            item[role] = [name_to_csl(n) for n in fields[field]]
    if fields.get("year"):
        parts = [fields["year"]]
        if fields.get("month"):
            parts.append(fields["month"])
            if fields.get("day"):
                parts.append(fields["day"])
        item["issued"] = {"date-parts": [parts]}
    for csl_name, field in TEXT_FIELDS.items():
        if fields.get(field):
            item[csl_name] = fields[field]
    if fields.get("doi") or fields.get("unverified_doi"):
        item["DOI"] = fields.get("doi") or fields["unverified_doi"]  # a malformed one as found
    if fields.get("original_year"):
        item["original-date"] = {"date-parts": [[fields["original_year"]]]}
    if fields.get("year_suffix"):
        item["year-suffix"] = fields["year_suffix"]
    accessed = fields.get("accessed")
    if accessed:
        item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    return item


ROLE_VARIABLES = {label: variable for variable, label in CREATOR_ROLES}


def name_to_csl(name: dict) -> dict[str, str]:
    """A stored name as CSL-JSON (a dropping particle is ``dropping-particle`` there; the role
    is the CSL variable holding the name)."""
    out = {k: v for k, v in name.items() if k != "role"}
    if "particle" in out:
        out["dropping-particle"] = out.pop("particle")
    return out


MODEL_FIELDS = [
    "key", "type", "authors", "editors", "translators", "reviewed_authors", "reviewed_title", "year",
    "year_suffix", "original_year", "status", "month", "day", "title", "version",
    "container_title", "volume", "issue", "pages", "edition", "number", "genre", "collection_title",
    "collection_number", "publisher", "archive", "archive_location", "event_title", "event_place",
    "doi", "url", "accessed",
]  # fmt: skip


def to_csl_json(citation: Citation) -> dict[str, Any]:
    """The citation as one CSL-JSON item."""
    return csl_from_fields({name: getattr(citation, name) for name in MODEL_FIELDS}, key=citation.key)
