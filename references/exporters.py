"""Writing citations as BibTeX, RIS and CSL-JSON."""

from __future__ import annotations

import html
import json
import re
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
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
    "article": "misc",
    "webpage": "online",
    "post-weblog": "online",
    "dataset": "dataset",  # biblatex
    "software": "software",
    "motion_picture": "video",
    "broadcast": "audio",
    "entry-encyclopedia": "inreference",
    "entry-dictionary": "inreference",
    "review": "review",
    "review-book": "review",
}
# Kinds whose ``number`` is their own (a report's, an episode's), not an article number.
OWN_NUMBER = {"report", "thesis", "dataset", "software", "motion_picture", "broadcast"}
RIS_TYPES = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "report": "RPRT",
    "thesis": "THES",
    "article": "GEN",
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "dataset": "DATA",
    "software": "COMP",
    "motion_picture": "VIDEO",
    "broadcast": "SOUND",
    "entry-encyclopedia": "ENCYC",
    "entry-dictionary": "DICT",
}
_RICH_TO_LATEX = [  # CSL rich text -> the LaTeX command that reads back as it
    (re.compile(r"<(?:i|em)>(.*?)</(?:i|em)>", re.S), "\\emph"),
    (re.compile(r"<(?:b|strong)>(.*?)</(?:b|strong)>", re.S), "\\textbf"),
    (re.compile(r"<sup>(.*?)</sup>", re.S), "\\textsuperscript"),
    (re.compile(r"<sub>(.*?)</sub>", re.S), "\\textsubscript"),
    (re.compile(r'<span style="font-variant:\s*small-caps;?">(.*?)</span>', re.S), "\\textsc"),
]


def _bib_name(name: Name) -> str:
    """``Family, Given``; ``Family, Jr., Given`` with a suffix; organisations in braces."""
    if name == OMITTED_AUTHORS:
        return "others"
    if "literal" in name:
        return "{" + unicode_to_bibtex(name["literal"]) + "}"
    given = unicode_to_bibtex(" ".join(x for x in (name.get("given", ""), name.get("particle", "")) if x))
    family = unicode_to_bibtex(name["family"])
    if " " in name["family"]:
        family = "{" + family + "}"
    if name.get("suffix"):
        return f"{family}, {unicode_to_bibtex(name['suffix'])}, {given}"
    return f"{family}, {given}" if given else family


def _bib_title(text: str) -> str:
    """A title with CSL rich text as LaTeX (``<i>x</i>`` -> ``\\emph{x}``), other characters escaped."""
    if "<" not in text and "&" not in text:
        return unicode_to_bibtex(text)
    marks = {}
    for index, (pattern, command) in enumerate(_RICH_TO_LATEX):
        opening, closing = chr(0xE010 + 2 * index), chr(0xE011 + 2 * index)
        marks[opening], marks[closing] = command + "{", "}"
        text = pattern.sub(lambda m, o=opening, c=closing: o + m.group(1) + c, text)
    text = unicode_to_bibtex(html.unescape(re.sub(r"</?span[^>]*>", "", text)))
    return "".join(marks.get(char, char) for char in text)


def _bib_type(c: Citation) -> str:
    if c.type == "thesis":
        genre = (c.genre or "").lower()
        return "mastersthesis" if "master" in genre else "phdthesis"
    return BIBTEX_TYPES.get(c.type, "misc")


def to_bibtex(citations: Iterable[Citation]) -> str:
    """A BibTeX file (UTF-8) with one entry per citation, keyed by citation key.

    Standard BibTeX fields where they exist; biblatex's ``date``, ``eid``, ``translator``,
    ``eventtitle`` and ``venue`` otherwise; arXiv preprints as ``eprint``.
    """
    entries = []
    for c in citations:
        fields: list[tuple[str, str]] = []
        for role, names in (("author", c.authors), ("editor", c.editors), ("translator", c.translators)):
            if names:
                fields.append((role, " and ".join(_bib_name(n) for n in names)))
        fields.append(("title", _bib_title(c.title)))
        container = {
            "article-journal": "journal",
            "article-magazine": "journal",
            "article-newspaper": "journal",
            "chapter": "booktitle",
            "entry-encyclopedia": "booktitle",
            "entry-dictionary": "booktitle",
            "review": "journal",
            "review-book": "journal",
            "paper-conference": "booktitle",
            "webpage": "organization",
            "post-weblog": "organization",
        }.get(c.type)
        if container and c.container_title:
            fields.append((container, _bib_title(c.container_title)))
        if c.year:
            fields.append(("year", str(c.year)))
        if c.original_year:
            fields.append(("origdate", str(c.original_year)))  # biblatex
        if c.month:
            fields.append(("month", str(c.month)))
            if c.day and c.year:
                fields.append(("date", f"{c.year:04d}-{c.month:02d}-{c.day:02d}"))
        for name, value in (
            ("volume", c.volume),
            ("edition", c.edition),
            ("version", c.version),
            ("pubstate", c.status),
            ("series", c.collection_title),
        ):
            if value:
                fields.append((name, unicode_to_bibtex(value)))
        eprint = re.match(r"^arXiv:\s*(\S+)$", c.number or "", re.IGNORECASE)
        if c.type in OWN_NUMBER:
            if c.genre:
                fields.append(("type", unicode_to_bibtex(c.genre)))
            if c.number:
                fields.append(("number", unicode_to_bibtex(c.number)))
            if c.publisher:
                fields.append(
                    ("school" if c.type == "thesis" else "institution", unicode_to_bibtex(c.publisher))
                )
        else:
            number = c.issue or (c.collection_number if c.type in {"book", "chapter"} else "")
            if number:
                fields.append(("number", unicode_to_bibtex(number)))
            if c.number and eprint:
                fields += [("eprint", eprint.group(1)), ("archiveprefix", "arXiv")]
            elif c.number:
                fields.append(("eid", unicode_to_bibtex(c.number)))
            if c.genre:
                fields.append(("type", unicode_to_bibtex(c.genre)))
            if c.publisher:
                fields.append(("publisher", unicode_to_bibtex(c.publisher)))
        if c.archive:
            fields.append(("howpublished", unicode_to_bibtex(c.archive)))
        if c.event_title:
            fields.append(("eventtitle", unicode_to_bibtex(c.event_title)))
        if c.event_place:
            fields.append(("venue", unicode_to_bibtex(c.event_place)))
        if c.pages:
            fields.append(("pages", c.pages.replace("–", "--")))
        if c.doi:
            fields.append(("doi", c.doi))
        if c.url:
            fields.append(("url", c.url))
        if c.accessed:
            fields.append(("urldate", c.accessed.isoformat()))
        subtype = {"article-newspaper": "newspaper", "article-magazine": "magazine", "post-weblog": "blog"}
        if c.type in subtype:
            fields.append(("entrysubtype", subtype[c.type]))  # biblatex
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{_bib_type(c)}{{{c.key},\n{body}\n}}\n")
    return "\n".join(entries)


def _ris_name(name: Name) -> str:
    if "literal" in name:
        return name["literal"]
    given = " ".join(x for x in (name.get("given", ""), name.get("particle", "")) if x)
    out = f"{name['family']}, {given}" if given else f"{name['family']},"
    return f"{out}, {name['suffix']}" if name.get("suffix") else out.rstrip(",")


def to_ris(citations: Iterable[Citation]) -> str:
    """A RIS file with one record per citation (``ID`` is the citation key)."""
    records = []
    for c in citations:
        lines = [("TY", RIS_TYPES.get(c.type, "GEN")), ("ID", c.key)]
        lines += [("AU", _ris_name(n)) for n in c.authors if n != OMITTED_AUTHORS]
        lines += [("ED", _ris_name(n)) for n in c.editors]
        lines += [("A4", _ris_name(n)) for n in c.translators]
        lines.append(("TI", c.title))
        if c.container_title:
            lines.append(("T2", c.container_title))
        if c.year:
            date = f"{c.year:04d}"
            if c.month:
                date += f"/{c.month:02d}" + (f"/{c.day:02d}" if c.day else "")
            lines.append(("PY", date))
        for tag, value in (
            ("VL", c.volume),
            ("ET", c.edition),
            ("VO", c.version),
            ("PB", c.publisher),
            ("DB", c.archive),
        ):
            if value:
                lines.append((tag, value))
        if c.original_year:
            lines.append(("OP", str(c.original_year)))  # original publication
        if c.genre:
            lines.append(("M3", c.genre))
        if c.type == "paper-conference":
            lines += [(tag, value) for tag, value in (("C1", c.event_title), ("CY", c.event_place)) if value]
        if (c.type in OWN_NUMBER or c.type == "article") and c.number:
            lines.append(("IS", c.number))
        else:
            if c.issue:
                lines.append(("IS", c.issue))
            if c.number and c.type.startswith("article-"):
                lines.append(("M1", c.number))
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
