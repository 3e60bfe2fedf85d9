"""APA 7 formatting: reference-list entries (HTML and plain text) and in-text citations.

Entries are built from parts, each part a (text, italic) pair, so that the HTML and the
plain text always say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
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


Part = tuple[str, bool]  # (text, italic)


# --- small pieces ---------------------------------------------------------------------
def page_range(pages: str) -> str:
    """``1032-1039`` -> ``1032–1039`` (en dash); anything else as stored."""
    match = _RANGE.match(pages or "")
    if match:
        return f"{match.group(1)}–{match.group(2)}"
    return (pages or "").strip()


def ordinal(number: str) -> str:
    number = (number or "").strip()
    if not number.isdigit():
        return number
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def year_label(work: Work) -> str:
    if work.year:
        return f"{work.year}{work.year_suffix or ''}"
    return f"n.d.-{work.year_suffix}" if work.year_suffix else "n.d."


def _terminate(text: str) -> str:
    """End an element with a period unless it already ends a sentence."""
    text = text.rstrip()
    return text if _ENDS_SENTENCE.search(text) else f"{text}."


def author_list(names: list[Name]) -> str:
    """APA reference-list authors: ``&`` before the last; 21 or more: 19, ``. . .``, the last."""
    formatted = [reference_name(n) for n in names]
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


def _date(work: Work) -> str:
    label = year_label(work)
    if work.year and work.month and work.type == "webpage":
        label += f", {MONTHS[work.month - 1]}"
        if work.day:
            label += f" {work.day}"
    return f"({label})."


def _link(work: Work) -> str:
    """The DOI as https://doi.org/..., else the URL if it is a web address (never ``javascript:``)."""
    if work.doi:
        return doi_url(work.doi)
    url = (work.url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


# --- reference-list entries -------------------------------------------------------------
def reference_parts(work: Work) -> list[Part]:
    """The entry as (text, italic) parts; joined by ``format_reference_text``/``_html``."""
    parts: list[Part] = []
    authors = list(work.authors or [])
    editors = list(work.editors or [])
    title = (work.title or "").strip()
    italic_title = work.type in {"book", "report", "webpage"}
    edited_book = work.type == "book" and not authors and editors

    # Author element (editors stand in for a book without authors; the title when nobody).
    title_in_author_position = False
    if authors:
        parts.append((_terminate(author_list(authors)), False))
    elif edited_book:
        label = "(Ed.)" if len(editors) == 1 else "(Eds.)"
        parts.append((f"{author_list(editors)} {label}.", False))
    else:
        title_in_author_position = True
        parts.extend(_title_parts(work, title, italic_title))
    parts.append((" " + _date(work), False))

    if not title_in_author_position:
        parts.append((" ", False))
        parts.extend(_title_parts(work, title, italic_title))

    # Source element.
    if work.type == "article-journal":
        parts.extend(_journal_source(work))
    elif work.type == "chapter":
        parts.extend(_chapter_source(work, editors))
    elif work.type == "webpage":
        site = (work.container_title or "").strip()
        if site and site not in {family_or_literal(a) for a in authors}:
            parts.append((" " + _terminate(site), False))
    if work.type != "webpage" or work.publisher:
        publisher = (work.publisher or "").strip()
        author_names = {family_or_literal(a) for a in authors}
        if publisher and work.type != "article-journal" and publisher not in author_names:
            parts.append((" " + _terminate(publisher), False))

    link = _link(work)
    if link:
        if work.accessed and not work.doi:
            accessed = work.accessed
            parts.append(
                (
                    f" Retrieved {MONTHS[accessed.month - 1]} {accessed.day}, {accessed.year}, from {link}",
                    False,
                )
            )
        else:
            parts.append((f" {link}", False))
    return _merge(parts)


def _title_parts(work: Work, title: str, italic: bool) -> list[Part]:
    notes = []
    if work.type == "book" and work.edition:
        notes.append(_edition(work.edition))
    if work.type == "report" and work.number:
        number = work.number.strip()
        notes.append(number if re.search(r"[A-Za-z]", number) else f"Report No. {number}")
    if not title:
        title = "[Untitled]"
    if notes:
        return [(title.rstrip("."), italic), (f" ({', '.join(notes)}).", False)]
    if italic:
        terminated = _terminate(title)
        return [(terminated[:-1], True), (".", False)] if terminated != title else [(title, True)]
    return [(_terminate(title), False)]


def _edition(edition: str) -> str:
    edition = edition.strip()
    if edition.isdigit():
        return f"{ordinal(edition)} ed."
    return edition if edition.lower().endswith("ed.") else f"{edition} ed."


def _journal_source(work: Work) -> list[Part]:
    journal = (work.container_title or "").strip()
    if not journal:
        return []
    parts: list[Part] = [(" ", False), (journal, True)]
    if work.volume:
        parts += [(", ", False), (work.volume.strip(), True)]
        if work.issue:
            parts.append((f"({work.issue.strip()})", False))
    elif work.issue:
        parts.append((f", ({work.issue.strip()})", False))
    if work.pages:
        parts.append((f", {page_range(work.pages)}", False))
    parts.append((".", False))
    return parts


def _chapter_source(work: Work, editors: list[Name]) -> list[Part]:
    book = (work.container_title or "").strip()
    parts: list[Part] = [(" In ", False)]
    if editors:
        label = "(Ed.)" if len(editors) == 1 else "(Eds.)"
        parts.append((f"{editor_list(editors)} {label}, ", False))
    if book:
        parts.append((book, True))
    notes = []
    if work.edition:
        notes.append(_edition(work.edition))
    if work.pages:
        pages = page_range(work.pages)
        notes.append(f"pp. {pages}" if "–" in pages else f"p. {pages}")
    if notes:
        parts.append((f" ({', '.join(notes)}).", False))
    else:
        parts.append((".", False))
    return parts


def _merge(parts: Iterable[Part]) -> list[Part]:
    merged: list[Part] = []
    for text, italic in parts:
        if not text:
            continue
        if merged and merged[-1][1] == italic:
            merged[-1] = (merged[-1][0] + text, italic)
        else:
            merged.append((text, italic))
    return merged


def format_reference_text(work: Work) -> str:
    """The APA 7 reference-list entry as plain text."""
    return "".join(text for text, _ in reference_parts(work)).strip()


def format_reference_html(work: Work) -> str:
    """The APA 7 entry as HTML: ``<i>`` for italics, the DOI (or URL) as a link."""
    link = _link(work)
    out = []
    for text, italic in reference_parts(work):
        html = escape(text)
        if link and not italic and text.endswith(link):
            escaped_link = escape(link)
            html = html[: -len(escaped_link)] + f'<a href="{escaped_link}" rel="noopener">{escaped_link}</a>'
        out.append(f"<i>{html}</i>" if italic else html)
    return "".join(out).strip()


# --- in-text citations --------------------------------------------------------------------
def in_text_authors(work: Work, narrative: bool = False) -> str:
    """``Coan``, ``Coan & Sbarra`` (``Coan and Sbarra`` in prose), ``Cacioppo et al.``."""
    names = list(work.authors or [])
    if not names and work.type == "book" and work.editors:
        names = list(work.editors)
    if not names:
        title = (work.title or "").strip()
        short = " ".join(title.split()[:4]).rstrip(".:,;")
        if len(title.split()) > 4:
            short += "…"
        return f"<<{short}>>" if work.type in {"book", "report", "webpage"} else f"“{short}”"
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


def _locator(locator: str) -> str:
    locator = (locator or "").strip()
    if not locator:
        return ""
    if re.match(r"^\d+$", locator):
        return f"p. {locator}"
    if _RANGE.match(locator):
        return f"pp. {page_range(locator)}"
    match = re.match(r"^(pp?\.)\s*(.+)$", locator)
    if match:
        return f"{match.group(1)} {page_range(match.group(2))}"
    return locator


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
        when = year_label(work)
        extra = ", ".join(x for x in (_locator(item.locator), item.suffix.strip()) if x)
        merge = (
            previous_authors is not None and authors and authors == previous_authors and not prefix and chunks
        )
        if merge:
            text = f"{when}" + (f", {extra}" if extra else "")
            chunks[-1] = chunks[-1] + ", " + _wrap(text, item.key, html, link)
        else:
            author_text = _title_markup(authors, html) if authors else ""
            body = (f"{author_text}, " if authors else "") + (escape(when) if html else when)
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
    when = year_label(work) + (f", {extra}" if extra else "")
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

    names = list(work.authors or []) or (list(work.editors or []) if work.type == "book" else [])
    title = fold(_LEADING_ARTICLE.sub("", (work.title or "").strip()))
    if names:
        keys = [(fold(family_or_literal(n)), fold(initials(n.get("given", "")))) for n in names]
        head, rest = keys[0], tuple(keys[1:])
    else:
        head, rest = (title, ""), ()
    return (
        head,
        rest,
        work.year or 0,
        getattr(work, "year_suffix", "") or "",
        title,
        getattr(work, "pk", 0) or 0,
    )


def sort_references(works: Iterable) -> list:
    """The works in APA reference-list order."""
    return sorted(works, key=reference_order)
