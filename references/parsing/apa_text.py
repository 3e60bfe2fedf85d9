"""Reading APA-style reference strings, including the hand-typed kind.

The parser is a sequence of small, forgiving steps: take out the DOI and URL, find the
date in parentheses, read the authors before it, then recognise the source after it
(journal, chapter, report, book or web page). Anything it has to guess is flagged.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from .. import doi as doi_utils
from ..apa import DEFAULT_DESCRIPTION, MONTHS
from ..csl import csl_from_fields
from ..names import Name
from .base import ParsedReference

# --- patterns --------------------------------------------------------------------------
# Capital letters, accented ones too ("É.", "Ł."): ``_u`` widens ``[A-Z]`` in a pattern to them.
_CAPITALS = "A-Z" + "".join(chr(c) for c in range(0xC0, 0x250) if chr(c).isupper())


def _u(pattern: str) -> str:
    return pattern.replace("[A-Z]", f"[{_CAPITALS}]")


_LIST_MARKER = re.compile(r"^\s*(?:\[\d+\]|\d+[.)]|[-*•])\s+")
_TAGS = re.compile(r"</?(?:i|em|b|strong|span|a)(?:\s[^>]*)?>", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_RETRIEVED = re.compile(
    r"Retrieved\s+(?:on\s+)?(?P<date>[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Za-z]+\s+\d{4}|\d{4}-\d{2}-\d{2}),?\s+from\s+$",
    re.IGNORECASE,
)
_DOI_LOOSE = re.compile(
    r"(?:https?://(?:dx\.)?(?:www\.)?doi\.org/|\bdoi\s*:\s*|\bDOI\s+)(\S+)", re.IGNORECASE
)
_DATE = re.compile(
    r"\(\s*(?:(?P<year>\d{4})(?P<suffix>[a-z])?(?:,\s*(?P<month>[A-Z][a-z]+)\.?(?:\s+(?P<day>\d{1,2}))?)?"
    r"|(?P<nd>n\.\s?d\.)(?:-(?P<ndsuffix>[a-z]))?|(?P<inpress>in press))\s*\)\.?",
    re.IGNORECASE,
)
_BARE_YEAR = re.compile(r"(?<![\d(])(?P<year>1[5-9]\d{2}|20\d{2})(?P<suffix>[a-z])?\.(?=\s|$)")
_ORIGINAL = re.compile(r"\s*\(Original work published (\d{3,4})\)\.?\s*$", re.IGNORECASE)
_ELLIPSIS = re.compile(r",?\s*(?:\.\s\.\s\.|…|\.\.\.)\s*")
_AND = re.compile(r"\s*,?\s*(?:&|\band\b)\s+")
_INITIALS = re.compile(_u(r"^(?:[A-Z][a-z]?\.?(?:\s*-\s*[A-Z][a-z]?\.?)?\s*)+$"))
_GIVEN_FULL = re.compile(_u(r"^[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]*\.?)*$"))
_GIVEN_FIRST = re.compile(_u(r"^(?P<given>(?:[A-Z][a-z]?\.(?:\s*-\s*[A-Z]\.)?\s*)+)\s*(?P<family>[^\s,].*)$"))
# Stands for the authors APA leaves out (". . .") until an editor adds them.
OMITTED_AUTHORS: Name = {"literal": "…"}
_VANCOUVER = re.compile(_u(r"^(?P<family>[^\s,].*?)\s+(?P<initials>[A-Z]{1,3})$"))
_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}
_DROPPING = {
    "von",
    "van",
    "de",
    "der",
    "den",
    "du",
    "da",
    "di",
    "del",
    "della",
    "la",
    "le",
    "ten",
    "ter",
    "zu",
}
_EDITORS_TAIL = re.compile(r"\s*\((?:Eds?\.|Editors?)(?P<trans> & Trans\.)?\)\.?$", re.IGNORECASE)

_PAGES = r"(?:Article\s+[\w-]+(?:\.\w+)*|[A-Za-z]{0,4}\d+(?:\s*(?:-+|–|—|‒)\s*[A-Za-z]?\d+)?)"
_JOURNAL_TAIL = re.compile(
    rf"^(?P<head>.+?),\s*(?P<volume>\d+[A-Za-z]?)\s*(?:\((?P<issue>[^()]+)\))?\s*(?:,\s*(?:pp?\.\s*)?(?P<pages>{_PAGES}))?\s*\.?$"
)
_JOURNAL_PAGES_ONLY = re.compile(r"^(?P<head>.+?),\s*(?:pp?\.\s*)?(?P<pages>\d+\s*(?:-+|–|—)\s*\d+)\s*\.?$")
_VOL_NO = re.compile(
    r",\s*vol(?:ume)?\.?\s*(?P<volume>\d+)(?:\s*,\s*(?:no|issue)\.?\s*(?P<issue>[\w-]+))?(?:\s*,\s*pp?\.\s*(?P<pages>[\w–-]+))?",
    re.IGNORECASE,
)
_CHAPTER = re.compile(r"^(?P<title>.+?[.?!])\s+In\s+(?P<after>.+)$")
_CHAPTER_EDITORS = re.compile(r"^(?P<editors>.+?)\s*\((?:Eds?\.|Editors?)\),\s*(?P<rest>.+)$", re.IGNORECASE)
_CHAPTER_BOOK = re.compile(
    r"^(?P<book>.+?)\s*\((?P<notes>[^()]*(?:pp?\.|ed\.)[^()]*)\)\.?\s*(?P<publisher>.*)$"
)
_REPORT_NOTE = re.compile(
    r"^(?P<title>.+?)\s+\((?P<number>[^()]*(?:Report|No\.|Publication|Working Paper|Brief|Series)[^()]*)\)\.?\s*(?P<rest>.*)$"
)
_EDITION_NOTE = re.compile(
    r"^(?P<title>.+?)\s+\((?P<edition>\d+(?:st|nd|rd|th)|Rev\.|Revised|[A-Z][a-z]+\.?)\s+ed\.\)\.?\s*(?P<rest>.*)$"
)
_ABBREVIATIONS = {
    "ed",
    "eds",
    "vol",
    "no",
    "pp",
    "p",
    "e.g",
    "i.e",
    "vs",
    "st",
    "dr",
    "mr",
    "mrs",
    "ms",
    "jr",
    "sr",
    "inc",
    "co",
    "ltd",
    "dept",
    "univ",
    "al",
    "etc",
}

JOURNAL_WORDS = re.compile(
    r"\b(?:journal|review|reviews|psychology|psychiatry|science|sciences|proceedings|annals|letters|bulletin|"
    r"quarterly|nature|neuro\w*|cell|medicine|lancet|biology|research|reports|plos|frontiers|trends|"
    r"archives|behavior|behaviour|cognition|emotion|physiology|jama|bmj|opinion|perspectives)\b",
    re.IGNORECASE,
)
PUBLISHER_WORDS = re.compile(
    r"\b(?:press|publishing|publishers?|publications|books|wiley|routledge|springer|guilford|norton|penguin|"
    r"sage|elsevier|academic|harper\w*|random house|macmillan|houghton|simon|schuster|hachette|erlbaum|"
    r"jossey|mcgraw|pearson|allen lane|doubleday|knopf|crown|avery|bloomsbury|vintage|viking|scribner|"
    r"bantam|little, brown|basic|oxford|cambridge|mit|yale|princeton|harvard|university|association)\b",
    re.IGNORECASE,
)
ORGANISATION_WORDS = re.compile(
    r"\b(?:foundation|institute|institutes|association|organi[sz]ation|department|agency|council|cent(?:er|re)|"
    r"office|commission|society|trust|ministry|bureau|board|fund|authority|service|alliance|academies|"
    r"academy|coalition|network|federation)\b",
    re.IGNORECASE,
)
REPORT_WORDS = re.compile(
    r"\b(?:report|white paper|working paper|brief|guidelines?|statistics|survey|fact sheet)\b", re.IGNORECASE
)


# --- entry points ------------------------------------------------------------------------
def parse_many(text: str) -> list[ParsedReference]:
    """One reference per line, or per block when blocks are separated by blank lines."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if re.search(r"\n\s*\n", text):
        chunks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    else:
        chunks = text.split("\n")
    return [parse_apa(chunk) for chunk in chunks if chunk.strip()]


def parse_apa(text: str) -> ParsedReference:
    """Parse one APA-style reference; see the module docstring."""
    source = (text or "").replace("\x00", "")
    result = ParsedReference(csl={}, source=source.strip())
    fields: dict = {"type": "article-journal", "authors": [], "editors": []}
    work = _clean_text(source)

    original = _ORIGINAL.search(work)
    if original:
        fields["original_year"] = int(original.group(1))
        work = (work[: original.start()] + work[original.end() :]).strip()
    work = _take_doi(work, fields, result)
    work = _take_url(work, fields, result)
    work = _VOL_NO.sub(lambda m: _vol_no(m), work)
    work = work.strip().rstrip(",;").strip()

    authors_text, rest = _split_at_date(work, fields, result)
    advance = _ADVANCE.search(rest)
    if advance:
        fields["status"] = "Advance online publication"
        rest = (rest[: advance.start()] + rest[advance.end() :]).strip()
    if re.match(r"^In\s+[A-Z]", rest) and authors_text and not _EDITORS_TAIL.search(authors_text):
        # Nothing between the date and "In …": the work's title stood in the author position
        # (an unsigned entry in a dictionary or encyclopedia, APA 9.12).
        rest, authors_text = f"{_strip_period(authors_text)}. {rest}", ""
    authors_text = _take_roles(authors_text, fields)
    _read_authors(authors_text, fields, result)
    _read_source(rest, fields, result)
    for name in fields.get("authors") or []:
        if fields.get("_role"):
            name["role"] = fields["_role"]
    fields.pop("_role", None)
    _final_checks(fields, result)
    fields.pop("title_in_author", None)
    fields.pop("_notes", None)
    fields.pop("_published_thesis", None)
    result.csl = csl_from_fields(fields)
    result.csl.pop("id", None)
    return result


_ADVANCE = re.compile(r"(?:(?<=\.)|^)\s*Advance online publication\.?\s*$", re.IGNORECASE)
# Creators other than authors, as APA labels them after the names: "(Director)", "(Hosts)".
_ROLE_LABELS = {
    "director": "Director",
    "host": "Host",
    "guest": "Guest",
    "producer": "Producer",
    "executive producer": "Executive Producer",
    "series creator": "Series Creator",
}
_ROLE_TAIL = re.compile(
    r"\s*\((?P<role>(?:Executive |Series )?(?:Director|Host|Guest|Producer|Creator)s?)\)\.?$", re.IGNORECASE
)


def _take_roles(text: str, fields: dict) -> str:
    """``Ito, K., & Roy, A. (Hosts).`` -> the names, with the role kept for each of them."""
    match = _ROLE_TAIL.search(text or "")
    if not match:
        return text
    role = match.group("role").lower()
    role = role[:-1] if role.endswith("s") else role
    fields["_role"] = _ROLE_LABELS.get(role, role.title())
    return text[: match.start()].strip()


# --- steps -----------------------------------------------------------------------------
def _clean_text(text: str) -> str:
    text = html.unescape(_TAGS.sub("", text))
    text = text.replace("\u00a0", " ").replace("\u2009", " ")
    text = re.sub(r"\s+", " ", text).strip()
    text = _LIST_MARKER.sub("", text)
    # markdown emphasis around titles and journals: *Title* or _Title_
    text = re.sub(r"(?<![\w*])\*([^*]+)\*(?![\w*])", r"\1", text)
    return text


def _take_doi(text: str, fields: dict, result: ParsedReference) -> str:
    match = doi_utils.DOI_IN_TEXT.search(text)
    if match:
        bare = doi_utils.strip_doi(match.group(1))
        if doi_utils.is_valid_doi(bare):
            fields["doi"] = bare
        else:
            fields["unverified_doi"] = match.group(0).strip().rstrip(".")
            result.flag("doi", f"“{fields['unverified_doi']}” is not a valid DOI; check it.")
        return (text[: match.start()] + " " + text[match.end() :]).strip()
    loose = _DOI_LOOSE.search(text)
    if loose:
        fields["unverified_doi"] = loose.group(0).strip().rstrip(".")
        result.flag("doi", f"“{fields['unverified_doi']}” is not a valid DOI; check it.")
        return (text[: loose.start()] + " " + text[loose.end() :]).strip()
    placeholder = doi_utils.DOI_PLACEHOLDER.search(text)
    if placeholder:
        result.flag("doi", "There is a bare “doi.org” placeholder but no DOI: look the DOI up.")
        return (text[: placeholder.start()] + " " + text[placeholder.end() :]).strip()
    return text


def _take_url(text: str, fields: dict, result: ParsedReference) -> str:
    matches = list(_URL.finditer(text))
    if not matches:
        return text
    match = matches[-1]
    if match is None:
        return text
    url = match.group(0).rstrip(".,;)")
    fields["url"] = url[:1000]
    before = text[: match.start()]
    retrieved = _RETRIEVED.search(before)
    if retrieved:
        fields["accessed"] = _parse_day(retrieved.group("date"))
        if fields["accessed"] is None:
            result.flag("accessed", f"Could not read the retrieval date “{retrieved.group('date')}”.")
        before = before[: retrieved.start()]
    return (before + " " + text[match.end() :]).strip()


def _parse_day(text: str) -> dt.date | None:
    text = text.strip().replace(",", "")
    for fmt in ("%B %d %Y", "%b %d %Y", "%b. %d %Y", "%d %B %Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _vol_no(match: re.Match) -> str:
    before = match.string[: match.start()]
    if before.count("(") > before.count(")"):
        return match.group(0)  # APA's own "(2nd ed., Vol. 4, pp. 1–9)" after a book title
    out = f", {match.group('volume')}"
    if match.group("issue"):
        out += f"({match.group('issue')})"
    if match.group("pages"):
        out += f", {match.group('pages')}"
    return out


def _split_at_date(text: str, fields: dict, result: ParsedReference) -> tuple[str, str]:
    """(authors part, everything after the date); fills year, suffix, month, day."""
    match = _DATE.search(text)
    if match:
        if match.group("year"):
            fields["year"] = int(match.group("year"))
            fields["year_suffix"] = match.group("suffix") or ""
            month = (match.group("month") or "").capitalize()
            if month:
                full = next((m for m in MONTHS if m.startswith(month[:3])), None)
                if full:
                    fields["month"] = MONTHS.index(full) + 1
                    if match.group("day"):
                        fields["day"] = int(match.group("day"))
                else:
                    result.flag("year", f"Could not read the month “{month}”.")
        elif match.group("inpress"):
            fields["status"] = "in press"  # APA 9.16: accepted, not yet published
        return text[: match.start()].strip(), text[match.end() :].strip()
    bare = _BARE_YEAR.search(text)
    if bare and bare.start() > 0:
        fields["year"] = int(bare.group("year"))
        result.flag("year", "The year is not in parentheses; check where the authors end.")
        return text[: bare.start()].strip(), text[bare.end() :].strip()
    result.flag("year", "No year found (APA writes “n.d.” when there is none).")
    # Authors, if any, run up to the first sentence end that follows a name pattern.
    names = re.match(_u(r"^((?:[^,().]+,\s*(?:[A-Z]\.\s*)+,?\s*(?:&\s*)?)+)"), text)
    if names:
        return names.group(1).strip(), text[names.end() :].strip()
    result.flag("authors", "Could not tell where the authors end.")
    return "", text


_MINOR_WORDS = {
    "of",
    "and",
    "the",
    "for",
    "on",
    "in",
    "to",
    "at",
    "by",
    "a",
    "an",
    "de",
    "du",
    "la",
    "le",
    "für",
    "und",
}


def _is_title(text: str) -> bool:
    """A work without an author starts with its title: sentence case, lower-case words."""
    if "," in text and re.search(_u(r",\s*[A-Z]\."), text):
        return False
    words = re.findall(r"[^\s]+", text)
    lower = [w for w in words if w[:1].islower() and w.lower().strip(".,:;") not in _MINOR_WORDS]
    return len(words) >= 3 and bool(lower)


def _read_authors(text: str, fields: dict, result: ParsedReference) -> None:
    text = text.strip().rstrip(",").strip()
    if not text:
        return
    if _is_title(text) and not _EDITORS_TAIL.search(text):
        fields["title"] = _strip_period(text)
        noted = split_title_notes(fields["title"])
        if noted and not noted[3]:
            fields["title"] = noted[0]
            fields["_notes"] = noted[1]
        return
    tail = _EDITORS_TAIL.search(text)
    editors_only = bool(tail)
    if editors_only:
        text = text[: tail.start()]
        fields["type"] = "book"
    names, notes = parse_names(text)
    for note in notes:
        result.flag("authors", note)
    fields["editors" if editors_only else "authors"] = names
    if tail and tail.group("trans"):
        fields["translators"] = [dict(n) for n in names]


def parse_names(text: str) -> tuple[list[Name], list[str]]:
    """``Coan, J. A., & Sbarra, D. A.`` (also ``and``, missing initials, ``. . .``) -> names."""
    notes: list[str] = []
    text = (
        text.strip().rstrip(".").strip() if not re.search(_u(r"\b[A-Z]\.$"), text.strip()) else text.strip()
    )
    if not text:
        return [], notes
    if _ELLIPSIS.search(text):
        before, after = _ELLIPSIS.split(text, maxsplit=1)
        first, _ = parse_names(before)
        last, _ = parse_names(after)
        notes.append("The author list was shortened with “. . .”: add the missing authors.")
        return [*first, dict(OMITTED_AUTHORS), *last], notes
    if _looks_like_organisation(text):
        name = text.rstrip(".")
        if len(name.split()) == 1 and not name.isupper():
            notes.append(f"Read “{name}” as an organisation; if it is a person, add the initials.")
        return [{"literal": name}], notes
    text = _AND.sub(", ", text)
    tokens = [t.strip() for t in text.split(",") if t.strip()]
    names: list[Name] = []
    missing: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        vancouver = _VANCOUVER.match(token)
        if vancouver and not (i + 1 < len(tokens) and _INITIALS.match(tokens[i + 1])):
            names.append(
                {
                    "family": vancouver.group("family"),
                    "given": " ".join(f"{c}." for c in vancouver.group("initials")),
                }
            )
            i += 1
            continue
        given_first = _GIVEN_FIRST.match(token)
        if given_first and not _INITIALS.match(token):
            name: Name = {"given": given_first.group("given").strip()}
            family = given_first.group("family").strip()
            words = family.split()
            if len(words) > 1 and words[-1] in _SUFFIXES:  # "C. Carson Jr."
                name["suffix"] = words[-1]
                family = " ".join(words[:-1])
            particle = re.match(r"^((?:[a-z]+\s+)+)(\S.*)$", family)
            if particle and particle.group(1).split()[0] in _DROPPING:  # "L. van Beethoven"
                name["particle"] = particle.group(1).strip()
                family = particle.group(2)
            names.append({"family": family, **name})
            i += 1
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        nxt_given, particle = nxt, ""
        dropping = re.match(r"^(?P<given>.+?)\s+(?P<particle>(?:[a-z]+\s*)+)$", nxt)
        if dropping and dropping.group("particle").split()[0] in _DROPPING:  # "Humboldt, A. von"
            nxt_given, particle = dropping.group("given"), dropping.group("particle").strip()
        if nxt and (
            _INITIALS.match(nxt_given)
            or (_GIVEN_FULL.match(nxt_given) and re.search(_u(r"\b[A-Z]\."), nxt_given))
        ):
            name = {"family": token, "given": _normalise_given(nxt_given)}
            if particle:
                name["particle"] = particle
            i += 2
            if i < len(tokens) and tokens[i] in _SUFFIXES:
                name["suffix"] = tokens[i] + ("." if tokens[i] in {"Jr", "Sr"} else "")
                i += 1
            names.append(name)
            continue
        if token in _SUFFIXES:
            i += 1
            continue
        names.append({"family": token})
        missing.append(token)
        i += 1
    if missing:
        notes.append(f"No initials for {', '.join(missing)}: add the given names or initials.")
    return names, notes


def _normalise_given(given: str) -> str:
    """``J.A.`` -> ``J. A.``; ``J`` -> ``J.``; full names are kept."""
    given = given.strip()
    if _INITIALS.match(given):
        parts = re.findall(_u(r"[A-Z][a-z]?\.?(?:\s*-\s*[A-Z][a-z]?\.?)?"), given)
        out = []
        for part in parts:
            part = re.sub(r"\s+", "", part)
            pieces = [p.rstrip(".") for p in part.split("-")]
            out.append("-".join(p + "." for p in pieces if p))
        return " ".join(out)
    return given


def _looks_like_organisation(text: str) -> bool:
    has_initials = (
        re.search(_u(r"(?:^|[\s,])[A-Z][a-z]?\.(?=\s|,|$|-)"), text)  # "Coan, J. A." / "J. A. Coan"
        or re.search(_u(r",\s*[A-Z]{1,3}(?:,|\s|$)"), text)  # "Coan, JA"
        or re.search(_u(r"\b[A-Z][\w'’-]+\s[A-Z]{1,3}(?:,|\s|$)"), text)  # "Coan JA"
    )
    if has_initials:
        return False
    parts = [p.strip() for p in re.split(r",|\s&\s|\sand\s", text) if p.strip()]
    if any(len(p.split()) >= 2 for p in parts) and re.search(r"\b(?:of|for|and|the|on)\b", text):
        return True  # "National Academies of Sciences, Engineering, and Medicine"
    if "," in text:
        # "Coan, J." has a comma; so does "Little, Brown" (rare as an author)
        return not re.search(_u(r",\s*(?:[A-Z][a-z]?\.|[A-Z]\b)"), text) and not re.search(
            r",\s*(?:&\s*)?[A-Z][a-z]+(?:,|$)", text
        )
    words = text.split()
    if len(words) == 1:
        return True  # "Gallup", "UNICEF"; a person would have initials (flagged by the caller)
    parts = [p.strip() for p in re.split(r"\s+(?:&|and)\s+", text)]
    if len(parts) > 1 and all(re.match(_u(r"^[A-Z][\w'’\-]+$"), p) for p in parts):
        return False  # "Coan and Sbarra": people without initials
    return not _GIVEN_FIRST.match(text)


def _sentences(text: str) -> list[str]:
    """Split at ``. `` / ``? `` / ``! `` before a capital, not after initials or abbreviations."""
    out, start = [], 0
    for match in re.finditer(_u(r"([.?!])\s+(?=[A-Z]|[0-9“\"'(\[])"), text):
        end = match.start()
        word = re.search(r"([\w.\-]+)$", text[start : end + 1])
        last = word.group(1).rstrip(".").lower() if word else ""
        if match.group(1) == "." and (
            re.fullmatch(r"[a-z]", last) or last in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", last)
        ):
            continue
        out.append(text[start : end + 1].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _strip_period(text: str) -> str:
    text = text.strip()
    return text[:-1].strip() if text.endswith(".") and not text.endswith("..") else text


# --- notes after a title: (identifiers) and [descriptions] --------------------------------
_TITLE_NOTES = re.compile(
    r"\s\((?P<notes>[^()]+)\)(?:\s\[(?P<desc>[^\[\]]+)\])?(?=\.(?:\s|$)|$)"
    r"|\s\[(?P<only>[^\[\]]+)\](?=\.(?:\s|$)|$)"
)
_ROLE = re.compile(r"^(?P<names>.+?),\s+(?P<role>Eds?\. & Trans\.|Eds?\.|Trans\.)$")
_NUMBER_NOTE = re.compile(r"^(?:(?P<genre>.+?)\s+)?No\.\s*(?P<number>\S.*)$")
_ID_NOTE = re.compile(r"^(?:[A-Za-z][\w-]*:\S+|[A-Z]{2,}[A-Z0-9-]*\s+[\w.-]*\d[\w.-]*|\d[\d.-]*)$")
_BOOKLIKE_NOTE = re.compile(
    r"^(?:\d+(?:st|nd|rd|th)\s+ed\.|[A-Z][a-z]+\.?\s+(?:ed\.|edition)|Vol\.\s*\S+|pp?\.\s*\S+|Version\s+\S+)$"
)
_REPOSITORIES = re.compile(
    r"^(?:arXiv|PsyArXiv|bioRxiv|medRxiv|SSRN|OSF Preprints|Research Square|SocArXiv|EdArXiv|Preprints|"
    r"TechRxiv|ChemRxiv|Authorea|Zenodo|HAL|RePEc)$",
    re.IGNORECASE,
)
_PRESENTATION = re.compile(
    r"presentation|poster|paper presented|keynote|symposium|session|talk", re.IGNORECASE
)
_THESIS = re.compile(r"dissertation|thesis", re.IGNORECASE)
_BOOKLIKE_DESCRIBED = {"dataset", "software", "motion_picture", "broadcast"}
_PROCEEDINGS = re.compile(r"\b(?:proceedings|conference|symposium|workshop|congress)\b", re.IGNORECASE)


def _note_chunks(notes: str) -> list[str] | None:
    """The ``;``-separated notes if every one reads as an APA identifier, else ``None``."""
    chunks = [c.strip() for c in notes.split(";") if c.strip()]
    for chunk in chunks:
        if _ROLE.match(chunk) or _NUMBER_NOTE.match(chunk) or _ID_NOTE.match(chunk):
            continue
        if all(_BOOKLIKE_NOTE.match(piece.strip()) for piece in chunk.split(",")):
            continue
        return None
    return chunks or None


def split_title_notes(text: str) -> tuple[str, list[str], str, str] | None:
    """``Title (Working Paper No. 5) [Desc]. Rest`` -> (title, notes, description, rest)."""
    for match in _TITLE_NOTES.finditer(text):
        notes = match.group("notes")
        chunks = _note_chunks(notes) if notes else []
        if chunks is None:
            continue
        title = text[: match.start()].strip()
        if not title:
            continue
        desc = (match.group("desc") or match.group("only") or "").strip()
        rest = text[match.end() :].lstrip(".").strip()
        return title, chunks, desc, rest
    return None


def _apply_notes(chunks: list[str], desc: str, fields: dict, result: ParsedReference) -> None:
    """Identifiers and description into their fields (editors, translators, number, genre …)."""
    for chunk in chunks:
        role = _ROLE.match(chunk)
        if role:
            names, notes = parse_names(role.group("names"))
            target = "translators" if role.group("role") == "Trans." else "editors"
            fields[target] = names
            if role.group("role").endswith("& Trans."):
                fields["translators"] = [dict(n) for n in names]
            for note in notes:
                result.flag(target, note.replace("author", target[:-1]))
            continue
        if all(_BOOKLIKE_NOTE.match(piece.strip()) for piece in chunk.split(",")):
            for piece in (p.strip() for p in chunk.split(",")):
                if piece.endswith(("ed.", "edition")):
                    fields["edition"] = _edition_value(piece)
                elif piece.startswith("Vol."):
                    fields["volume"] = piece[4:].strip()
                elif piece.startswith("Version "):
                    fields["version"] = piece[len("Version ") :].strip()
                elif re.match(r"^pp?\.", piece):
                    fields["pages"] = re.sub(r"^pp?\.\s*", "", piece)
            continue
        number = _NUMBER_NOTE.match(chunk)
        if number:
            genre = (number.group("genre") or "").strip()
            fields["number"] = number.group("number").strip()
            if genre:
                fields["genre"] = genre
            continue
        fields["number"] = chunk
    review = _REVIEW.match(desc or "")
    if review:
        _read_review(review, fields)
        return
    kind = _DESCRIBED_KINDS.get((desc or "").lower())
    if kind:
        fields["type"] = kind
        if desc.lower() != DEFAULT_DESCRIPTION.get(kind, "").lower():
            fields["genre"] = desc  # "Video", "Audio podcast episode"; a default is left implicit
        return
    if desc:
        if _THESIS.search(desc):
            fields["type"] = "thesis"
            genre, _, publisher = desc.partition(", ")
            fields["genre"] = genre.strip()
            if publisher.strip():
                fields["publisher"] = publisher.strip()
                fields["_published_thesis"] = True
        else:
            fields["genre"] = desc
            if _PRESENTATION.search(desc):
                fields["type"] = "paper-conference"


_REVIEW = re.compile(
    r"^(?P<label>Review of(?: the [a-z]+(?: [a-z]+)?)?)\s+(?P<title>.+?)(?:,\s+by\s+(?P<names>.+))?$"
)
_DESCRIBED_KINDS = {
    "data set": "dataset",
    "dataset": "dataset",
    "computer software": "software",
    "software": "software",
    "film": "motion_picture",
    "video": "motion_picture",
    "motion picture": "motion_picture",
    "audio podcast episode": "broadcast",
    "video podcast episode": "broadcast",
    "audio podcast": "broadcast",
    "video podcast": "broadcast",
    "tv series episode": "broadcast",
    "tv series": "broadcast",
    "radio broadcast": "broadcast",
    "broadcast": "broadcast",
}


def _read_review(review: re.Match, fields: dict) -> None:
    """``Review of the book Title, by A. Author`` (APA 10.7)."""
    label = review.group("label")
    fields["type"] = "review-book" if label == "Review of the book" else "review"
    if label not in {"Review of the book", "Review of"}:
        fields["genre"] = label
    if fields.get("title"):
        fields["reviewed_title"] = review.group("title").strip()
    else:
        fields["title"] = review.group("title").strip()  # an untitled review: CSL keeps it in title
    if review.group("names"):
        fields["reviewed_authors"] = parse_names(review.group("names"))[0]


def _read_noted_source(after: str, fields: dict, result: ParsedReference) -> None:
    """What follows a title with notes: publisher, archive, event or site."""
    after = _strip_period(after.strip())
    published_thesis = fields.pop("_published_thesis", False)
    if fields["type"] in _BOOKLIKE_DESCRIBED:
        container = re.match(r"^In\s+(?P<container>.+?)(?:\.\s+(?P<publisher>[^.].*))?$", after)
        if container:  # an episode: In Podcast. Publisher.
            fields["container_title"] = container.group("container").strip()
            after = (container.group("publisher") or "").strip()
        fields["publisher"] = after
        return
    if fields["type"] == "thesis":
        if published_thesis:
            fields["archive"] = after
        else:
            fields["publisher"] = after
        return
    if fields["type"] == "paper-conference":
        event, _, place = after.partition(", ")
        fields["event_title"], fields["event_place"] = event.strip(), place.strip()
        return
    journal = _JOURNAL_TAIL.match(after) if after else None
    if journal:
        fields.update(
            type=fields["type"] if fields["type"] in {"review", "review-book"} else "article-journal",
            container_title=_strip_period(journal.group("head")),
            volume=journal.group("volume"),
            issue=(journal.group("issue") or "").strip(),
        )
        _journal_locator(journal.group("pages") or "", fields)
        return
    if fields.get("number") and (
        _REPOSITORIES.match(after) or re.match(r"^[A-Za-z]+Xiv:", fields["number"], re.IGNORECASE)
    ):
        fields.update(type="article", publisher=after)
        return
    is_web = bool(fields.get("url")) and not fields.get("doi")
    if fields.get("number"):
        fields.update(type="report", publisher=after)
    elif fields.get("editors") or fields.get("translators") or fields.get("edition") or fields.get("volume"):
        fields.update(type="book", publisher=after)
    elif (
        is_web
        and after
        and not PUBLISHER_WORDS.search(after)
        and not ORGANISATION_WORDS.search(after)
        and not REPORT_WORDS.search(fields.get("genre", ""))
    ):
        fields.update(type="webpage", container_title=after)
    else:
        kind = (
            "report"
            if REPORT_WORDS.search(f"{fields.get('title', '')} {fields.get('genre', '')}")
            else "book"
        )
        fields.update(type=kind, publisher=after)


def _journal_locator(locator: str, fields: dict) -> None:
    """``Article 578234`` and article numbers like ``aac4716`` go to ``number``; pages stay pages."""
    locator = locator.strip()
    article = re.match(r"^Article\s+(\S+)$", locator)
    if article:
        fields["number"] = article.group(1)
    elif re.fullmatch(r"[A-Za-z]{2,}\d+", locator):
        fields["number"] = locator
    else:
        fields["pages"] = locator


def _read_source(rest: str, fields: dict, result: ParsedReference) -> None:
    rest = rest.strip()
    if not fields["authors"] and not fields["editors"] and not rest:
        return
    if fields["type"] == "book" and fields["editors"]:
        _read_book(rest, fields, result)
        return
    if fields.get("title"):
        _read_source_after_title(rest, fields, result)
        return
    untitled = re.match(r"^\[(?P<desc>[^\[\]]+)\]\.?\s*", rest)
    review = _REVIEW.match(untitled.group("desc")) if untitled else None
    if review:  # an untitled review: [Review of the book Title, by A. Author]. Journal, 3, 15.
        _read_review(review, fields)
        _read_noted_source(rest[untitled.end() :], fields, result)
        return

    noted = split_title_notes(rest)
    if (
        noted and noted[2].lower() in _DESCRIBED_KINDS
    ):  # e.g. an episode: Title (No. 5) [Audio podcast episode]. In …
        fields["title"] = _strip_period(noted[0])
        _apply_notes(noted[1], noted[2], fields, result)
        _read_noted_source(noted[3], fields, result)
        return
    chapter = _CHAPTER.match(rest)
    if chapter and re.match(r"^[A-Z*]", chapter.group("after")):
        fields["type"] = "chapter"
        fields["title"] = _strip_period(chapter.group("title"))
        noted = split_title_notes(fields["title"])
        if noted:
            fields["title"] = noted[0]
            _apply_notes(noted[1], noted[2], fields, result)
            fields["type"] = "chapter"
        after = chapter.group("after")
        editors = _CHAPTER_EDITORS.match(after)
        if editors:
            names, notes = parse_names(editors.group("editors"))
            fields["editors"] = names
            for note in notes:
                result.flag("editors", note.replace("author", "editor"))
            after = editors.group("rest")
        book = _CHAPTER_BOOK.match(after)
        if book:
            fields["container_title"] = _strip_period(book.group("book"))
            for note in [n.strip() for n in book.group("notes").split(",")]:
                if re.match(r"^pp?\.", note):
                    fields["pages"] = re.sub(r"^pp?\.\s*", "", note)
                elif note.endswith("ed."):
                    fields["edition"] = _edition_value(note)
                elif note.startswith("Vol."):
                    fields["volume"] = note[4:].strip()
            fields["publisher"] = _strip_period(book.group("publisher"))
            if _PROCEEDINGS.search(fields["container_title"]):
                fields["type"] = "paper-conference"
            _reference_work_kind(fields)
        else:
            parts = _sentences(after)
            fields["container_title"] = _strip_period(parts[0]) if parts else ""
            fields["publisher"] = _strip_period(" ".join(parts[1:]))
            result.flag("pages", "No page range found for the chapter.")
        _reference_work_kind(fields)
        return

    noted = split_title_notes(rest)
    if noted:
        fields["title"] = _strip_period(noted[0])
        _apply_notes(noted[1], noted[2], fields, result)
        _read_noted_source(noted[3], fields, result)
        return

    journal = _JOURNAL_TAIL.match(rest)
    if journal and not _REPORT_NOTE.match(rest):
        title, container = _title_and_container(journal.group("head"), result)
        fields.update(
            title=title,
            container_title=container,
            volume=journal.group("volume"),
            issue=(journal.group("issue") or "").strip(),
        )
        _journal_locator(journal.group("pages") or "", fields)
        _periodical_kind(fields)
        return
    pages_only = _JOURNAL_PAGES_ONLY.match(rest)
    if pages_only:
        title, container = _title_and_container(pages_only.group("head"), result)
        fields.update(title=title, container_title=container, pages=pages_only.group("pages"))
        result.flag("volume", "No volume found.")
        return

    report = _REPORT_NOTE.match(rest)
    if report:
        fields["type"] = "report"
        fields["title"] = _strip_period(report.group("title"))
        number = report.group("number").strip()
        fields["number"] = number[len("Report No. ") :] if number.startswith("Report No. ") else number
        fields["publisher"] = _strip_period(report.group("rest"))
        return
    printed = _PRINT_NEWSPAPER.match(rest) if fields.get("day") else None
    if printed:  # a print newspaper: Title. The Paper, A12.
        title, container = _title_and_container(printed.group("head"), result)
        fields.update(
            type="article-newspaper", title=title, container_title=container, pages=printed.group("pages")
        )
        return

    _read_book(rest, fields, result)


_NEWSPAPER_WORDS = re.compile(
    r"\b(?:times|post|herald|courier|guardian|tribune|gazette|chronicle|telegraph|independent|observer|"
    r"daily|news|journal-constitution|globe|star|sun|mail|inquirer|standard|examiner|dispatch)\b",
    re.IGNORECASE,
)
_MAGAZINE_WORDS = re.compile(
    r"\b(?:magazine|monthly|weekly|atlantic|new yorker|wired|economist|forbes|time|newsweek|"
    r"scientific american|psychology today|harvard business review|vogue)\b",
    re.IGNORECASE,
)
_BLOG_WORDS = re.compile(r"\bblog\b", re.IGNORECASE)


def _dated_web_kind(source: str, fields: dict) -> str:
    """A dated work found online, by the name of where it appeared: blog, newspaper, magazine or
    web page (they read the same in plain text; in print the italics differ)."""
    if not fields.get("month") or not source:
        return "webpage"
    if _BLOG_WORDS.search(source):
        return "post-weblog"
    if _NEWSPAPER_WORDS.search(source):
        return "article-newspaper"
    if _MAGAZINE_WORDS.search(source):
        return "article-magazine"
    return "webpage"


_PRINT_NEWSPAPER = re.compile(r"^(?P<head>.+?),\s*(?P<pages>[A-Z]\d+(?:\s*[-–,]\s*[A-Z]?\d+)*)\.?$")


def _reference_work_kind(fields: dict) -> None:
    """An entry in an encyclopedia or a dictionary reads like a chapter (APA 10.3)."""
    container = fields.get("container_title") or ""
    if fields.get("type") == "chapter" and re.search(r"\bencyclop", container, re.IGNORECASE):
        fields["type"] = "entry-encyclopedia"
    elif fields.get("type") == "chapter" and re.search(r"\bdictionar", container, re.IGNORECASE):
        fields["type"] = "entry-dictionary"


def _periodical_kind(fields: dict) -> None:
    """A periodical with a month is a magazine; proceedings are conference papers."""
    if _PROCEEDINGS.search(fields.get("container_title") or ""):
        fields["type"] = "paper-conference"
    elif fields.get("month"):
        fields["type"] = "article-magazine"


def _read_source_after_title(rest: str, fields: dict, result: ParsedReference) -> None:
    """A work without an author: the title came first, so ``rest`` is only the source."""
    chunks = fields.pop("_notes", None)
    description = re.match(r"^\[(?P<desc>[^\[\]]+)\]\.?\s*", rest)
    if chunks is not None or description:
        if description:
            rest = rest[description.end() :]
        _apply_notes(chunks or [], description.group("desc") if description else "", fields, result)
        _read_noted_source(rest, fields, result)
        return
    journal = _JOURNAL_TAIL.match(rest)
    if journal:
        fields.update(
            type="article-journal",
            container_title=_strip_period(journal.group("head")),
            volume=journal.group("volume"),
            issue=(journal.group("issue") or "").strip(),
        )
        _journal_locator(journal.group("pages") or "", fields)
        _periodical_kind(fields)
        return
    report = _REPORT_NOTE.match(fields["title"] + " " + rest) if rest.startswith("(") else None
    if report:
        fields["type"] = "report"
        fields["title"] = _strip_period(report.group("title"))
        number = report.group("number").strip()
        fields["number"] = number[len("Report No. ") :] if number.startswith("Report No. ") else number
        fields["publisher"] = _strip_period(report.group("rest"))
        return
    source = _strip_period(rest)
    is_web = bool(fields.get("url")) and not fields.get("doi")
    if (fields.get("month") and is_web) or (is_web and not PUBLISHER_WORDS.search(source)):
        fields.update(type=_dated_web_kind(source, fields), container_title=source)
    elif source and JOURNAL_WORDS.search(source) and not PUBLISHER_WORDS.search(source):
        fields.update(type="article-journal", container_title=source)
        result.flag("volume", "No volume, issue or pages found for this journal article.")
    elif REPORT_WORDS.search(fields["title"]):
        fields.update(type="report", publisher=source)
    else:
        fields.update(type="book", publisher=source)
        if not PUBLISHER_WORDS.search(source):
            result.flag("type", "Could not tell what kind of work this is; it was read as a book.")


def _edition_value(note: str) -> str:
    note = note.strip()
    match = re.match(r"^(\d+)(?:st|nd|rd|th)\s+ed\.$", note)
    if match:
        return match.group(1)
    return re.sub(r"\s*ed\.$", "", note)


def _read_book(rest: str, fields: dict, result: ParsedReference) -> None:
    """Books, reports and web pages: ``Title (2nd ed.). Publisher.`` / ``Title. Site.``"""
    edition = _EDITION_NOTE.match(rest)
    if edition:
        fields["type"] = "book"
        fields["title"] = _strip_period(edition.group("title"))
        fields["edition"] = _edition_value(f"{edition.group('edition')} ed.")
        fields["publisher"] = _strip_period(edition.group("rest"))
        return
    parts = _sentences(rest)
    if not parts:
        result.flag("title", "No title found.")
        return
    if fields.get("editors") and fields["type"] == "book":
        fields["title"] = _strip_period(parts[0])
        fields["publisher"] = _strip_period(" ".join(parts[1:]))
        return
    title, others = parts[0], parts[1:]
    # A title may hold several sentences; the last part names the publisher or site.
    if len(others) > 1:
        if any(PUBLISHER_WORDS.search(part) for part in others[:-1]):
            result.flag("title", "Several sentences after the date; check where the title ends.")
        title = " ".join([title, *others[:-1]])
        others = others[-1:]
    fields["title"] = _strip_period(title)
    second = _strip_period(others[0]) if others else ""
    is_web = bool(fields.get("url")) and not fields.get("doi")
    if fields.get("status") == "Advance online publication":
        fields["type"] = "article-journal"  # online first: the journal, then the note (APA 10.1)
        fields["container_title"] = second
    elif second and _REPOSITORIES.match(second):
        fields["type"] = "article"  # a preprint
        fields["publisher"] = second
    elif (fields.get("month") or fields.get("accessed")) and is_web:
        fields["type"] = _dated_web_kind(second, fields)
        fields["container_title"] = second
    elif (
        second
        and PUBLISHER_WORDS.search(second)
        and not JOURNAL_WORDS.search(second.replace("Association", ""))
    ):
        fields["type"] = "report" if REPORT_WORDS.search(title) else "book"
        fields["publisher"] = second
    elif second and JOURNAL_WORDS.search(second) and not PUBLISHER_WORDS.search(second):
        fields["type"] = "article-journal"
        fields["container_title"] = second
        result.flag("volume", "No volume, issue or pages found for this journal article.")
    elif REPORT_WORDS.search(title) or (second and ORGANISATION_WORDS.search(second)):
        fields["type"] = "report"
        fields["publisher"] = second
        if not REPORT_WORDS.search(title):
            result.flag(
                "type", "Read as a report because an organisation published it; check the kind of work."
            )
    elif is_web:
        fields["type"] = "webpage"
        fields["container_title"] = second
    else:
        fields["type"] = "book"
        fields["publisher"] = second
        result.flag("type", "Could not tell what kind of work this is; it was read as a book.")


def _title_and_container(head: str, result: ParsedReference) -> tuple[str, str]:
    parts = _sentences(head)
    if len(parts) < 2:
        result.flag("container_title", "Could not separate the title from the journal name.")
        return _strip_period(head), ""
    return _strip_period(" ".join(parts[:-1])), _strip_period(parts[-1])


MAX_REFERENCE_CHARS = 3000
_TWO_SENTENCES = re.compile(_u(r"[a-z)][.?!]\s+[A-Z]"))
_UNREAD_NOTE = re.compile(r"\[[^\]]*\]|\((?:[^()]*\b(?:Eds?|Trans|No|Vol|pp)\.|[^()]*\d{4}[^()]*)\)")


def _flag_leftovers(fields: dict, result: ParsedReference) -> None:
    """Text the parser kept but did not understand: a guess an editor should check."""
    title = fields.get("title") or ""
    if _UNREAD_NOTE.search(title):
        result.flag("title", "The title holds a note in brackets or parentheses that was not read; check it.")
    for name in ("publisher", "container_title"):
        value = fields.get(name) or ""
        if _TWO_SENTENCES.search(value) or _UNREAD_NOTE.search(value):
            result.flag(name, f"“{value}” looks like more than one element; check where it was split.")
    if fields.get("pages") and fields.get("type") in {"book", "report", "webpage", "thesis"}:
        result.flag("pages", "Pages were found for a whole work; check the kind of work.")


def _final_checks(fields: dict, result: ParsedReference) -> None:
    has_date = bool(fields.get("year") or fields.get("status")) or bool(
        re.search(r"\(n\.\s?d\.", result.source)
    )
    has_link = bool(fields.get("doi") or fields.get("url") or fields.get("unverified_doi"))
    if len(result.source) > MAX_REFERENCE_CHARS or (not has_date and not has_link):
        result.flag(
            "reference",
            "This does not look like a reference (no date, DOI or link); check it or leave it out.",
        )
    if not fields.get("title"):
        result.flag("title", "No title found.")
    if fields["type"] in {"article-journal", "chapter"} and not fields.get("container_title"):
        result.flag("container_title", "No journal or book title found.")
    if not fields.get("authors") and not fields.get("editors") and result.source:
        result.flag("authors", "No authors found (fine for works without an author).")
    _flag_leftovers(fields, result)
    for key in ("volume", "issue", "pages", "publisher", "container_title", "title", "number", "edition"):
        if key in fields and isinstance(fields[key], str):
            fields[key] = fields[key].strip()
