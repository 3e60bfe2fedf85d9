"""BibTeX files to CSL-JSON, read with bibtexparser 2 (syntax, ``@string``, ``@article(...)``,
name parts) and pylatexenc (LaTeX accents and symbols).

What this module adds: BibTeX entry types and fields mapped to CSL-JSON, LaTeX formatting
(``\\emph``, ``\\textsuperscript``, ``$_2$``) kept as CSL rich text, arXiv ``eprint`` fields
as a link and a preprint number, ``and others`` flagged, and errors that say where.
"""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import Entry, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from ..names import Name
from .base import ParsedReference, ParseError

TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "book",
    "proceedings": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "dataset": "dataset",
    "software": "software",
    "video": "motion_picture",
    "movie": "motion_picture",
    "audio": "broadcast",
    "inreference": "entry-encyclopedia",
    "review": "review",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "online": "webpage",
    "webpage": "webpage",
    "electronic": "webpage",
    "misc": "webpage",
    "unpublished": "article",
}
THESIS_GENRES = {"phdthesis": "Doctoral dissertation", "mastersthesis": "Master's thesis"}
MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
# A value that swallowed the next field: ``title = {A} year = {2001}`` (a comma is missing).
_SWALLOWED = re.compile(r"[}\"]\s+(?P<name>[A-Za-z][\w-]*)\s*=\s*[{\"\d]")
# LaTeX formatting kept as CSL rich text; private-use characters mark it through pylatexenc.
_FORMATS = {
    "emph": "i", "textit": "i", "textsl": "i", "textbf": "b", "textsc": "sc",
    "textsuperscript": "sup", "textsubscript": "sub",
}  # fmt: skip
_OPEN = {"i": "\ue000", "b": "\ue001", "sc": "\ue002", "sup": "\ue003", "sub": "\ue004"}
_CLOSE = "\ue005"
_HTML = {"i": ("<i>", "</i>"), "b": ("<b>", "</b>"), "sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>"),
         "sc": ('<span style="font-variant:small-caps;">', "</span>")}  # fmt: skip
_FORMAT_CMD = re.compile(r"\\(" + "|".join(_FORMATS) + r")\s*\{")
_MATH_SCRIPT = re.compile(r"\$\s*([_^])\s*(\{[^{}$]*\}|[^{}$\s])\s*\$")
_OLD_STYLE = re.compile(r"\{\\(em|it|sl|bf|sc)\s+")
_OLD_STYLE_NAMES = {"em": "emph", "it": "textit", "sl": "textsl", "bf": "textbf", "sc": "textsc"}
_latex = LatexNodes2Text(math_mode="text")


def parse_bibtex(text: str) -> list[ParsedReference]:
    """Every entry of a BibTeX file; ``ParseError`` (with a line number) on broken syntax."""
    text = (text or "").replace("\x00", "")
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)  # its warnings repeat our errors
    library = bibtexparser.parse_string(
        text,
        append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()],
    )
    for block in library.failed_blocks:
        raise _failure(block)
    results = [_to_parsed(entry) for entry in library.entries]
    if not results and text.strip():
        raise ParseError("BibTeX: no entries found (an entry starts with @article{key, …).")
    return results


def _failure(block: ParsingFailedBlock) -> ParseError:
    error = block.error
    reason = str(getattr(error, "abort_reason", "") or error or "unreadable")
    start = (block.start_line or 0) + 1
    raw = block.raw or ""
    end = getattr(error, "end_index", None)
    line = start + raw[:end].count("\n") if isinstance(end, int) else start
    kind = re.match(r"@\s*(\w+)", raw)
    what = f"the @{kind.group(1)} entry" if kind else "an entry"
    if "end of file" in reason.lower():
        return ParseError(f"BibTeX, line {start}: {what} starting here is never closed (a “}}” is missing).")
    if "comma after entry key" in reason.lower():
        return ParseError(
            f"BibTeX, line {start}: {what} has no citation key, or no comma after it "
            f"(write @{kind.group(1) if kind else 'article'}{{key, …}})."
        )
    if "`=`" in reason or "expected a `=`" in reason.lower():
        return ParseError(f"BibTeX, line {line}: in {what}, expected “name = value”.")
    return ParseError(f"BibTeX, line {line}: {what} could not be read ({reason}).")


def latex_text(value: str) -> str:
    """LaTeX to Unicode text with formatting as CSL rich text (``\\emph{x}`` -> ``<i>x</i>``)."""
    value = _MATH_SCRIPT.sub(
        lambda m: (
            ("\\textsuperscript{" if m.group(1) == "^" else "\\textsubscript{") + m.group(2).strip("{}") + "}"
        ),
        value,
    )
    value = _OLD_STYLE.sub(lambda m: "\\" + _OLD_STYLE_NAMES[m.group(1)] + "{", value)  # {\em x} -> \emph{x}
    value = _mark_formats(value)
    text = _latex.latex_to_text(value).replace("\xa0", " ")
    text = re.sub(r"\s+", " ", text).strip()
    if any(mark in text for mark in (*_OPEN.values(), _CLOSE)):
        text = _rich(text)
    return text


def _mark_formats(value: str) -> str:
    """``\\emph{x}`` -> private-use marks around ``x`` (pylatexenc would drop the formatting)."""
    out, pos = [], 0
    for match in _FORMAT_CMD.finditer(value):
        if match.start() < pos:
            continue
        depth, end = 1, match.end()
        while end < len(value) and depth:
            depth += {"{": 1, "}": -1}.get(value[end], 0)
            end += 1
        inner = value[match.end() : end - 1] if depth == 0 else value[match.end() :]
        out.append(value[pos : match.start()])
        out.append("{" + _OPEN[_FORMATS[match.group(1)]] + _mark_formats(inner) + _CLOSE + "}")
        pos = end
    out.append(value[pos:])
    return "".join(out)


def _rich(text: str) -> str:
    from django.utils.html import escape

    out, stack = [], []
    for char in text:
        opened = next((flag for flag, mark in _OPEN.items() if mark == char), None)
        if opened:
            stack.append(opened)
            out.append(_HTML[opened][0])
        elif char == _CLOSE:
            if stack:
                out.append(_HTML[stack.pop()][1])
        else:
            out.append(escape(char))
    out += [_HTML[flag][1] for flag in reversed(stack)]
    return "".join(out)


def _names(value, result: ParsedReference, role: str) -> list[Name]:
    """bibtexparser's name parts (first, von, last, jr) as CSL names; ``and others`` flagged."""
    if isinstance(value, str):  # a single value the middleware left alone
        value = [value]
    names: list[Name] = []
    for person in value or []:
        if isinstance(person, str):
            text = latex_text(person)
            names.append({"literal": text} if text else {})
            continue
        last = " ".join(person.last)
        if not person.first and not person.von and not person.jr and last.lower() == "others":
            result.flag(
                "authors" if role == "author" else "editors",
                f"The {role} list ends with “and others”: add the missing names.",
            )
            continue
        if (
            not person.first
            and not person.von
            and not person.jr
            and len(person.last) == 1
            and last.startswith("{")
        ):
            names.append({"literal": latex_text(last)})  # {World Health Organization}
            continue
        name: dict = {"family": latex_text(last)}
        first = list(person.first)
        dropping = []
        while len(first) > 1 and first[-1][:1].islower():  # "Humboldt, Alexander von"
            dropping.insert(0, first.pop())
        if dropping:
            name["dropping-particle"] = latex_text(" ".join(dropping))
        if first:
            name["given"] = latex_text(" ".join(first))
        if person.von:
            name["non-dropping-particle"] = latex_text(" ".join(person.von))
        if person.jr:
            name["suffix"] = latex_text(" ".join(person.jr))
        names.append(name)
    return [n for n in names if n]


def _plain(value) -> str:
    return value if isinstance(value, str) else ""


def _to_parsed(entry: Entry) -> ParsedReference:
    kind = entry.entry_type.lower()
    key = entry.key
    result = ParsedReference(csl={"id": key}, source=f"@{kind}{{{key}, …}}")
    _check_swallowed(entry)
    raw = {name.lower(): value for name, value in entry.items() if name not in {"ENTRYTYPE", "ID"}}
    text = {name: latex_text(value) for name, value in raw.items() if isinstance(value, str)}
    for url_field in ("url", "doi"):
        if isinstance(raw.get(url_field), str):
            text[url_field] = re.sub(r"^\\url\{(.*)\}$", r"\1", raw[url_field].strip()).strip("{}")
    csl = result.csl
    csl["type"] = TYPES.get(kind, "report")
    if kind not in TYPES:
        result.flag("type", f"Unknown BibTeX entry type @{kind}; read as a report.")
    subtype = text.get("entrysubtype", "").lower()
    if kind == "article" and subtype in {"newspaper", "magazine"}:
        csl["type"] = f"article-{subtype}"
    elif kind == "online" and subtype == "blog":
        csl["type"] = "post-weblog"
    for role in ("author", "editor", "translator"):
        if raw.get(role):
            csl[role] = _names(raw[role], result, role)
    if text.get("title"):
        csl["title"] = text["title"]
    container = text.get("journal") or text.get("journaltitle") or text.get("booktitle")
    if csl["type"] in {"webpage", "post-weblog"}:
        container = container or text.get("organization") or text.get("howpublished")
    if container:
        csl["container-title"] = container
    for source, target in (
        ("volume", "volume"),
        ("edition", "edition"),
        ("version", "version"),
        ("pubstate", "status"),
        ("url", "URL"),
        ("doi", "DOI"),
    ):
        if text.get(source):
            csl[target] = text[source]
    if text.get("pages"):
        csl["page"] = re.sub(r"\s*[-–]+\s*", "–", text["pages"])
    if text.get("series"):
        csl["collection-title"] = text["series"]
    number = text.get("number") or text.get("issue")
    if csl["type"] in {"report", "dataset", "software", "motion_picture", "broadcast"}:
        if text.get("number"):
            csl["number"] = text["number"]
        publisher = text.get("institution") or text.get("publisher") or text.get("organization")
    elif csl["type"] == "thesis":
        if text.get("number"):
            csl["number"] = text["number"]
        publisher = text.get("school") or text.get("institution") or text.get("publisher")
    elif csl["type"] in {"article-journal", "article-newspaper", "article-magazine"}:
        if number:
            csl["issue"] = number
        publisher = ""
    else:
        if number:
            csl["collection-number" if csl["type"] in {"book", "chapter"} else "issue"] = number
        publisher = text.get("publisher") or text.get("organization")
    if publisher:
        csl["publisher"] = publisher
    genre = text.get("type") or THESIS_GENRES.get(kind, "")
    if genre:
        csl["genre"] = genre
    if text.get("eid") and not csl.get("number"):
        csl["number"] = text["eid"]  # biblatex: an article number
    if text.get("howpublished") and csl["type"] != "webpage":
        csl["archive"] = text["howpublished"]
    for source, target in (("eventtitle", "event-title"), ("venue", "event-place")):
        if text.get(source):
            csl[target] = text[source]
    _eprint(text, csl)
    _dates(text, csl, result)
    if not csl.get("title"):
        result.flag("title", f"Entry “{key}” has no title.")
    return result


def _check_swallowed(entry: Entry) -> None:
    for name, value in entry.items():
        if not isinstance(value, str):
            continue
        match = _SWALLOWED.search(value)
        if match:
            raw = entry.raw or ""
            at = raw.find(match.group(0))
            line = (entry.start_line or 0) + 1 + (raw[:at].count("\n") if at >= 0 else 0)
            raise ParseError(
                f"BibTeX, line {line}: in entry “{entry.key}”, expected “,” after the field “{name}” "
                f"(before “{match.group('name')}”)."
            )


def _eprint(text: dict[str, str], csl: dict) -> None:
    """arXiv ``eprint`` fields: a link to the abstract, and for preprints the arXiv number."""
    eprint = text.get("eprint", "").strip()
    archive = (text.get("archiveprefix") or text.get("eprinttype") or "").strip().lower()
    if not eprint or (archive and archive != "arxiv"):
        return
    eprint = re.sub(r"^arxiv:\s*", "", eprint, flags=re.IGNORECASE)
    if not csl.get("URL"):
        csl["URL"] = f"https://arxiv.org/abs/{eprint}"
    if csl["type"] in {"webpage", "article"} or (
        csl["type"] == "article-journal" and not csl.get("container-title")
    ):
        csl["type"] = "article"
        csl["number"] = f"arXiv:{eprint}"
        csl.setdefault("publisher", "arXiv")
        csl.pop("container-title", None)


def _dates(text: dict[str, str], csl: dict, result: ParsedReference) -> None:
    year_text = text.get("year") or (text.get("date") or "")[:4]
    if year_text:
        year = re.match(r"^(\d{4})", year_text)
        if year:
            parts = [int(year.group(1))]
            date = re.match(r"^\d{4}-(\d{2})(?:-(\d{2}))?", text.get("date") or "")
            month = (text.get("month") or "").strip().lower()[:3]
            if date:  # biblatex's ISO date is the most precise
                parts.append(int(date.group(1)))
                if date.group(2):
                    parts.append(int(date.group(2)))
            elif month in MONTHS:
                parts.append(MONTHS[month])
            elif month.isdigit() and 1 <= int(month) <= 12:
                parts.append(int(month))
            csl["issued"] = {"date-parts": [parts]}
        else:
            result.flag("year", f"Could not read the year “{year_text}”.")
    else:
        result.flag("year", "No year.")
    original = re.match(r"^(\d{3,4})", text.get("origdate") or text.get("origyear") or "")
    if original:
        csl["original-date"] = {"date-parts": [[int(original.group(1))]]}
    urldate = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", text.get("urldate", ""))
    if urldate:
        csl["accessed"] = {"date-parts": [[int(g) for g in urldate.groups()]]}
