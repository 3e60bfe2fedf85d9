"""Citation checks: in-text mentions written by hand against the page's reference list.

Authors (and exports from word processors) cite works the APA way in running text:
"Lee and Park (2021) showed", "(Okafor, 2020a; Lee & Park, 2021, p. 4)", "(WHO, 2022)",
"Okafor's (2020) study", "(Okafor)" with no year. ``find_mentions`` reads them (never in
headings, code or link addresses), ``match_mention`` finds the entries of a reference list
a mention can mean, and ``check_citations`` / ``check_texts`` list what an editor should
look at: mentions that match no entry (or several, or give no year) and entries never
cited. Formal citations (``[@key]``, ``@key``) count as cited. The importer links matched
mentions with the same functions (``articles.importing.citations.link_mentions``).

Everything here is pure: the works are passed in, nothing is read from the database, so
the checks cost the admin nothing beyond loading the page's reference list.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from references import api as references

__all__ = [
    "CitationWarning",
    "Mention",
    "check_citations",
    "check_texts",
    "find_mentions",
    "match_mention",
]

# --- what a mention looks like ----------------------------------------------------------
_YEAR = r"(?:1[5-9]|20)\d{2}"
_DATE = (
    rf"(?:(?P<original>{_YEAR})/)?(?P<year>{_YEAR})(?P<suffix>[a-z])?(?![\w])"
    r"|(?P<nd>n\.\s?d\.)(?:-(?P<ndsuffix>[a-z]))?"
    r"|(?P<press>in\s+press|forthcoming)"
)
_DATE_RE = re.compile(rf"^\s*(?:{_DATE})\s*$", re.IGNORECASE)
_ONE_DATE = rf"(?:(?:{_YEAR}/)?{_YEAR}[a-z]?(?![\w])|n\.\s?d\.(?:-[a-z])?|in\s+press|forthcoming)"
# "2020", "2020a, 2020b", "2020a, b", "n.d.", "in press"
_DATES = rf"{_ONE_DATE}(?:\s*,\s*(?:{_ONE_DATE}|[a-z](?![\w.])))*"
_AUTHOR_DATE = re.compile(
    rf"^(?P<authors>.+?),?\s+(?P<dates>{_DATES})(?:\s*[,:]\s*(?P<locator>[^,].*))?$", re.I
)
_DATES_ONLY = re.compile(rf"^\s*(?P<dates>{_DATES})(?:\s*[,:]\s*(?P<locator>[^,].*))?\s*$", re.I)
_PAREN = re.compile(r"\((?P<inner>[^()\n]{1,400})\)")
_ABBREVIATION = re.compile(r"(?<=\S)\s*\[(?P<abbr>[A-Z][A-Za-z&.\-]{1,11})\]\s*")


# Lower-case words that belong to a name ("van der Berg", "de Souza").
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PARTICLES = _words(
    "van von der den de del della dei di da das dos do du des le la los las ten ter zu bin ibn al el "
    "y e mac mc st. o ni nic ua d' l'"
)
# Lower-case words inside an organisation's name ("Centers for Disease Control and Prevention").
_CONNECTORS = _words("of for and & the on in to at")
# Capitalised words that open sentences or name things, never an author on their own.
_NOT_NAMES = _words(
    """
    the a an in as at by for from of on to with according after although and but because before
    both during even following however if like unlike since so then thus though when where while
    yet this that these those our their his her its my we they he she it i recent earlier later
    also here there meanwhile similarly likewise indeed notably further furthermore moreover still
    only one two three some many most several early see e.g. e.g., cf. i.e. i.e., compare
    dr dr. prof prof. professor mr mr. mrs mrs. ms ms. sir dame
    work research studies study data evidence findings results figure fig. table chapter section
    appendix box note notes page part step phase stage level pillar module session week day year
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday spring summer autumn fall winter
    english latin greek french german spanish american british european western eastern northern
    southern north south east west today yesterday tomorrow now then total average mean median
    again next first second third finally hence therefore instead overall together ultimately
    conversely crucially importantly interestingly surprisingly specifically critically perhaps
    phd ph.d. md m.d. msc mba ma ba bsc dphil psyd mphil rn est. founded established updated
    revised published edition ed. copyright version
    optional required recommended important new free updated draft video audio alpha beta gamma
    delta theta yes no true false ok okay ai
    """
)
# "(Sarah)" in a case story names a client, not a work (asked only of year-less mentions).
_FIRST_NAMES = _words(
    """
    james john robert michael william david richard joseph thomas charles christopher daniel matthew
    anthony mark paul steven andrew kenneth joshua kevin brian george timothy ronald edward jason
    jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
    frank gregory alexander patrick jack dennis tyler aaron jose adam henry nathan peter zachary
    kyle noah alan ethan jeremy lucas oliver harry leo max sam tom ben dan joe mike chris alex
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty
    margaret sandra ashley kimberly emily donna michelle carol amanda melissa deborah stephanie
    rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen
    samantha katherine christine debra rachel carolyn janet catherine maria heather diane ruth
    julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan andrea
    cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean
    abigail alice julia judy sophia grace denise amber doris marilyn danielle beverly isabella
    theresa diana natalie brittany charlotte marie kayla alexis lori ava mia chloe lily ella
    """
)
_ET_AL = re.compile(r"(?:,?\s+(?:et\s*al\.?|and\s+(?:colleagues|others|coworkers|co-workers)))$", re.I)
_LEAD_IN_CAPS = _words("see see, e.g. e.g., cf. compare also for but i.e. i.e., and")


@dataclass(frozen=True)
class Mention:
    """One work named in running text, as written.

    ``names`` are the authors as written (surnames, or an organisation's name), ``et_al``
    says the list goes on ("et al.", "and colleagues"); ``year`` is ``None`` for "n.d.",
    "in press" and mentions with no date at all (``dated`` is then ``"n.d."``,
    ``"in press"`` or ``""``). ``start``/``end`` span the mention in the text;
    ``group_start``/``group_end`` the whole parenthesis (or narrative) it belongs to.
    """

    text: str
    line: int
    names: tuple[str, ...]
    et_al: bool
    year: int | None
    suffix: str = ""
    dated: str = "year"
    narrative: bool = False
    possessive: bool = False
    prefix: str = ""
    locator: str = ""
    start: int = 0
    end: int = 0
    group: int = 0
    group_start: int = 0
    group_end: int = 0
    group_size: int = 1
    aliases: tuple[str, ...] = ()
    whole: str = ""
    weak: bool = False  # "(Sarah)": a mention only if the reference list has the name

    @property
    def has_year(self) -> bool:
        return self.dated != ""

    def describe(self) -> str:
        return f"“{self.text}”"


@dataclass(frozen=True)
class CitationWarning:
    """Something an editor should check about a page's citations (never blocking).

    ``kind`` is ``unmatched`` (a mention no entry matches), ``ambiguous`` (several entries
    match), ``no_year`` (a mention without a date) or ``uncited`` (an entry no text cites).
    ``where`` names the text (``""`` for a single text), ``lines`` every line of that text
    it occurs on (1-based), ``works`` the entries concerned.
    """

    kind: str
    message: str
    mention: str = ""
    where: str = ""
    lines: tuple[int, ...] = ()
    works: tuple = field(default=(), compare=False)

    @property
    def line(self) -> int | None:
        return self.lines[0] if self.lines else None

    def __str__(self) -> str:
        lines = ", ".join(map(str, self.lines))
        place = ", ".join(part for part in (self.where, f"line {lines}" if lines else "") if part)
        return f"{place}: {self.message}" if place else self.message


# --- reading the text -------------------------------------------------------------------
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|\||>)")
_MASKS = [
    re.compile(r"(`+)(?:(?!\1).)+?\1"),  # inline code
    re.compile(r"(?<=\])\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)"),  # link addresses
    re.compile(r"<[a-zA-Z/!][^<>]*>"),  # HTML tags and autolinks
    re.compile(r"https?://\S+"),  # bare addresses
]


def _masked(markdown: str) -> str:
    """The text with what is never a mention (code, headings, addresses) blanked out.

    Same length and same line breaks as the input, so offsets and line numbers hold;
    line breaks inside a paragraph become spaces (a mention may wrap), others stay.
    """
    lines = markdown.split("\n")
    out: list[str] = []
    fence = ""
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            out.append(" " * len(line))
            continue
        if opening:
            fence = opening.group(1)
            out.append(" " * len(line))
            continue
        is_setext_title = line.strip() and _SETEXT.match(following) and not _BLOCK_START.match(line)
        if (
            _HEADING.match(line)
            or _LINK_DEFINITION.match(line)
            or (line.startswith("    ") and (index == 0 or not lines[index - 1].strip()))
            or is_setext_title
            or (_SETEXT.match(line) and index > 0 and lines[index - 1].strip())
        ):
            out.append(" " * len(line))
            continue
        for pattern in _MASKS:
            line = pattern.sub(lambda match: " " * len(match.group(0)), line)
        out.append(line)
    joined = []
    for index, line in enumerate(out):
        joined.append(line)
        if index + 1 < len(out):
            following = out[index + 1]
            joins = line.strip() and following.strip() and not _BLOCK_START.match(following)
            joined.append(" " if joins and not line.lstrip().startswith("|") else "\n")
    return "".join(joined)


@functools.lru_cache(maxsize=8192)
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.casefold().replace("’", "'").strip()


def _clean_token(token: str) -> str:
    return token.strip('*_[]{}“”"').strip()


def _is_capitalised(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return bool(letters) and letters[0].isupper() and not any(char.isdigit() for char in word)


@functools.lru_cache(maxsize=8192)
def _is_name_word(word: str) -> bool:
    """A word that can be part of a name: capitalised, an initial, or a particle."""
    if not word or any(char.isdigit() for char in word):
        return False
    if _fold(word) in PARTICLES:
        return True
    if re.fullmatch(r"[^\W\d_]\.", word):  # an initial
        return word[0].isupper()
    return _is_capitalised(word) and bool(re.fullmatch(r"[^\W\d_](?:[\w'’.\-]*[^\W\d_])?\.?", word))


def _is_acronym(word: str) -> bool:
    letters = re.sub(r"[&.\-]", "", word)
    return 2 <= len(letters) <= 10 and letters.isalpha() and letters.isupper()


@dataclass(frozen=True)
class _Authors:
    names: tuple[str, ...]
    et_al: bool
    aliases: tuple[str, ...] = ()
    whole: str = ""  # several names read as one organisation's ("Centers for … and Prevention")


def _split_names(text: str) -> list[str]:
    pieces = re.split(r"\s*,\s*(?:&\s*|and\s+)?|\s+(?:&|and)\s+|\s*&\s*", text)
    return [piece.strip() for piece in pieces if piece.strip()]


def _piece_ok(piece: str, *, organisation_words: bool = True) -> bool:
    words = piece.split()
    if not words or len(words) > 8:
        return False
    if not any(_is_capitalised(word) for word in words):
        return False
    for word in words:
        folded = _fold(word)
        if _is_name_word(word):
            continue
        if organisation_words and folded in _CONNECTORS:
            continue
        return False
    return _fold(words[-1]) not in _CONNECTORS


def _parse_authors(text: str) -> _Authors | None:
    """``"Lee & Park"`` -> names ``("Lee", "Park")``; ``None`` when it is not a list of names."""
    aliases: list[str] = []

    def alias(match: re.Match) -> str:
        aliases.append(match.group("abbr").strip())
        return " "

    text = _ABBREVIATION.sub(alias, text)
    text = " ".join(_clean_token(token) for token in text.split())
    text = re.sub(r"['’]s$", "", text.strip().rstrip(",")).strip()
    text = re.sub(r",?\s+(?:Jr|Sr)\.?(?=$|,|\s+(?:&|and)\s)|\s+(?:II|III|IV)\b", "", text)
    et_al = False
    found = _ET_AL.search(text)
    if found:
        et_al = True
        text = text[: found.start()].strip()
    text = text.rstrip(",").strip()
    if not text:
        return None
    pieces = _split_names(text)
    if not pieces:
        return None
    if len(pieces) > 1 and all(_piece_ok(piece) for piece in pieces):
        whole = text if not et_al and _piece_ok(text) else ""
        return _Authors(tuple(pieces), et_al, tuple(aliases), whole)
    if _piece_ok(text):  # one name, perhaps an organisation's with "and" in it
        return _Authors((text,), et_al, tuple(aliases))
    return None


def _drop_lead_in(text: str) -> tuple[str, str]:
    """``"see also Okafor, 2020"`` -> (``"see also"``, ``"Okafor, 2020"``)."""
    tokens = list(re.finditer(r"\S+", text))
    cut = 0
    for index, token in enumerate(tokens):
        word = _clean_token(token.group(0))
        folded = _fold(word)
        following = _clean_token(tokens[index + 1].group(0)) if index + 1 < len(tokens) else ""
        following = following.rstrip(",;:")
        if folded in PARTICLES and following and _is_name_word(following):
            break
        opens_title = token.group(0)[0] in "“\"'*_"
        if (
            word
            and (word[0].islower() or (not word[0].isalpha() and not opens_title))
            and not _is_acronym(word)
        ):
            cut = token.end()
            continue
        if folded in _LEAD_IN_CAPS and index == 0 and following:
            cut = token.end()
            continue
        break
    return text[:cut].strip(), text[cut:].strip()


def _dates(text: str) -> list[tuple[int | None, str, str]]:
    """``"2020a, b"`` -> ``[(2020, "a", "year"), (2020, "b", "year")]`` as (year, suffix, dated)."""
    out: list[tuple[int | None, str, str]] = []
    for chunk in (part.strip() for part in text.split(",")):
        if re.fullmatch(r"[a-z]", chunk) and out and out[-1][0] is not None:
            out.append((out[-1][0], chunk, "year"))
            continue
        match = _DATE_RE.match(chunk)
        if not match:
            continue
        if match.group("year"):
            out.append((int(match.group("year")), match.group("suffix") or "", "year"))
        elif match.group("nd"):
            out.append((None, match.group("ndsuffix") or "", "n.d."))
        else:
            out.append((None, "", "in press"))
    return out


def _locator_ok(locator: str | None) -> bool:
    if not locator:
        return True
    locator = locator.strip()
    return len(locator) <= 60 and not re.search(_YEAR, locator)


def _narrative_names(before: str) -> tuple[str, int, bool] | None:
    """The names just before a "(": (``"Lee and Park"``, where they start, possessive)."""
    tokens = list(re.finditer(r"\S+", before))
    if not tokens:
        return None
    last = tokens[-1].group(0)
    possessive = bool(re.search(r"['’]s\W*$", last))
    taken: list[re.Match] = []
    for index in range(len(tokens) - 1, -1, -1):
        raw = tokens[index].group(0)
        word = _clean_token(re.sub(r"['’]s\W*$", "", raw) if index == len(tokens) - 1 else raw)
        folded = _fold(word).rstrip(",")
        if (
            index < len(tokens) - 1
            and re.search(r"[.!?:;]$", raw)
            and not re.search(r"(?:\bal\.|^(?:[^\W\d_]\.)+)$", raw)
        ):
            break  # the previous sentence ends here
        bare = word.rstrip(",")
        if (
            _is_name_word(bare)
            or folded in _CONNECTORS
            or folded in {"et", "al.", "al", "colleagues", "others", "coworkers", "co-workers"}
            or _is_acronym(bare)
        ):
            taken.append(tokens[index])
            continue
        break
    taken.reverse()
    # Drop leading words that are not names ("As", "According", "In") and connectors.
    while taken:
        word = _clean_token(taken[0].group(0)).rstrip(",")
        folded = _fold(word)
        if folded in _NOT_NAMES or folded in _CONNECTORS or folded in {"et", "al.", "al", "colleagues"}:
            taken.pop(0)
            continue
        if folded in PARTICLES and len(taken) > 1:
            break
        if not (_is_capitalised(word) or folded in PARTICLES):
            taken.pop(0)
            continue
        break
    if not taken:
        return None
    start = taken[0].start()
    text = before[start:].rstrip()
    return text, start, possessive


def _line_at(offset: int, starts: list[int]) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        mid = (low + high + 1) // 2
        if starts[mid] <= offset:
            low = mid
        else:
            high = mid - 1
    return low + 1


def find_mentions(markdown: str) -> list[Mention]:
    """Every in-text mention of a work in a Markdown text, in order (formal ``[@key]`` excluded)."""
    if not markdown:
        return []
    masked = _masked(markdown)
    starts = [0] + [match.end() for match in re.finditer("\n", markdown)]
    mentions: list[Mention] = []
    group = 0
    for paren in _PAREN.finditer(masked):
        inner = paren.group("inner")
        window = max(masked.rfind("\n", 0, paren.start()) + 1, paren.start() - 300)
        found = _read_parenthesis(inner, masked[window : paren.start()])
        if not found:
            continue
        group += 1
        group_start = paren.start()
        for item in found:
            if item.narrative:
                group_start = min(group_start, window + item.names_start)
        for item in found:
            if item.narrative:
                start, end = window + item.names_start, paren.end()
                text = markdown[start:end] if len(found) == 1 else f"{item.names_text} ({item.label})"
            else:
                start, end = paren.start() + 1 + item.start, paren.start() + 1 + item.end
                text = f"({inner.strip()})" if len(found) == 1 else item.written
            mentions.append(
                Mention(
                    text=_squash(text),
                    line=_line_at(start, starts),
                    names=item.authors.names,
                    whole=item.authors.whole,
                    aliases=item.authors.aliases,
                    et_al=item.authors.et_al,
                    year=item.year,
                    suffix=item.suffix,
                    dated=item.dated,
                    narrative=item.narrative,
                    possessive=item.possessive,
                    prefix=item.prefix,
                    locator=item.locator,
                    start=start,
                    end=end,
                    group=group,
                    group_start=group_start,
                    group_end=paren.end(),
                    group_size=len(found),
                    weak=item.weak,
                )
            )
    return mentions


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class _Found:
    authors: _Authors
    year: int | None
    suffix: str
    dated: str
    label: str
    start: int
    end: int
    written: str
    prefix: str = ""
    locator: str = ""
    narrative: bool = False
    possessive: bool = False
    names_start: int = 0
    names_text: str = ""
    weak: bool = False


# Works are separated by ";" (and, written loosely, by "," after a year: "Okafor, 2020, Lee, 2021").
_SEGMENT_BREAK = re.compile(
    r";|,?\s+(?=as\s+cited\s+in\b)"
    rf"|(?:(?<=\d{{4}})|(?<=\d{{4}}[a-z])),\s+(?=[^\W\d_][^,;()]*,?\s+{_ONE_DATE})",
    re.I,
)


def _segments(inner: str) -> list[tuple[int, str]]:
    """The parts of a parenthesis (split at ";" and before "as cited in"), with their offsets."""
    out, position = [], 0
    for separator in _SEGMENT_BREAK.finditer(inner):
        out.append((position, inner[position : separator.start()]))
        position = separator.end()
    out.append((position, inner[position:]))
    return [(offset + len(text) - len(text.lstrip()), text.strip()) for offset, text in out if text.strip()]


def _label(year: int | None, suffix: str, dated: str) -> str:
    if dated == "year":
        return f"{year}{suffix}"
    return f"{dated}-{suffix}" if suffix else dated


def _read_parenthesis(inner: str, before: str) -> list[_Found]:
    """The mentions one parenthesis holds (with the names before it, when it gives only dates)."""
    found: list[_Found] = []
    previous: _Authors | None = None
    segments = _segments(inner)
    for index, (start, part) in enumerate(segments):
        end = start + len(part)
        dates_only = _DATES_ONLY.match(part)
        if dates_only and _locator_ok(dates_only.group("locator")):
            authors, extra = previous, {}
            if authors is None and index == 0:
                named = _narrative_names(before)
                if named is None:
                    return []
                authors = _parse_authors(named[0])
                if authors is None or not _plausible(authors, dated=True):
                    return []
                extra = {
                    "narrative": True,
                    "names_start": named[1],
                    "possessive": named[2],
                    "names_text": named[0],
                }
            if authors is None:
                continue
            locator = (dates_only.group("locator") or "").strip()
            for year, suffix, dated in _dates(dates_only.group("dates")):
                label = _label(year, suffix, dated)
                found.append(
                    _Found(authors, year, suffix, dated, label, start, end, part, locator=locator, **extra)
                )
            continue
        prefix, rest = _drop_lead_in(part)
        if not rest:
            continue
        rest_start = start + part.find(rest)
        author_date = _AUTHOR_DATE.match(rest)
        if author_date and _locator_ok(author_date.group("locator")):
            authors = _parse_authors(author_date.group("authors"))
            if authors is None or not _plausible(authors, dated=True):
                continue
            previous = authors
            dates = _dates(author_date.group("dates"))
            locator = (author_date.group("locator") or "").strip()
            for year, suffix, dated in dates:
                label = _label(year, suffix, dated)
                written = part if len(dates) == 1 else f"{author_date.group('authors').strip()}, {label}"
                found.append(
                    _Found(authors, year, suffix, dated, label, rest_start, end, written, prefix, locator)
                )
            continue
        if re.search(r"\d", rest) or (len(segments) == 1 and not _may_cite_without_year(before)):
            continue  # "(Table 2)", "(n = 40)"; "**Cortisol** (Hormone)"
        authors = _parse_authors(rest)
        if authors is None or not _plausible(authors, dated=False):
            continue
        previous = authors
        weak = len(authors.names) == 1 and _fold(authors.names[0]) in _FIRST_NAMES and not authors.et_al
        found.append(_Found(authors, None, "", "", "no year", rest_start, end, part, prefix, weak=weak))
    return found


def _may_cite_without_year(before: str) -> bool:
    """A yearless "(Name)" cites only after running text, not after a label or a bold term."""
    tail = before.rstrip()
    return bool(tail) and (tail[-1].isalpha() or tail[-1] in ",.;’'\")")


def _plausible(authors: _Authors, *, dated: bool) -> bool:
    """Names that read like authors (a date makes any capitalised name plausible).

    Without a date only a list of names ("Lee & Park"), "et al." or a single surname-like
    word ("Okafor", not "Stanford University" nor "PTSD") counts as a mention.
    """
    words = [_fold(word) for name in authors.names for word in name.split()]
    significant = [word for word in words if word not in PARTICLES and word not in _CONNECTORS]
    if not significant or all(word in _NOT_NAMES for word in significant):
        return False
    if dated:
        return True
    if any(_is_acronym(name) for name in authors.names):
        return False  # "(WHO)", "(PTSD)": an abbreviation being introduced
    if authors.et_al or len(authors.names) > 1:
        return all(len(name.split()) <= 3 for name in authors.names)
    name = authors.names[0]
    words = [word for word in name.split() if _fold(word) not in PARTICLES]
    return len(words) == 1 and _fold(words[0]) not in _NOT_NAMES


# --- matching ---------------------------------------------------------------------------
def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", _fold(text).replace("ß", "ss"))


def _core(text: str) -> str:
    words = _fold(text).split()
    while len(words) > 1 and words[0] in PARTICLES:
        words.pop(0)
    return _letters(" ".join(words))


def _initials(name: str) -> str:
    words = re.findall(r"[^\W\d_][\w'’\-]*", name)
    return "".join(
        word[0].upper() for word in words if _is_capitalised(word) and _fold(word) not in _CONNECTORS
    )


def _acronym_of(abbreviation: str, name: str) -> bool:
    """``WHO`` names the World Health Organization; ``CDC`` the Centers for Disease Control
    and Prevention; ``NICE`` the National Institute for Health and Care Excellence."""
    short = re.sub(r"[^A-Z]", "", abbreviation.upper())
    full = _initials(name)
    if len(short) < 2 or len(full) < 2 or short[0] != full[0]:
        return False
    if short == full or (full.startswith(short) and len(full) - len(short) <= 1):
        return True
    iterator = iter(full)
    return short[-1] == full[-1] and all(letter in iterator for letter in short)


@dataclass(frozen=True)
class _Name:
    forms: frozenset[str]
    literal: str = ""  # an organisation's full name
    title: str = ""  # a work without authors is cited by its title (letters only)


def _work_names(work) -> list[_Name]:
    names = list(work.authors or []) or list(work.editors or [])
    if not names:
        title = _letters(references.plain_text(work.title or ""))
        return [_Name(frozenset(), title=title)] if title else []
    out: list[_Name] = []
    for person in names:
        if not isinstance(person, dict):
            continue
        literal = str(person.get("literal") or "")
        family = str(person.get("family") or "")
        forms: set[str] = set()
        if literal:
            inner = re.findall(r"[(\[]([^()\[\]]{2,12})[)\]]", literal)
            bare = re.sub(r"\s*[(\[][^()\[\]]*[)\]]\s*", " ", literal).strip()
            forms.update({_letters(literal), _letters(bare)} | {_letters(alias) for alias in inner})
            out.append(_Name(frozenset(form for form in forms if form), bare))
        elif family:
            particle = str(person.get("particle") or "")
            forms.update({_letters(family), _core(family)})
            words = [word for word in _fold(family).split() if word not in PARTICLES]
            if len(words) > 1:  # "García Márquez" is often cited as "García"
                forms.add(_letters(words[0]))
            if particle:
                forms.add(_letters(f"{particle} {family}"))
            out.append(_Name(frozenset(form for form in forms if form)))
    return out


def _same(written: str, name: _Name, *, first: bool, aliases: tuple[str, ...] = ()) -> bool:
    forms = {_letters(written), _core(written)}
    if first:  # "Dr Okafor", "J. Okafor": the surname is the last word
        words = written.split()
        forms.update(_core(" ".join(words[index:])) for index in range(1, len(words)))
    forms.update(_letters(alias) for alias in aliases)
    if forms & name.forms:
        return True
    letters = _letters(written)
    if name.literal and len(letters) >= 12 and any(form.endswith(letters) for form in name.forms):
        return True  # "Department of Health and Human Services" for the U.S. one
    if name.title:  # ("Sleep and the Clock," 2020): the title's first words
        letters = _letters(written)
        return len(letters) >= 5 and name.title.startswith(letters)
    if name.literal:
        candidates = [written, *aliases]
        if any(_is_acronym(text) and _acronym_of(text, name.literal) for text in candidates):
            return True
    # The work's author is itself an abbreviation and the text spells it out.
    return bool(name.literal) and any(
        2 <= len(form) <= 10 and form.upper() == _initials(written) for form in name.forms
    )


def _names_fit(mention: Mention, names: list[_Name], *, strict: bool) -> bool:
    if mention.whole and len(names) == 1 and _same(mention.whole, names[0], first=False):
        return True  # "Centers for Disease Control and Prevention": one organisation
    written = mention.names
    if not names or len(names) < len(written):
        return False
    for index, text in enumerate(written):
        aliases = mention.aliases if index == 0 else ()
        if not _same(text, names[index], first=index == 0, aliases=aliases):
            return False
    if mention.et_al:
        return len(names) >= max(3, len(written) + 1) if strict else len(names) > len(written)
    return len(names) == len(written) if strict else True


def _year_fits(mention: Mention, work) -> bool:
    if mention.dated == "":
        return True
    if mention.dated == "year":
        return mention.year in (work.year, getattr(work, "original_year", None))
    return work.year is None


def match_mention(mention: Mention, works: Sequence, suffixes: dict[str, str] | None = None) -> list:
    """The works of a reference list the mention can mean (empty: none; several: ambiguous).

    Names must agree in order ("Lee and Park" needs both); "et al." asks for three or more
    authors, a single surname for a single author; only when no work fits that strictly
    does a looser reading count (a single surname for the first of several authors, "et al."
    for two). A year suffix ("2020a") picks among same-author works of that year.
    """
    suffixes = suffixes if suffixes is not None else references.list_year_suffixes(works)
    dated = [work for work in works if _year_fits(mention, work)]
    named = [(work, _work_names(work)) for work in dated]
    candidates = [work for work, names in named if _names_fit(mention, names, strict=True)]
    if not candidates:
        candidates = [work for work, names in named if _names_fit(mention, names, strict=False)]
    if not candidates and mention.dated:  # "*Why We Sleep* (2017)": a work named by its title
        candidates = [work for work in dated if _names_title(mention, work)]
    if mention.suffix and len(candidates) > 1:
        lettered = [work for work in candidates if suffixes.get(work.key, "")]
        if lettered:
            candidates = [work for work in candidates if suffixes.get(work.key, "") == mention.suffix]
    if mention.dated == "year" and len(candidates) > 1:
        exact = [work for work in candidates if work.year == mention.year]
        candidates = exact or candidates
    return candidates


def _names_title(mention: Mention, work) -> bool:
    """The mention's words, or the last of them ("Walker's *Why We Sleep*"), open the title."""
    title = _letters(references.plain_text(work.title or ""))
    words = (mention.whole or " ".join(mention.names)).split()
    for index in range(len(words)):
        letters = _letters(" ".join(words[index:]))
        if len(letters) >= 8 and title.startswith(letters):
            return True
    return False


def _closest(mention: Mention, works: Sequence) -> list:
    """Works by the mention's first author (another year, another list of names)."""
    first = mention.names[0] if mention.names else ""
    out = []
    for work in works:
        names = _work_names(work)
        if names and _same(first, names[0], first=True, aliases=mention.aliases):
            out.append(work)
    return out


# --- checking ---------------------------------------------------------------------------
def _cite(work) -> str:
    try:
        return references.in_text_citation(work)
    except Exception:  # a half-filled work must never break a check
        return f"({work.key})"


def _identity(mention: Mention) -> tuple:
    """What makes two mentions the same citation ("Again Smith (2020)" is "Smith (2020)")."""
    names = tuple(_core(name.split()[-1]) if name.split() else "" for name in mention.names)
    return names, mention.et_al, mention.dated, mention.year, mention.suffix


def check_texts(texts: Sequence[tuple[str, str]], works: Iterable) -> list[CitationWarning]:
    """Check several texts of one page (``(label, markdown)`` pairs) against its reference list.

    Mentions are grouped per text: one warning for each mention that matches no entry,
    several entries or gives no year (with every line it occurs on), then one for each
    entry that no text cites, by mention or by key.
    """
    works = references.with_list_suffixes(works)  # copies reading "2020a" as this list does
    suffixes = {work.key: work.year_suffix or "" for work in works}
    by_key = {work.key: work for work in works}
    cited: set[str] = set()
    warnings: dict[tuple, dict] = {}

    def warn(kind: str, where: str, mention: Mention, message: str, found: Sequence) -> None:
        key = (kind, where, _identity(mention))
        entry = warnings.get(key)
        if entry is None:
            warnings[key] = {
                "kind": kind,
                "where": where,
                "mention": mention.text,
                "message": message,
                "lines": [mention.line],
                "works": tuple(found),
            }
        elif mention.line not in entry["lines"]:
            entry["lines"].append(mention.line)

    for where, markdown in texts:
        if not markdown:
            continue
        if "@" in markdown:
            cited.update(key for key in references.cited_keys(markdown) if key in by_key)
        for mention in find_mentions(markdown):
            found = match_mention(mention, works, suffixes) if works else []
            if mention.weak and not found:
                continue
            cited.update(work.key for work in found)
            if not mention.has_year:
                if found:
                    message = f"{mention.describe()} gives no year: write it as " + " or ".join(
                        _cite(work) for work in found[:3]
                    )
                else:
                    message = f"{mention.describe()} gives no year and matches no entry of the reference list"
                warn("no_year", where, mention, message, found)
            elif not found:
                closest = _closest(mention, works)
                hint = f" (closest: {'; '.join(_cite(work) for work in closest[:3])})" if closest else ""
                if not works:
                    hint = " (the page has no reference list)"
                warn(
                    "unmatched",
                    where,
                    mention,
                    f"{mention.describe()} matches no entry of the reference list{hint}",
                    closest,
                )
            elif len(found) > 1:
                warn(
                    "ambiguous",
                    where,
                    mention,
                    f"{mention.describe()} could mean {len(found)} entries "
                    f"({'; '.join(_cite(work) for work in found[:4])}): add the year's letter or more names",
                    found,
                )
    out = [
        CitationWarning(
            kind=entry["kind"],
            message=entry["message"],
            mention=entry["mention"],
            where=entry["where"],
            lines=tuple(entry["lines"]),
            works=entry["works"],
        )
        for entry in warnings.values()
    ]
    for work in works:
        if work.key not in cited:
            out.append(
                CitationWarning(
                    kind="uncited",
                    message=f"the reference {_cite(work)} is never cited in the text",
                    mention=_cite(work),
                    works=(work,),
                )
            )
    return out


def check_citations(markdown: str, works: Iterable) -> list[CitationWarning]:
    """Check one Markdown text against a reference list (see ``check_texts``)."""
    return check_texts([("", markdown)], works)


def check_page(page) -> list[CitationWarning]:
    """The citation checks of a stored hub or article: its summary, Markdown texts, key
    takeaways and FAQ answers against its reference list (cited works and further
    reading). A few queries; for the admin, never for a public page view."""
    from .citations import citations_for_page

    def label(name: str) -> str:
        return str(page._meta.get_field(name).verbose_name).capitalize()

    texts = [(label("summary"), page.summary or "")] if hasattr(page, "summary") else []
    texts += [(label(name), getattr(page, name) or "") for name in page.markdown_fields]
    if page.pk:
        if hasattr(page, "takeaways"):
            texts += [
                (f"Key takeaway {number}", text)
                for number, text in enumerate(
                    page.takeaways.order_by("position", "pk").values_list("text", flat=True), start=1
                )
            ]
        texts += [
            (f"FAQ “{question}”", answer or "")
            for question, answer in page.faqs.order_by("position", "pk").values_list("question", "answer")
        ]
    return check_texts(texts, citations_for_page(page))
