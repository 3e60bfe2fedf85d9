"""BibTeX files: ``@article{key, author = {...}, ...}`` entries to CSL-JSON."""

from __future__ import annotations

import re

from ..names import Name
from .base import ParsedReference, ParseError
from .latex import latex_to_unicode

TYPES = {
    "article": "article-journal",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "chapter",
    "conference": "chapter",
    "techreport": "report",
    "report": "report",
    "phdthesis": "report",
    "mastersthesis": "report",
    "online": "webpage",
    "webpage": "webpage",
    "misc": "webpage",
    "manual": "report",
    "unpublished": "report",
}
MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_KEY = re.compile(r"\s*([^\s,{}=]+)\s*,")
_FIELD_NAME = re.compile(r"\s*([A-Za-z][\w:-]*)\s*=\s*")


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def line(self, pos: int | None = None) -> int:
        return self.text.count("\n", 0, self.pos if pos is None else pos) + 1

    def error(self, message: str, pos: int | None = None) -> ParseError:
        return ParseError(f"BibTeX, line {self.line(pos)}: {message}")

    def braced(self) -> str:
        """Read ``{...}`` with nesting, starting at an opening brace; returns the inside."""
        start = self.pos
        depth = 0
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    return self.text[start + 1 : self.pos - 1]
            self.pos += 1
        raise self.error("a “{” is never closed.", start)

    def quoted(self) -> str:
        start = self.pos
        self.pos += 1
        depth = 0
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == '"' and depth == 0:
                self.pos += 1
                return self.text[start + 1 : self.pos - 1]
            self.pos += 1
        raise self.error("a quoted value is never closed.", start)

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1


def parse_bibtex(text: str) -> list[ParsedReference]:
    """Every entry of a BibTeX file; ``ParseError`` (with a line number) on broken syntax."""
    text = (text or "").replace("\x00", "")
    reader = _Reader(text)
    strings: dict[str, str] = {}
    results: list[ParsedReference] = []
    while True:
        at = text.find("@", reader.pos)
        if at == -1:
            break
        reader.pos = at + 1
        match = re.match(r"([A-Za-z]+)\s*([{(])", text[reader.pos :])
        if not match:
            raise reader.error("expected an entry type and “{” after “@”.", at)
        kind = match.group(1).lower()
        reader.pos += match.end() - 1
        if match.group(2) == "(":
            raise reader.error("entries in parentheses are not supported; use braces.", at)
        start = reader.pos
        body = reader.braced()
        if kind in {"comment", "preamble"}:
            continue
        if kind == "string":
            name, _, value = body.partition("=")
            strings[name.strip().lower()] = _value_text(value.strip(), strings)
            continue
        results.append(_entry(kind, body, reader, start + 1, strings))
    if not results and text.strip():
        raise ParseError("BibTeX: no entries found (an entry starts with @article{key, …).")
    return results


def _value_text(raw: str, strings: dict[str, str]) -> str:
    raw = raw.strip()
    if raw.startswith("{") and raw.endswith("}"):
        return raw[1:-1]
    if raw.startswith('"') and raw.endswith('"'):
        return raw[1:-1]
    return strings.get(raw.lower(), raw)


def _entry(kind: str, body: str, outer: _Reader, offset: int, strings: dict[str, str]) -> ParsedReference:
    reader = _Reader(body)
    key_match = _KEY.match(body)
    if not key_match:
        raise outer.error(f"the @{kind} entry has no citation key (write @{kind}{{key, …}}).", offset)
    key = key_match.group(1)
    reader.pos = key_match.end()
    fields: dict[str, str] = {}
    while True:
        reader.skip_space()
        if reader.pos >= len(body):
            break
        name_match = _FIELD_NAME.match(body, reader.pos)
        if not name_match:
            raise outer.error(
                f"in entry “{key}”, expected “name = value” near “{body[reader.pos : reader.pos + 30].strip()}”.",
                offset + reader.pos,
            )
        name = name_match.group(1).lower()
        reader.pos = name_match.end()
        parts = []
        while True:
            reader.skip_space()
            if reader.pos >= len(body):
                raise outer.error(f"in entry “{key}”, the field “{name}” has no value.", offset + reader.pos)
            char = body[reader.pos]
            if char == "{":
                parts.append(reader.braced())
            elif char == '"':
                parts.append(reader.quoted())
            else:
                word = re.match(r"[\w:.-]+", body[reader.pos :])
                if not word:
                    raise outer.error(
                        f"in entry “{key}”, the field “{name}” has an unreadable value.", offset + reader.pos
                    )
                parts.append(strings.get(word.group(0).lower(), word.group(0)))
                reader.pos += word.end()
            reader.skip_space()
            if reader.pos < len(body) and body[reader.pos] == "#":
                reader.pos += 1
                continue
            break
        fields[name] = "".join(parts)
        reader.skip_space()
        if reader.pos < len(body):
            if body[reader.pos] != ",":
                raise outer.error(
                    f"in entry “{key}”, expected “,” after the field “{name}”.", offset + reader.pos
                )
            reader.pos += 1
    return _to_parsed(kind, key, fields)


def split_names(value: str) -> list[Name]:
    """``Coan, James A. and {World Health Organization} and Davidson, R. J.`` -> names."""
    names: list[Name] = []
    depth, current, parts = 0, [], []
    tokens = re.split(r"(\s+and\s+|[{}])", value)
    for piece in tokens:
        if piece == "{":
            depth += 1
        elif piece == "}":
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", piece or ""):
            parts.append("".join(current))
            current = []
        else:
            current.append(piece or "")
    parts.append("".join(current))
    for part in parts:
        part = part.strip()
        if not part or part.lower() == "others":
            continue
        if part.startswith("{") and part.endswith("}") and part.count("{") == 1:
            names.append({"literal": latex_to_unicode(part)})
            continue
        text = latex_to_unicode(part)
        if "," in text:
            family, _, given = text.partition(",")
            given = given.strip()
            if "," in given:  # "von Last, Jr, First"
                _, _, given = given.partition(",")
            names.append(
                {"family": family.strip(), "given": given.strip()}
                if given.strip()
                else {"family": family.strip()}
            )
        else:
            words = text.split()
            if len(words) == 1:
                names.append({"family": words[0]})
            else:
                names.append({"family": words[-1], "given": " ".join(words[:-1])})
    return names


def _to_parsed(kind: str, key: str, raw: dict[str, str]) -> ParsedReference:
    result = ParsedReference(csl={"id": key}, source=f"@{kind}{{{key}, …}}")
    csl = result.csl
    csl["type"] = TYPES.get(kind, "report")
    if kind not in TYPES:
        result.flag("type", f"Unknown BibTeX entry type @{kind}; read as a report.")
    text = {name: latex_to_unicode(value) for name, value in raw.items()}
    if raw.get("author"):
        csl["author"] = split_names(raw["author"])
    if raw.get("editor"):
        csl["editor"] = split_names(raw["editor"])
    if text.get("title"):
        csl["title"] = text["title"]
    container = text.get("journal") or text.get("journaltitle") or text.get("booktitle")
    if csl["type"] == "webpage":
        container = container or text.get("organization") or text.get("howpublished")
    if container:
        csl["container-title"] = container
    for source, target in (
        ("volume", "volume"),
        ("pages", "page"),
        ("edition", "edition"),
        ("url", "URL"),
        ("doi", "DOI"),
    ):
        if text.get(source):
            csl[target] = text[source].replace("–", "-") if source == "pages" else text[source]
    if "page" in csl:
        csl["page"] = re.sub(r"\s*-+\s*", "–", csl["page"])
    if csl["type"] == "report":
        if text.get("number"):
            csl["number"] = text["number"]
        publisher = (
            text.get("institution") or text.get("publisher") or text.get("school") or text.get("organization")
        )
    else:
        if text.get("number") or text.get("issue"):
            csl["issue"] = text.get("number") or text.get("issue")
        publisher = text.get("publisher")
    if publisher:
        csl["publisher"] = publisher
    year_text = text.get("year") or (text.get("date") or "")[:4]
    if year_text:
        year = re.match(r"^(\d{4})", year_text)
        if year:
            parts = [int(year.group(1))]
            month = (text.get("month") or "").strip().lower()[:3]
            if month in MONTHS:
                parts.append(MONTHS[month])
            elif month.isdigit():
                parts.append(int(month))
            csl["issued"] = {"date-parts": [parts]}
        else:
            result.flag("year", f"Could not read the year “{year_text}”.")
    else:
        result.flag("year", "No year.")
    urldate = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", text.get("urldate", ""))
    if urldate:
        csl["accessed"] = {"date-parts": [[int(g) for g in urldate.groups()]]}
    if not csl.get("title"):
        result.flag("title", f"Entry “{key}” has no title.")
    return result
