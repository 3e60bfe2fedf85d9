"""RIS files (``TY  - JOUR`` … ``ER  -``) to CSL-JSON."""

from __future__ import annotations

import re

from ..names import Name
from .base import ParsedReference, ParseError

TYPES = {
    "JOUR": "article-journal",
    "JFULL": "article-journal",
    "MGZN": "article-magazine",
    "NEWS": "article-newspaper",
    "EJOUR": "article-journal",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "CONF": "paper-conference",
    "CPAPER": "paper-conference",
    "RPRT": "report",
    "GOVDOC": "report",
    "THES": "thesis",
    "ELEC": "webpage",
    "WEB": "webpage",
    "BLOG": "post-weblog",
    "GEN": "article",
    "DATA": "dataset",
    "COMP": "software",
    "VIDEO": "motion_picture",
    "MPCT": "motion_picture",
    "SOUND": "broadcast",
    "ENCYC": "entry-encyclopedia",
    "DICT": "entry-dictionary",
}
_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def parse_ris(text: str) -> list[ParsedReference]:
    """Every record of a RIS file; ``ParseError`` (with a line number) on broken syntax."""
    text = (text or "").replace("\x00", "").lstrip("\ufeff")
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    last_tag = ""
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.rstrip()
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            if current is not None and last_tag in {"AB", "N1", "TI", "T1"}:
                current.append((last_tag, line.strip()))  # a wrapped long value
                continue
            raise ParseError(f"RIS, line {number}: “{line[:40]}” is not a “TAG  - value” line.")
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if current is not None:
                raise ParseError(
                    f"RIS, line {number}: a new record starts before the previous one ended (ER  -)."
                )
            current = [(tag, value)]
        elif tag == "ER":
            if current is None:
                raise ParseError(
                    f"RIS, line {number}: “ER  -” without a record (each record starts with TY  -)."
                )
            records.append(current)
            current = None
        else:
            if current is None:
                raise ParseError(
                    f"RIS, line {number}: “{tag}” outside a record (each record starts with TY  -)."
                )
            current.append((tag, value))
        last_tag = tag
    if current is not None:
        raise ParseError("RIS: the last record has no end line (ER  -).")
    if not records and text.strip():
        raise ParseError("RIS: no records found (a record starts with TY  - and ends with ER  -).")
    return [_to_parsed(record) for record in records]


_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}
_PARTICLES = {"van", "von", "de", "der", "den", "du", "da", "di", "del", "della", "la", "le", "ten", "ter"}
_ORGANISATION = re.compile(
    r"\b(?:organi[sz]ation|association|society|institute|institutes|university|college|council|"
    r"department|ministry|agency|foundation|office|commission|committee|bureau|board|centre|center|"
    r"group|collaboration|consortium|network|alliance|academy|academies|federation|trust|service|"
    r"services|authority|press|team|inc\.?|ltd\.?|corporation|company|nations|union|lab|labs|laboratory|"
    r"laboratories|project|initiative|panel|clinic|hospital|school)\b",
    re.IGNORECASE,
)


def _name(value: str, result: ParsedReference | None = None) -> Name:
    """``Coan, James A.`` or ``James A. Coan`` (a person); a name of an institution as it is."""
    value = value.strip()
    if "," in value:
        family, _, given = value.partition(",")
        given, _, suffix = given.partition(",")
        name: Name = {"family": family.strip()}
        words = given.split()
        dropping = []
        while len(words) > 1 and words[-1].lower() in _PARTICLES:  # "Humboldt, Alexander von"
            dropping.insert(0, words.pop())
        if dropping:
            name["particle"] = " ".join(dropping)
        if words:
            name["given"] = " ".join(words)
        if suffix.strip():
            name["suffix"] = suffix.strip()
        return name
    words = value.split()
    if _ORGANISATION.search(value) or len(words) > 4 or (len(words) > 1 and value.isupper()):
        if result is not None and len(words) > 1:
            result.flag(
                "authors", f"Read “{value}” as an organisation; if it is a person, write “Family, Given”."
            )
        return {"literal": value}
    if len(words) == 1:
        return {"family": value}
    name = {}
    if words[-1] in _SUFFIXES and len(words) > 2:
        name["suffix"] = words.pop()
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1  # "Ludwig van Beethoven": the particle goes with the family name
    return {"family": " ".join(words[start:]), "given": " ".join(words[:start]), **name}


def _to_parsed(record: list[tuple[str, str]]) -> ParsedReference:
    values: dict[str, list[str]] = {}
    for tag, value in record:
        if value:
            values.setdefault(tag, []).append(value)

    def first(*tags: str) -> str:
        for tag in tags:
            if values.get(tag):
                return " ".join(values[tag]) if tag in {"TI", "T1"} else values[tag][0]
        return ""

    kind = first("TY")
    result = ParsedReference(csl={}, source=f"TY  - {kind} …")
    csl = result.csl
    csl["type"] = TYPES.get(kind, "report")
    if kind not in TYPES:
        result.flag("type", f"Unknown RIS type “{kind}”; read as a report.")
    key = first("ID")
    if key:
        csl["id"] = key
    authors = [_name(v, result) for tag in ("AU", "A1") for v in values.get(tag, [])]
    if authors:
        csl["author"] = authors
    editors = [_name(v, result) for tag in ("ED", "A2") for v in values.get(tag, [])]
    if editors and csl["type"] in {
        "chapter",
        "book",
        "paper-conference",
        "entry-encyclopedia",
        "entry-dictionary",
    }:
        csl["editor"] = editors
    translators = [_name(v, result) for v in values.get("A4", [])]
    if translators:
        csl["translator"] = translators
    if first("M3"):
        csl["genre"] = first("M3")
    if csl["type"] == "paper-conference":  # a presentation: the meeting (C1) and its place (CY)
        for tag, target in (("C1", "event-title"), ("CY", "event-place")):
            if first(tag):
                csl[target] = first(tag)
    title = first("TI", "T1")
    if title:
        csl["title"] = title
    container = first("T2", "JO", "JF", "BT", "JA", "J2")
    if container:
        csl["container-title"] = container
    for tag, target in (
        ("DB", "archive"),
        ("VL", "volume"),
        ("ET", "edition"),
        ("PB", "publisher"),
        ("DO", "DOI"),
        ("UR", "URL"),
    ):
        if first(tag):
            csl[target] = first(tag)
    if first("VO"):
        csl["version"] = first("VO")
    if csl["type"] in {"report", "thesis", "article", "dataset", "software", "motion_picture", "broadcast"}:
        if first("IS", "M1"):
            csl["number"] = first("IS", "M1")
    else:
        if first("IS"):
            csl["issue"] = first("IS")
        if first("M1") and csl["type"].startswith("article-"):
            csl["number"] = first("M1")  # an article number
    start, end = first("SP"), first("EP")
    if start:
        csl["page"] = f"{start}–{end}" if end and end != start else start
    date = first("PY", "Y1", "DA")
    match = re.match(r"^(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2}))?)?", date)
    if match:
        parts = [int(match.group(1))]
        if match.group(2):
            parts.append(int(match.group(2)))
            if match.group(3):
                parts.append(int(match.group(3)))
        csl["issued"] = {"date-parts": [parts]}
    else:
        result.flag("year", "No year." if not date else f"Could not read the year “{date}”.")
    original = re.match(r"^(\d{3,4})", first("OP"))
    if original:
        csl["original-date"] = {"date-parts": [[int(original.group(1))]]}
    accessed = re.match(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})", first("Y2"))
    if accessed:
        csl["accessed"] = {"date-parts": [[int(g) for g in accessed.groups()]]}
    if not title:
        result.flag("title", "The record has no title (TI  -).")
    return result
