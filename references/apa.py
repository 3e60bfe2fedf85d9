"""APA 7 formatting: reference-list entries (HTML and plain text) and in-text citations.

Entries are built from parts, each part a (text, italic) pair, so that the HTML and the
plain text always say the same thing.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Protocol

from django.utils.html import escape

from .doi import doi_url
from .names import Name, editor_name, family_or_literal, reference_name

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
MAX_LISTED_AUTHORS = 20
_RANGE = re.compile(r"^\s*([A-Za-z]?\d+)\s*(?:-+|–|—|‒)\s*([A-Za-z]?\d+)\s*$")
_ENDS_SENTENCE = re.compile(r"[.?!]$")


class Work(Protocol):
    """What the formatter reads (a ``Citation`` or anything shaped like one)."""

    type: str
    authors: list
    editors: list
    year: int | None
    year_suffix: str
    month: int | None
    day: int | None
    title: str
    container_title: str
    volume: str
    issue: str
    pages: str
    edition: str
    number: str
    publisher: str
    doi: str
    url: str
    accessed: object


# A part of an entry: its text and its formatting ("i" italic, "b" bold, "sup", "sub", "sc").
Part = tuple[str, frozenset]
ROMAN: frozenset = frozenset()
ITALIC: frozenset = frozenset({"i"})

PERIODICALS = {
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "post-weblog",
    "review",
    "review-book",
}
REVIEWS = {"review", "review-book"}
ENTRIES = {"entry-encyclopedia", "entry-dictionary"}
WEB = {"webpage", "post"}
# Types whose date is given in full, (2019, March 22), as in APA 7 (and the APA CSL style).
FULL_DATE = {
    "article-magazine",
    "article-newspaper",
    "post-weblog",
    "webpage",
    "post",
    "motion_picture",
    "broadcast",
}
REPORT_LIKE = {"report"}
# Audiovisual works: an episode's number follows its own title, not the series' (APA 10.12).
AUDIOVISUAL = {"motion_picture", "broadcast"}
# The description a kind of work has when the data gives none (APA 9.21, 10.9–10.13).
DEFAULT_DESCRIPTION = {
    "dataset": "Data set",
    "software": "Computer software",
    "motion_picture": "Film",
    "broadcast": "Broadcast",
}


# --- small pieces ---------------------------------------------------------------------
def page_range(pages: str) -> str:
    """``1032-1039`` -> ``1032–1039`` (en dash); anything else as stored.

    APA gives page numbers in full, so an abbreviated end (``1032-39``) is written out
    (``1032–1039``) when that makes a range that goes forward.
    """
    match = _RANGE.match(pages or "")
    if not match:
        return (pages or "").strip()
    first, last = match.group(1), match.group(2)
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        full = first[: len(first) - len(last)] + last
        if int(full) > int(first):
            last = full
    return f"{first}–{last}"


def ordinal(number: str) -> str:
    number = (number or "").strip()
    if not number.isdigit():
        return number
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def year_label(work: Work) -> str:
    """``2015``, ``2015a``, ``n.d.``, ``n.d.-a``; ``in press`` (``in press-a``) for a work with a status."""
    if work.year:
        return f"{work.year}{work.year_suffix or ''}"
    undated = _status(work).lower() or "n.d."
    return f"{undated}-{work.year_suffix}" if work.year_suffix else undated


def _status(work: Work) -> str:
    return (getattr(work, "status", "") or "").strip()


def in_text_year(work: Work) -> str:
    """The date of an in-text citation: ``2015a``, ``n.d.``; ``1923/1961`` for a republished work."""
    label = year_label(work)
    original = getattr(work, "original_year", None)
    return f"{original}/{label}" if original and work.year else label


def _plain_end(parts: list[Part]) -> str:
    return "".join(text for text, _ in parts).rstrip()


def _terminate(text: str) -> str:
    """End an element with a period unless it already ends a sentence."""
    text = text.rstrip()
    return text if _ENDS_SENTENCE.search(text) else f"{text}."


_NUMERIC = re.compile(
    r"^[A-Za-z]{0,3}\d+[A-Za-z]{0,3}(?:\s*(?:[-–,&]|and)\s*[A-Za-z]{0,3}\d+[A-Za-z]{0,3})*$"
)


def is_numeric(value: str) -> bool:
    """CSL's test: numbers, maybe with short prefixes or suffixes (``e123``, ``2b``), in lists or ranges."""
    return bool(_NUMERIC.match((value or "").strip()))


def _plural_role(role: str, count: int) -> str:
    return role if count == 1 or role.endswith("s") else f"{role}s"


def author_list(names: list[Name]) -> str:
    """APA reference-list authors: ``&`` before the last; 21 or more: 19, ``. . .``, the last.

    Creators with a role carry it: ``Nolan, C. (Director)``; one role shared by all is said
    once, after the list: ``Ito, K., & Roy, A. (Hosts)``.
    """
    roles = {n.get("role", "") for n in names}
    shared = roles.pop() if len(roles) == 1 else ""
    formatted = [
        reference_name(n) + (f" ({n['role']})" if n.get("role") and not shared else "") for n in names
    ]
    if shared:
        return f"{_plain_author_list(formatted)} ({_plural_role(shared, len(names))})"
    return _plain_author_list(formatted)


def _plain_author_list(formatted: list[str]) -> str:
    if not formatted:
        return ""
    if len(formatted) == 1:
        return formatted[0]
    if len(formatted) == 2:
        return f"{formatted[0]}, & {formatted[1]}"
    if len(formatted) <= MAX_LISTED_AUTHORS:
        return ", ".join(formatted[:-1]) + f", & {formatted[-1]}"
    return ", ".join(formatted[:19]) + f", . . . {formatted[-1]}"


def editor_list(names: list[Name]) -> str:
    formatted = [editor_name(n) for n in names]
    if len(formatted) <= 1:
        return "".join(formatted)
    if len(formatted) == 2:
        return f"{formatted[0]} & {formatted[1]}"
    if len(formatted) > MAX_LISTED_AUTHORS:
        return ", ".join(formatted[:19]) + f", . . . {formatted[-1]}"
    return ", ".join(formatted[:-1]) + f", & {formatted[-1]}"


def _role(names: list[Name], one: str, many: str) -> str:
    return one if len(names) == 1 else many


def _edits_and_translates(work: Work) -> bool:
    """The editors also translated the work: ``(J. Smith, Ed. & Trans.)``."""
    editors, translators = list(work.editors or []), _translators(work)
    return bool(editors) and [reference_name(n) for n in editors] == [reference_name(n) for n in translators]


def _editor_role(work: Work) -> str:
    editors = list(work.editors or [])
    role = _role(editors, "Ed.", "Eds.")
    return f"{role} & Trans." if _edits_and_translates(work) else role


def _translators(work: Work) -> list[Name]:
    return list(getattr(work, "translators", None) or [])


def _text(work: Work, name: str) -> str:
    return (getattr(work, name, "") or "").strip()


def _date(work: Work) -> str:
    label = year_label(work)
    if work.year and work.month and _full_date(work):
        label += f", {MONTHS[work.month - 1]}"
        if work.day:
            label += f" {work.day}"
    return f"({label})."


def _full_date(work: Work) -> bool:
    if work.type in FULL_DATE:
        return True
    return work.type == "paper-conference" and _unpublished_paper(work)


def _unpublished_paper(work: Work) -> bool:
    """A conference paper that is only a presentation (no proceedings details)."""
    return not (work.editors or work.issue or work.pages or work.volume)


def _link(work: Work) -> str:
    """The DOI as https://doi.org/..., else the URL if it is a web address (never ``javascript:``)."""
    if work.doi:
        return doi_url(work.doi)
    url = (work.url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def _book_like(work: Work) -> bool:
    """APA's two families of sources: periodicals, and works shaped like books."""
    if work.type in PERIODICALS or work.type in WEB:
        return False
    if work.type == "paper-conference":
        return bool(work.editors)
    return True


# --- rich text in titles (CSL-JSON's HTML-like markup) ----------------------------------
_TAG_FLAGS = {"i": "i", "em": "i", "b": "b", "strong": "b", "sup": "sup", "sub": "sub"}


class _RichText(HTMLParser):
    def __init__(self, base: frozenset) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, frozenset]] = []
        self.flags = base
        self.parts: list[Part] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        flags = set(self.flags)
        flag = _TAG_FLAGS.get(tag)
        if flag == "i":
            flags ^= {"i"}  # italics inside an italic title are set in roman (APA, CSL)
        elif flag:
            flags.add(flag)
        elif tag == "span":
            style = (dict(attrs).get("style") or "").replace(" ", "").lower()
            if "font-variant:small-caps" in style:
                flags.add("sc")
        self.stack.append((tag, self.flags))
        self.flags = frozenset(flags)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            opened, flags = self.stack.pop()
            self.flags = flags
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if data:
            self.parts.append((data, self.flags))


def rich_parts(text: str, base: frozenset = ROMAN) -> list[Part]:
    """``Effects of <i>Drosophila</i> CO<sub>2</sub>`` -> parts with their formatting."""
    if "<" not in text and "&" not in text:
        return [(text, base)] if text else []
    parser = _RichText(base)
    parser.feed(text)
    parser.close()
    return parser.parts


def plain_text(text: str) -> str:
    """A title without its markup: what a reader sees, as plain text."""
    return "".join(t for t, _ in rich_parts(text or ""))


# --- reference-list entries -------------------------------------------------------------
def reference_parts(work: Work) -> list[Part]:
    """The entry as (text, formatting) parts; joined by ``format_reference_text``/``_html``."""
    parts: list[Part] = []
    authors = list(work.authors or [])
    editors = list(work.editors or [])
    # Editors stand in for missing authors (APA 9.10), except for an unsigned entry in a
    # reference work, which starts with its own title (APA 9.12, as the APA CSL style does).
    editors_as_authors = not authors and bool(editors) and work.type not in ENTRIES

    # 1. Author (editors stand in for a work without authors; the title when nobody).
    title_in_author_position = False
    if authors:
        parts.append((_terminate(author_list(authors)), ROMAN))
    elif editors_as_authors:
        parts.append((f"{author_list(editors)} ({_editor_role(work)}).", ROMAN))
    else:
        title_in_author_position = True
        parts += _terminated(_title_and_identifier(work, editors_as_authors))
    # 2. Date.
    parts.append((" " + _date(work), ROMAN))
    # 3. Title and descriptions.
    description = _description_parts(work)
    bracketed = [(" [", ROMAN), *description, ("]", ROMAN)] if description else []
    if title_in_author_position:
        if bracketed:
            parts += [*bracketed, (".", ROMAN)]
    else:
        element = _title_and_identifier(work, editors_as_authors)
        if _title_is_the_reviewed_work(work):
            element = []  # the title names the work reviewed: it is printed in the description
        element += bracketed
        parts.append((" ", ROMAN))
        parts += _terminated(_strip_leading_space(element))
    # 4. Source.
    for element in _source(work, editors_as_authors):
        if element:
            parts.append((" ", ROMAN))
            parts += _terminated(element)
    # 4.7 DOI or URL.
    link = _link(work)
    if link:
        if work.accessed and not work.doi and not work.year and not _status(work):
            accessed = work.accessed
            parts.append(
                (
                    f" Retrieved {MONTHS[accessed.month - 1]} {accessed.day}, {accessed.year}, from {link}",
                    ROMAN,
                )
            )
        else:
            parts.append((f" {link}", ROMAN))
    # 5. Publication history (APA 9.41).
    history = []
    if work.year and _status(work) and _has_locators(work):
        history.append(_capitalised(_status(work)))  # e.g. (Retracted)
    original = getattr(work, "original_year", None)
    if original:
        history.append(f"Original work published {original}")
    if history:
        parts.append((f" ({'; '.join(history)})", ROMAN))
    return _merge(parts)


def _has_locators(work: Work) -> bool:
    return any(_text(work, name) for name in ("volume", "issue", "pages", "number"))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _strip_leading_space(element: list[Part]) -> list[Part]:
    if element and element[0][0].startswith(" "):
        return [(element[0][0].lstrip(), element[0][1]), *element[1:]]
    return element


def _title_is_the_reviewed_work(work: Work) -> bool:
    """A review stored without ``reviewed_title`` names the reviewed work in ``title`` (CSL)."""
    return _is_review(work) and not _text(work, "reviewed_title")


def _is_review(work: Work) -> bool:
    return work.type in REVIEWS or bool(
        _text(work, "reviewed_title") or getattr(work, "reviewed_authors", None)
    )


def _terminated(element: list[Part]) -> list[Part]:
    if not element:
        return []
    end = _plain_end(element)
    if _ENDS_SENTENCE.search(end):
        return element
    return [*element, (".", ROMAN)]


def _title_and_identifier(work: Work, editors_as_authors: bool) -> list[Part]:
    """The title (italic for works that stand alone) and its notes in parentheses."""
    title = (work.title or "").strip() or "[Untitled]"
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    italic = _title_is_italic(work)
    parts = rich_parts(title, ITALIC if italic else ROMAN)
    notes = _identifier(work, editors_as_authors)
    if notes:
        parts.append((f" ({'; '.join(notes)})", ROMAN))
    return parts


def _title_is_italic(work: Work) -> bool:
    if work.type in WEB:
        return True
    return not (work.container_title or "").strip()


def _identifier(work: Work, editors_as_authors: bool) -> list[str]:
    """APA 9.19: contributors; database; number; edition and volume (book-like works only)."""
    has_container = bool((work.container_title or "").strip())
    notes: list[str] = []
    contributors = []
    if work.type not in PERIODICALS and not has_container and not editors_as_authors and work.editors:
        contributors.append(f"{editor_list(work.editors)}, {_editor_role(work)}")
    translators = _translators(work)
    if translators and not (_edits_and_translates(work) and work.type not in PERIODICALS):
        contributors.append(f"{editor_list(translators)}, Trans.")
    notes += contributors
    if has_container and work.type not in WEB:
        if work.type in AUDIOVISUAL and _number_label(work):
            notes.append(_number_label(work))  # an episode's number follows its title
        return notes  # the rest is printed with the source
    location = _text(work, "archive_location")
    if location:
        notes.append(location)
    number = _number_label(work)
    if number:
        notes.append(number)
    if _book_like(work) or work.type in WEB:
        notes += _booklike_identifier(work)
    return notes


def _number_label(work: Work) -> str:
    """``Working Paper No. 19843``, ``Report No. 5``, ``No. 5``, ``arXiv:2001.08361``.

    The label is the work's own kind (``genre``) in title case, as the APA CSL style prints
    it; a number without one is only ``No. 5`` (APA 9.22 gives the number as the work
    labels it, and the data does not say more).
    """
    number = _text(work, "number")
    if not number or work.type in PERIODICALS or work.type == "paper-conference":
        return ""
    genre = _text(work, "genre")
    if work.type == "thesis":
        genre = "Publication" if genre else ""
    elif work.type in AUDIOVISUAL:
        genre = ""  # the genre describes the episode in brackets: (No. 12) [Audio podcast episode]
    elif genre:
        genre = _title_case(genre)
    if is_numeric(number):
        number = f"No. {number}"
    return f"{genre} {number}" if genre else number


# CSL's English stop words, left in lower case by title casing (except first, or after a colon).
_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "down",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "onto",
        "or",
        "over",
        "so",
        "the",
        "till",
        "to",
        "up",
        "via",
        "with",
        "yet",
    ]
)
# Words of other languages a journal's name may hold; title casing leaves them alone.
_FOREIGN_SMALL_WORDS = frozenset(
    [
        "für",
        "und",
        "der",
        "die",
        "das",
        "des",
        "de",
        "la",
        "le",
        "les",
        "du",
        "et",
        "y",
        "del",
        "di",
        "e",
        "och",
        "van",
        "von",
    ]
)


def _title_case(text: str) -> str:
    """CSL title case: ``journal of applied psychology`` -> ``Journal of Applied Psychology``.

    Only words written all in lower case change (``eLife``, ``PLoS``, ``fMRI`` stay); stop words
    stay lower case unless they open the title or follow a colon; each part of a hyphenated
    word is capitalised (``Self-Report``).
    """
    out = []
    capitalise_next = True
    for word in re.split(r"(\s+)", text):
        if not word or word.isspace():
            out.append(word)
            continue
        core = word.strip("\"'“”‘’([{")
        lower = core.lower()
        if core and core == lower and core[:1].isalpha():
            keep = (lower in _STOP_WORDS and not capitalise_next) or lower in _FOREIGN_SMALL_WORDS
            if not keep:
                word = re.sub(r"(^|[-–/])([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), word)
        out.append(word)
        capitalise_next = word.endswith((":", "?", "!", "—", "–"))
    return "".join(out)


def _title_cased(text: str) -> str:
    """A periodical's or website's name in title case, as the APA CSL style sets it."""
    return text if "<" in text else _title_case(text)


def _booklike_identifier(work: Work) -> list[str]:
    """Edition, series (reports), volume and pages: ``2nd ed., Vol. 8, pp. 47–89``."""
    notes = []
    version = _text(work, "version")
    if version:
        notes.append(version if version.lower().startswith("version") else f"Version {version}")
    if work.edition:
        notes.append(_edition(work.edition))
    series = " ".join(x for x in (_text(work, "collection_title"), _text(work, "collection_number")) if x)
    if series and work.type in REPORT_LIKE:
        notes.append(series)
    volume = (work.volume or "").strip()
    if volume:
        notes.append(f"Vol. {volume}" if is_numeric(volume) else volume)
    if work.type in WEB or not (work.container_title or "").strip():
        return [", ".join(notes)] if notes else []
    if work.pages:
        pages = page_range(work.pages)
        notes.append(f"pp. {pages}" if re.search(r"[–,&-]", pages) else f"p. {pages}")
    return [", ".join(notes)] if notes else []


def _description_parts(work: Work) -> list[Part]:
    """APA 9.21, in square brackets: ``Doctoral dissertation, University of Iowa``,
    ``Review of the book`` *Title*``, by A. Author``, ``Data set``."""
    if _is_review(work):
        return _review_description(work)
    text = _description(work)
    return [(text, ROMAN)] if text else []


def _review_description(work: Work) -> list[Part]:
    genre = _capitalised(_text(work, "genre"))
    label = genre or ("Review of the book" if work.type == "review-book" else "Review of")
    reviewed = _text(work, "reviewed_title") or (work.title or "").strip()
    parts: list[Part] = [(label, ROMAN)]
    if reviewed:
        parts += [(" ", ROMAN), *rich_parts(reviewed, ITALIC)]
    reviewed_authors = list(getattr(work, "reviewed_authors", None) or [])
    if reviewed_authors:
        parts.append((f", by {editor_list(reviewed_authors)}", ROMAN))
    return parts


def _description(work: Work) -> str:
    genre = _capitalised(_text(work, "genre"))
    if work.type == "thesis":
        genre = genre or "Thesis"
        publisher = _text(work, "publisher")
        if publisher and (work.doi or work.url or _text(work, "archive")):
            return f"{genre}, {publisher}"
        return genre
    if not genre:
        return DEFAULT_DESCRIPTION.get(work.type, "")
    if work.type in AUDIOVISUAL:
        return genre
    if _text(work, "number"):
        return ""  # with a number, the kind of work labels the number
    if work.type in PERIODICALS or not (work.container_title or "").strip():
        return genre
    if work.type in REPORT_LIKE:
        return ""  # printed after the larger report's title
    if work.type == "paper-conference" and _unpublished_paper(work):
        return ""
    return genre


def _source(work: Work, editors_as_authors: bool) -> list[list[Part]]:
    """APA 9.23–9.33: the periodical or book, then publisher, database, event and website."""
    elements: list[list[Part]] = []
    if work.type in PERIODICALS or (work.type == "paper-conference" and not work.editors):
        elements.append(_periodical_source(work))
        if work.year and _status(work) and not _has_locators(work):
            elements.append([(_capitalised(_status(work)), ROMAN)])  # Advance online publication
    elif work.type not in WEB:
        elements.append(_booklike_source(work, editors_as_authors))
    author_names = {family_or_literal(a) for a in work.authors or []}
    publisher = _text(work, "publisher")
    archive = _text(work, "archive")
    show_publisher = True
    if work.type == "thesis":
        show_publisher = not (archive or work.doi or work.url)
    elif work.type == "paper-conference":
        show_publisher = bool(work.editors)
    elif work.type in PERIODICALS:
        show_publisher = False
    if publisher and show_publisher and publisher not in author_names:
        elements.append([(publisher, ROMAN)])
    if archive and archive != publisher:
        elements.append([(archive, ROMAN)])
    if work.type == "paper-conference" and _unpublished_paper(work):
        event = ", ".join(x for x in (_text(work, "event_title"), _text(work, "event_place")) if x)
        if event:
            elements.append([(event, ROMAN)])
    if work.type in WEB:
        site = (work.container_title or "").strip()
        if site and site not in author_names and site != publisher:
            elements.append(rich_parts(_title_cased(site)))
    return elements


def _periodical_source(work: Work) -> list[Part]:
    journal = _title_cased((work.container_title or "").strip())
    parts: list[Part] = []
    if journal:
        parts += rich_parts(journal, ITALIC)
    volume, issue = (work.volume or "").strip(), (work.issue or "").strip()
    details: list[list[Part]] = []
    if volume:
        details.append([(volume, ITALIC)] + ([(f"({issue})", ROMAN)] if issue else []))
    elif issue:
        details.append([(issue, ITALIC)])
    number = _text(work, "number")
    if number:
        details.append([(f"Article {number}", ROMAN)])
    elif work.pages:
        details.append([(page_range(work.pages), ROMAN)])
    for detail in details:
        if parts:
            parts.append((", ", ROMAN))
        parts += detail
    return parts


def _booklike_source(work: Work, editors_as_authors: bool) -> list[Part]:
    book = (work.container_title or "").strip()
    if not book:
        return []
    parts: list[Part] = [("In ", ROMAN)]
    editors = list(work.editors or [])
    if editors and not editors_as_authors:
        parts.append((f"{editor_list(editors)} ({_editor_role(work)}), ", ROMAN))
    parts += rich_parts(book, ITALIC)
    notes = []
    location = _text(work, "archive_location")
    if location:
        notes.append(location)
    number = _number_label(work) if work.type not in AUDIOVISUAL else ""
    if number:
        notes.append(number)
    notes += _booklike_identifier(work)
    if notes:
        parts.append((f" ({'; '.join(notes)})", ROMAN))
    genre = _text(work, "genre")
    if genre and not _text(work, "number") and work.type in REPORT_LIKE:
        parts.append((f" [{genre[:1].upper() + genre[1:]}]", ROMAN))
    return parts


def _edition(edition: str) -> str:
    """``2`` / ``2nd`` -> ``2nd ed.``; ``Rev.`` -> ``Rev. ed.``; ``Revised edition`` as written."""
    edition = edition.strip()
    numeric = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", edition)
    if numeric:
        return f"{ordinal(numeric.group(1))} ed."
    return edition if edition.lower().endswith(("ed.", "edition")) else f"{edition} ed."


def _merge(parts: Iterable[Part]) -> list[Part]:
    merged: list[Part] = []
    for text, fmt in parts:
        if not text:
            continue
        if merged and merged[-1][1] == fmt:
            merged[-1] = (merged[-1][0] + text, fmt)
        else:
            merged.append((text, fmt))
    return merged


def format_reference_text(work: Work) -> str:
    """The APA 7 reference-list entry as plain text."""
    return "".join(text for text, _ in reference_parts(work)).strip()


_HTML_TAGS = [
    ("i", "<i>", "</i>"),
    ("b", "<b>", "</b>"),
    ("sup", "<sup>", "</sup>"),
    ("sub", "<sub>", "</sub>"),
]


def rich_html(text: str) -> str:
    """A title's CSL rich text as safe HTML (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small caps)."""
    return "".join(_part_html(part, fmt) for part, fmt in rich_parts(text or ""))


def _part_html(text: str, fmt: frozenset) -> str:
    html = escape(text)
    for flag, opening, closing in _HTML_TAGS:
        if flag in fmt:
            html = f"{opening}{html}{closing}"
    return f'<span class="small-caps">{html}</span>' if "sc" in fmt else html


def format_reference_html(work: Work) -> str:
    """The APA 7 entry as HTML: ``<i>`` for italics, the DOI (or URL) as a link."""
    link = _link(work)
    out = []
    for text, fmt in reference_parts(work):
        html = escape(text)
        if link and not fmt and text.endswith(link):
            escaped_link = escape(link)
            html = html[: -len(escaped_link)] + f'<a href="{escaped_link}" rel="noopener">{escaped_link}</a>'
            out.append(html)
            continue
        out.append(_part_html(text, fmt))
    return "".join(out).strip()


# --- in-text citations --------------------------------------------------------------------
def _cited_names(work: Work) -> list[Name]:
    """Who a work is cited by: its authors, else its editors (not for an unsigned entry)."""
    if work.authors:
        return list(work.authors)
    return [] if work.type in ENTRIES else list(work.editors or [])


def in_text_authors(work: Work, narrative: bool = False) -> str:
    """``Coan``, ``Coan & Sbarra`` (``Coan and Sbarra`` in prose), ``Cacioppo et al.``."""
    names = _cited_names(work)
    if not names:
        title = plain_text(work.title or "").strip()
        short = " ".join(title.split()[:4]).rstrip(".:,;")
        if len(title.split()) > 4:
            short += "…"
        return f"<<{short}>>" if _title_is_italic(work) else f"“{short}”"
    families = [family_or_literal(n) for n in names]
    joiner = " and " if narrative else " & "
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]}{joiner}{families[1]}"
    shown = getattr(work, "in_text_names", 1) or 1
    if shown >= len(families):  # only the full list tells this work apart
        return ", ".join(families[:-1]) + f",{joiner}{families[-1]}"
    return ", ".join(families[:shown]) + (", et al." if shown > 1 else " et al.")


@dataclass(frozen=True)
class CiteItem:
    """One work inside an in-text citation."""

    key: str
    prefix: str = ""
    locator: str = ""
    suffix: str = ""
    suppress_author: bool = False


# Locator labels as written (pandoc's terms) -> APA's label for one and for several.
_LOCATOR_TERMS = {
    ("p", "p.", "pp", "pp.", "page", "pages", "pg", "pg."): ("p.", "pp."),
    ("para", "para.", "paras", "paras.", "paragraph", "paragraphs", "¶", "¶¶"): ("para.", "paras."),
    ("chap", "chap.", "ch", "ch.", "chapter", "chapters"): ("Chapter", "Chapters"),
    ("sec", "sec.", "section", "sections", "§", "§§"): ("Section", "Sections"),
    ("fig", "fig.", "figure", "figures"): ("Figure", "Figures"),
    ("tab", "tab.", "table", "tables"): ("Table", "Tables"),
    ("l", "l.", "line", "lines", "ll."): ("Line", "Lines"),
    ("n", "n.", "note", "notes", "nn."): ("Note", "Notes"),
    ("vol", "vol.", "volume", "volumes", "vols."): ("Volume", "Volumes"),
    ("app", "app.", "appendix", "appendices"): ("Appendix", "Appendices"),
    ("pt", "pt.", "part", "parts"): ("Part", "Parts"),
    ("col", "col.", "column", "columns"): ("Column", "Columns"),
    ("v", "v.", "verse", "verses", "vv."): ("Verse", "Verses"),
    ("bk", "bk.", "book", "books"): ("Book", "Books"),
}
_LOCATOR_LABELS = {term: labels for terms, labels in _LOCATOR_TERMS.items() for term in terms}
_LOCATOR = re.compile(r"^(?P<term>[^\W\d_]+\.?|¶¶?|§§?)\s*(?P<value>\S.*)$")


def _locator(locator: str) -> str:
    """APA 8.13: ``12`` -> ``p. 12``; ``12-14`` -> ``pp. 12–14``; ``chap. 3`` -> ``Chapter 3``."""
    locator = (locator or "").strip()
    if not locator:
        return ""
    labels = ("p.", "pp.")
    value = locator
    match = _LOCATOR.match(locator)
    if match and match.group("term").lower() in _LOCATOR_LABELS:
        labels = _LOCATOR_LABELS[match.group("term").lower()]
        value = match.group("value").strip()
    elif not re.match(r"^[A-Za-z]?\d", locator):
        return locator  # written out already, e.g. "Table 2, note a"
    several = bool(re.search(r"\d\s*(?:-+|–|—|,|&|and)\s*[A-Za-z]?\d", value))
    value = page_range(value)
    return f"{labels[1] if several else labels[0]} {value}"


def _title_markup(author_text: str, html: bool) -> str:
    """Titles used in place of authors: books etc. in italics, others in quotes."""
    if author_text.startswith("<<") and author_text.endswith(">>"):
        inner = author_text[2:-2]
        return f"<i>{escape(inner)}</i>" if html else inner
    return escape(author_text) if html else author_text


def parenthetical(items: list[tuple[CiteItem, Work]], html: bool = False, link=None) -> str:
    """``(Coan & Sbarra, 2015a, 2015b; see Coan et al., 2006, p. 1034)``, APA-ordered.

    ``items`` are in the order written; works are sorted as in the reference list. A
    prefix on the first item stays in front. ``link(key, text)`` wraps each work (HTML).
    """
    lead = items[0][0].prefix if items else ""
    ordered = sorted(enumerate(items), key=lambda pair: (reference_order(pair[1][1]), pair[0]))
    chunks: list[str] = []
    previous_authors = None
    for _, (item, work) in ordered:
        authors = "" if item.suppress_author else in_text_authors(work)
        prefix = item.prefix if item.prefix and item.prefix != lead else ""
        when = in_text_year(work)
        extra = ", ".join(x for x in (_locator(item.locator), item.suffix.strip()) if x)
        merge = (
            previous_authors is not None and authors and authors == previous_authors and not prefix and chunks
        )
        if merge:
            text = f"{when}" + (f", {extra}" if extra else "")
            chunks[-1] = chunks[-1] + ", " + _wrap(text, item.key, html, link)
        else:
            author_text = _title_markup(authors, html) if authors else ""
            # A quoted title takes the comma inside its closing quote: (“Allostasis,” n.d.).
            lead_in = f"{author_text[:-1]},”" if author_text.endswith("”") else f"{author_text},"
            body = (f"{lead_in} " if authors else "") + (escape(when) if html else when)
            if extra:
                body += f", {escape(extra) if html else extra}"
            chunk = _wrap(body, item.key, html, link, escaped=True)
            if prefix:
                chunk = f"{escape(prefix) if html else prefix} {chunk}"
            chunks.append(chunk)
        previous_authors = authors if not extra else None
    inner = "; ".join(chunks)
    if lead:
        inner = f"{escape(lead) if html else lead} {inner}"
    return f"({inner})"


def narrative(item: CiteItem, work: Work, html: bool = False, link=None) -> str:
    """``Coan and Sbarra (2015)``; with a locator ``Coan et al. (2006, p. 1034)``."""
    authors = in_text_authors(work, narrative=True)
    extra = ", ".join(x for x in (_locator(item.locator), item.suffix.strip()) if x)
    when = in_text_year(work) + (f", {extra}" if extra else "")
    if html:
        text = f"{_title_markup(authors, True)} ({escape(when)})"
        return _wrap(text, item.key, True, link, escaped=True)
    return f"{_title_markup(authors, False)} ({when})"


def _wrap(text: str, key: str, html: bool, link, escaped: bool = False) -> str:
    if not html:
        return text
    if not escaped:
        text = escape(text)
    return link(key, text) if link else text


_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def reference_order(work: Work) -> tuple:
    """APA 7 reference-list order, independent of database collations.

    First author's surname (or, without authors, the title minus a leading article), then
    initials; a one-author work before multi-author works starting with the same name
    (a shorter tuple sorts first); then the other authors; then year (“n.d.” first), the
    a/b suffix and the title.
    """
    from .names import fold, initials

    names = _cited_names(work)
    title = fold(_LEADING_ARTICLE.sub("", plain_text(work.title or "").strip()))
    if names:
        keys = [(fold(family_or_literal(n)), fold(initials(n.get("given", "")))) for n in names]
        head, rest = keys[0], tuple(keys[1:])
    else:
        head, rest = (title, ""), ()
    # APA 9.46–9.47: undated works (n.d.) first, then by year, then works in press.
    status = (getattr(work, "status", "") or "").strip()
    date_group = 1 if work.year else (2 if status else 0)
    return (
        head,
        rest,
        date_group,
        work.year or 0,
        getattr(work, "year_suffix", "") or "",
        title,
        getattr(work, "pk", 0) or 0,
    )


def sort_references(works: Iterable) -> list:
    """The works in APA reference-list order."""
    return sorted(works, key=reference_order)


def _suffix_letters(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def list_year_suffixes(works: Iterable) -> list[str]:
    """APA 9.47 within one reference list: ``a``, ``b`` … for works by the same authors in the
    same year (ordered by title, a leading article ignored), ``""`` for the others. In order of
    ``works``.
    """
    from .names import fold, group_key

    works = list(works)
    groups: dict[tuple, list[int]] = {}
    for index, work in enumerate(works):
        names = _cited_names(work)
        who = group_key(names) if names else "title:" + fold(plain_text(work.title or ""))
        undated = "" if work.year else (getattr(work, "status", "") or "").strip().lower()
        groups.setdefault((who, work.year or 0, undated), []).append(index)
    suffixes = [""] * len(works)
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(
            key=lambda i: (
                fold(_LEADING_ARTICLE.sub("", plain_text(works[i].title or "").strip())),
                getattr(works[i], "pk", 0) or 0,
            )
        )
        for position, index in enumerate(members):
            suffixes[index] = _suffix_letters(position)
    return suffixes


def with_list_suffixes(works: Iterable) -> list:
    """Copies of the works carrying their year suffixes for this list, in APA order.

    The works themselves are left as they are (their stored suffix is the library's).
    """
    works = list(works)
    out = []
    for work, suffix in zip(works, list_year_suffixes(works), strict=True):
        if (work.year_suffix or "") != suffix:
            work = copy.copy(work)
            work.year_suffix = suffix
        out.append(work)
    return sort_references(out)
