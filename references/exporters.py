"""Writing citations as BibTeX, RIS and CSL-JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .csl import to_csl_json
from .models import Citation
from .names import Name
from .parsing.apa_text import OMITTED_AUTHORS
from .parsing.latex import unicode_to_bibtex

FORMATS = {"bibtex": "bib", "ris": "ris", "csl-json": "json"}
CONTENT_TYPES = {
    "bibtex": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "csl-json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}
BIBTEX_TYPES = {
    "article-journal": "article",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "webpage": "online",
}
RIS_TYPES = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "report": "RPRT",
    "webpage": "ELEC",
}


def _bib_name(name: Name) -> str:
    if name == OMITTED_AUTHORS:
        return "others"
    if "literal" in name:
        return "{" + unicode_to_bibtex(name["literal"]) + "}"
    given = name.get("given", "")
    family = unicode_to_bibtex(name["family"])
    if " " in name["family"]:
        family = "{" + family + "}"
    return f"{family}, {unicode_to_bibtex(given)}" if given else family


def to_bibtex(citations: Iterable[Citation]) -> str:
    """A BibTeX file (UTF-8) with one entry per citation, keyed by citation key."""
    entries = []
    for c in citations:
        fields: list[tuple[str, str]] = []
        if c.authors:
            fields.append(("author", " and ".join(_bib_name(n) for n in c.authors)))
        if c.editors:
            fields.append(("editor", " and ".join(_bib_name(n) for n in c.editors)))
        fields.append(("title", unicode_to_bibtex(c.title)))
        container = {"article-journal": "journal", "chapter": "booktitle", "webpage": "organization"}.get(
            c.type
        )
        if container and c.container_title:
            fields.append((container, unicode_to_bibtex(c.container_title)))
        if c.year:
            fields.append(("year", str(c.year)))
        if c.month:
            fields.append(("month", str(c.month)))
        for name, value in (("volume", c.volume), ("edition", c.edition)):
            if value:
                fields.append((name, unicode_to_bibtex(value)))
        if c.type == "report":
            if c.number:
                fields.append(("number", unicode_to_bibtex(c.number)))
            if c.publisher:
                fields.append(("institution", unicode_to_bibtex(c.publisher)))
        else:
            if c.issue:
                fields.append(("number", unicode_to_bibtex(c.issue)))
            if c.publisher:
                fields.append(("publisher", unicode_to_bibtex(c.publisher)))
        if c.pages:
            fields.append(("pages", c.pages.replace("–", "--")))
        if c.doi:
            fields.append(("doi", c.doi))
        if c.url:
            fields.append(("url", c.url))
        if c.accessed:
            fields.append(("urldate", c.accessed.isoformat()))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{BIBTEX_TYPES.get(c.type, 'misc')}{{{c.key},\n{body}\n}}\n")
    return "\n".join(entries)


def _ris_name(name: Name) -> str:
    if "literal" in name:
        return name["literal"]
    return f"{name['family']}, {name['given']}" if name.get("given") else name["family"]


def to_ris(citations: Iterable[Citation]) -> str:
    """A RIS file with one record per citation (``ID`` is the citation key)."""
    records = []
    for c in citations:
        lines = [("TY", RIS_TYPES.get(c.type, "GEN")), ("ID", c.key)]
        lines += [("AU", _ris_name(n)) for n in c.authors if n != OMITTED_AUTHORS]
        lines += [("ED", _ris_name(n)) for n in c.editors]
        lines.append(("TI", c.title))
        if c.container_title:
            lines.append(("T2", c.container_title))
        if c.year:
            date = f"{c.year:04d}"
            if c.month:
                date += f"/{c.month:02d}" + (f"/{c.day:02d}" if c.day else "")
            lines.append(("PY", date))
        for tag, value in (("VL", c.volume), ("ET", c.edition), ("PB", c.publisher)):
            if value:
                lines.append((tag, value))
        if c.type == "report" and c.number:
            lines.append(("IS", c.number))
        elif c.issue:
            lines.append(("IS", c.issue))
        if c.pages:
            start, _, end = c.pages.replace("-", "–").partition("–")
            lines.append(("SP", start.strip()))
            if end.strip():
                lines.append(("EP", end.strip()))
        if c.doi:
            lines.append(("DO", c.doi))
        if c.url:
            lines.append(("UR", c.url))
        if c.accessed:
            lines.append(("Y2", c.accessed.strftime("%Y/%m/%d")))
        lines.append(("ER", ""))
        records.append(
            "\n".join(
                f"{tag}  - {value}".rstrip() if tag == "ER" else f"{tag}  - {value}" for tag, value in lines
            )
        )
    return "\n\n".join(records) + ("\n" if records else "")


def to_csl_json_text(citations: Iterable[Citation]) -> str:
    """A CSL-JSON document: a list of items, pretty-printed, UTF-8."""
    return json.dumps([to_csl_json(c) for c in citations], ensure_ascii=False, indent=2) + "\n"


def export(citations: Iterable[Citation], fmt: str) -> str:
    """``fmt`` is ``bibtex``, ``ris`` or ``csl-json``."""
    if fmt == "bibtex":
        return to_bibtex(citations)
    if fmt == "ris":
        return to_ris(citations)
    if fmt == "csl-json":
        return to_csl_json_text(citations)
    raise ValueError(f"Unknown export format “{fmt}”; use bibtex, ris or csl-json.")
