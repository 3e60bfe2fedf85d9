"""Plain-text page exports (a rendered page copied as text) -> ``Document``.

The shape of such a file: the title on the first line, maybe a subtitle and a byline,
then one paragraph per line. Section headings are short lines without closing
punctuation, lists are runs of short lines, tables are pipe tables, and a sidebar
(key takeaways, a table of contents, a disclaimer) may come before the body.

The recogniser walks the lines once. A line that opens a special section (see
``sections.py``) hands over to that section's reader, which consumes lines until the
section ends; everything else is body text, turned into Markdown by ``blocks.py``.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from django.utils import timezone
from django.utils.text import slugify

from . import blocks as blockmod
from . import lines as shape
from .document import AuthorInfo, Document, FAQItem, ImportProblem, ReferenceItem
from .lines import Line
from .people import authors_from_text
from .sections import (
    BYLINE,
    GENERIC_FIRST_HEADINGS,
    disclaimer_text,
    is_chrome,
    is_cta_line,
    is_cta_sentence,
    is_meta,
    pillar_line,
    pillar_mention,
    special_heading,
)

# Sections a page may show beside its body, so a copied export can start with them.
SIDEBAR_KINDS = {"disclaimer", "references", "takeaways", "summary", "toc", "about", "related", "faq"}

_MARKED_HEADING = re.compile(r"^(#{1,6})\s+(\S.*?)\s*#*$")
_YEAR = re.compile(r"\((?:\d{4}[a-z]?|n\.\s?d\.)(?:,[^)]*)?\)|\b(?:19|20)\d{2}[a-z]?\b")
_REF_MARKER = re.compile(r"^(?:\[\d{1,3}\]|\d{1,3}[.)])\s+")
_QUESTION_PREFIX = re.compile(r"^(?:q(?:uestion)?\s*\d*\s*[:.)-]\s*)", re.I)
_ANSWER_PREFIX = re.compile(r"^(?:a(?:nswer)?\s*[:.)-]\s+)", re.I)
_CREDENTIALS = re.compile(r"^(?:[A-Z][A-Za-z.]{0,9}\.?(?:\s*\([^)]*\))?)(?:\s*,\s*[A-Z][A-Za-z.]{0,9})*$")
_DATE_WORDS = re.compile(r"(\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})")
_NAME_LINE = re.compile(
    r"^(?P<honorific>(?:Dr|Prof|Professor)\.?\s+)?[A-Z][a-zA-Z'’-]+(?:\s+[A-Z]\.)*(?:\s+[A-Z][a-zA-Z'’-]+){1,3}"
    r"(?P<credentials>,\s*[A-Z][A-Za-z.]{1,9}(?:,\s*[A-Z][A-Za-z.]{1,9})*)?$"
)
_NOT_NAME_WORDS = {
    "facts", "fact", "quick", "glance", "details", "info", "information", "summary", "contents", "overview",
    "article", "page", "reading", "key", "points", "about", "the", "this", "our", "your", "guide", "notes",
}  # fmt: skip
# "Medically reviewed by Dr. Ana Ruiz, MD on 3 March 2026", "Last reviewed 3 March 2026".
_REVIEW = re.compile(
    r"^(?:medically\s+|clinically\s+|last\s+)?reviewed(?:\s+by\s+(?P<name>.+?))?(?:\s+(?:on\s+)?(?=\d|[A-Z][a-z]+\s+\d).*)?$",
    re.I,
)
_BIO_CREDENTIALS = re.compile(
    r"^[^,]{3,80},\s*(?P<credentials>[A-Z][A-Za-z.]{1,9}(?:\s*,\s*[A-Z][A-Za-z.]{1,9})*)\s*,\s+(?:is|was|has|leads|works|"
    r"helps|advises|founded|runs|directs|teaches|studies|specialises|specializes)\b"
)
# Sentences that place a hub (not an article) in its pillar.
_HUB_PLACEMENT = re.compile(
    r"^(?:this\s+is|this\s+hub|this\s+page|the\s+work\s+(?:here|on\s+this\s+page)|everything\s+(?:here|on\s+this\s+page))\b",
    re.I,
)
_HONORIFIC = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms|mx)\.?\s+", re.I)


def read_lines(text: str) -> list[Line]:
    """Non-empty lines with their numbers; tabs between cells become pipe tables."""
    found: list[Line] = []
    blank = False
    for number, raw in enumerate(text.split("\n"), start=1):
        cleaned = shape.clean(raw)
        if not cleaned:
            blank = True
            continue
        if "\t" in cleaned and not cleaned.startswith("|"):
            cells = [cell.strip() for cell in cleaned.split("\t")]
            if len(cells) >= 2 and all(len(cell) <= 80 for cell in cells):
                cleaned = "| " + " | ".join(cells) + " |"
            else:
                cleaned = re.sub(r"\s+", " ", cleaned)
        marked = _MARKED_HEADING.match(cleaned)
        if marked and (shape.is_heading_like(marked.group(2)) or shape.is_question_heading(marked.group(2))):
            # "## Why It Works": the export kept its heading marks
            found.append(
                Line(number, marked.group(2).strip(), blank_before=blank, marked=len(marked.group(1)))
            )
        else:
            found.append(Line(number, cleaned, blank_before=blank))
        blank = False
    return found


def parse(text: str, path: str) -> Document:
    """Recognise a plain-text page export."""
    return _Reader(read_lines(text), path).read()


class _Reader:
    def __init__(self, lines: list[Line], path: str) -> None:
        self.lines = lines
        self.doc = Document(path=path, source_format="plaintext")
        self.body: list[Line | None] = []
        self._special: dict[int, object] = {}
        self.is_hub = any(
            getattr(special_heading(line.text), "kind", "") == "hub_articles" for line in lines
        ) or any(_placement_line(line.text) for line in lines)
        self.sidebar = False
        self.cta_pending: list[Line] = []  # invitations to book, waiting for their button

    # --- helpers -------------------------------------------------------------------
    def text(self, index: int) -> str:
        return self.lines[index].text if 0 <= index < len(self.lines) else ""

    def special(self, index: int):
        if index >= len(self.lines):
            return None
        if index not in self._special:
            self._special[index] = special_heading(self.text(index), is_hub=self.is_hub)
        return self._special[index]

    def opens_section(self, index: int) -> bool:
        """A heading-like line followed by running text: the start of an ordinary section."""
        if index >= len(self.lines) or not shape.is_heading_like(self.text(index)):
            return False
        following = self.text(index + 1)
        if not following:
            return True
        if shape.is_paragraph(following) or shape.is_table_row(following):
            return True
        return shape.is_heading_like(following) and shape.is_paragraph(self.text(index + 2))

    def stops_everything(self, index: int) -> bool:
        """Lines that end any special section: another special heading, the pillar line."""
        text = self.text(index)
        if self.special(index) is not None or pillar_line(text) is not None or self.placement(index):
            return True
        return self.sidebar and self.looks_like_title(index, strict=True)

    def placement(self, index: int) -> bool:
        """A sentence placing the page in its pillar ("This is Pillar 2 content — …")."""
        mention = pillar_mention(self.text(index)) if index < len(self.lines) else None
        return mention is not None and mention.placement

    def looks_like_title(self, index: int, *, strict: bool = False) -> bool:
        """After sidebars: the page's main heading, recognised by what follows it (byline, subtitle, text)."""
        text = self.text(index)
        if index >= len(self.lines) or self.special(index) is not None or not shape.is_heading_like(text):
            return False
        if is_meta(text) or is_cta_line(text) or is_chrome(text) or _is_breadcrumb(text):
            return False
        following = self.text(index + 1)
        if is_meta(following) or self.is_name_line(index + 1):
            return True
        if strict:  # a byline under it, or under its subtitle
            return len(following) <= 250 and not shape.has_bullet(following) and is_meta(self.text(index + 2))
        return self.opens_section(index)

    def note(self, index: int | Line, message: str) -> None:
        number = index.number if isinstance(index, Line) else self.lines[index].number
        self.doc.note(number, message)

    # --- the walk -------------------------------------------------------------------
    def read(self) -> Document:
        doc = self.doc
        if not self.lines:
            raise ImportProblem("the file has no text")
        index = self.header()
        while index < len(self.lines):
            heading = self.special(index)
            if heading is not None:
                reader = getattr(self, f"section_{heading.kind}")
                index = reader(index + 1, heading)
                self.body.append(None)
                continue
            if self.inline(index):
                if self.body and self.body[-1] is not None:
                    self.body.append(None)  # what was taken out separates what is around it
                index += 1
                continue
            self.body.append(self.lines[index])
            index += 1
        doc.kind = "hub" if self.is_hub else "article"
        self.finish()
        return doc

    def header(self) -> int:
        """Chrome, eyebrow lines and sidebars, the title, an optional subtitle and the byline."""
        index = 0
        self.sidebar = True  # section readers stop at the page's main heading while this holds
        while index < len(self.lines) - 1:
            text = self.text(index)
            pillar = pillar_line(text)
            heading = self.special(index)
            if pillar:
                self.set_pillar(pillar, index)
            elif _is_breadcrumb(text):
                self.doc.extra["breadcrumb"] = _crumbs(text)
            elif heading is not None and heading.kind in SIDEBAR_KINDS:
                # The export starts with a sidebar (a disclaimer, references, takeaways, a summary).
                self.doc.extra["sidebar_first"] = True
                index = getattr(self, f"section_{heading.kind}")(index + 1, heading)
                continue
            elif disclaimer_text(text) and not self.looks_like_title(index):
                self.add_disclaimer(disclaimer_text(text))
            elif not is_chrome(text):
                break
            index += 1
        self.sidebar = False
        index = self.title_line(index)
        index = self.eyebrow(index)
        title = self.text(index)
        self.doc.title = re.sub(
            r"\s+[|–—-]\s+MindLAB(?:\s+\w+)?$", "", title.strip().strip("#").strip(), flags=re.I
        )
        self.doc.extra["title_line"] = self.lines[index].number
        index += 1
        # Byline and date lines, a pillar eyebrow, then maybe a subtitle, then more byline.
        subtitle_seen = False
        while index < len(self.lines):
            text = self.text(index)
            if is_meta(text):
                self.meta(index)
            elif pillar_line(text):
                self.set_pillar(pillar_line(text), index)
            elif self.doc.author is None and self.is_name_line(index):
                name, credentials = split_credentials(text)
                self.doc.author = AuthorInfo(
                    name=name, credentials=credentials, line=self.lines[index].number
                )
            elif not subtitle_seen and self.is_subtitle(index):
                self.doc.subtitle = text
                subtitle_seen = True
            else:
                break
            index += 1
        return index

    def eyebrow(self, index: int) -> int:
        """A short line above the title naming the page's hub ("Attention Under Pressure").

        Recognised when it is one of the breadcrumb's crumbs, or when three short lines
        stand above the byline (eyebrow, title, subtitle). An article's eyebrow names its
        hub; a hub's names the hub itself."""
        text = self.text(index)
        crumbs = [shape.normalise(crumb) for crumb in self.doc.extra.get("breadcrumb", [])[:-1]]
        following = self.text(index + 1)
        if not following or not shape.is_heading_like(following) or self.special(index + 1) is not None:
            return index
        short = all(
            line and len(line) <= 250 and not shape.is_paragraph(line) and not is_meta(line)
            for line in (text, following, self.text(index + 2))
        )
        in_crumbs = shape.normalise(text) in crumbs[1:]
        if not in_crumbs and not (
            short and shape.is_heading_like(text) and len(text.split()) <= 8 and is_meta(self.text(index + 3))
        ):
            return index
        if self.is_hub:
            self.name_from(text, index, "the line above the title")
        else:
            self.doc.hub = self.doc.hub or text
            self.note(index, f"'{text[:80]}' above the title read as the name of the article's hub")
        return index + 1

    def title_line(self, index: int) -> int:
        """The index of the title: this line, or (no title line) the first heading further on."""
        text = self.text(index)
        if len(text) <= 200 and not shape.is_table_row(text) and not shape.is_paragraph(text):
            if self.doc.extra.get("sidebar_first"):
                self.note(index, f"the export starts with sidebars; took '{text[:80]}' as the page title")
            return index
        for later in range(index + 1, min(len(self.lines), index + 60)):
            if self.special(later) is None and self.looks_like_title(later):
                self.note(
                    later, f"no title line: took the heading '{self.text(later)[:80]}' as the page title"
                )
                self.body.extend(self.lines[index:later])
                return later
        raise ImportProblem(
            "no title found: the first line should be the page title (at most 200 characters)",
            line=self.lines[index].number,
        )

    def is_name_line(self, index: int) -> bool:
        """A byline without "By": "Dr. Jane Doe", "Jane Doe, PhD", or a name above a date line."""
        match = _NAME_LINE.match(self.text(index))
        if not match or self.special(index) is not None:
            return False
        if match.group("honorific") or match.group("credentials"):
            return True
        words = {word.lower() for word in self.text(index).split()}
        return is_meta(self.text(index + 1)) and not words & _NOT_NAME_WORDS

    def is_subtitle(self, index: int) -> bool:
        text = self.text(index)
        if len(text) > 250 or self.special(index) or disclaimer_text(text) or shape.is_table_row(text):
            return False
        if shape.has_bullet(text) or is_cta_line(text) or is_chrome(text):
            return False
        if shape.normalise(text) in GENERIC_FIRST_HEADINGS or shape.is_paragraph(text):
            return False  # running text (a lead paragraph) is not a subtitle
        if index + 1 >= len(self.lines):
            return False  # the only text of the page is its body
        following = self.text(index + 1)
        if shape.is_heading_like(text) and shape.is_paragraph(following) and len(text.split()) < 8:
            return False  # the first section heading, straight into its text
        return len(text.split()) <= 40

    def inline(self, index: int) -> bool:
        """Single lines that are not body text; True when the line was taken."""
        text = self.text(index)
        pillar = pillar_line(text)
        if pillar:
            self.set_pillar(pillar, index)
            return True
        mention = pillar_mention(text)
        if mention is not None:
            return self.pillar_sentence(index, mention)
        if is_meta(text) and (BYLINE.match(text) or len(text) < 80):
            self.meta(index)
            return True
        if is_cta_line(text) and not shape.is_paragraph(text):
            self.cta_from_button(index)
            return True
        if is_cta_sentence(text):
            self.cta_pending.append(self.lines[index])
            return True
        if is_chrome(text) or _is_breadcrumb(text):
            return True
        disclaimer = disclaimer_text(text)
        if disclaimer:
            self.add_disclaimer(disclaimer)
            return True
        return bool(text.lower().startswith("the articles of this hub are being written"))

    # --- single-line information -------------------------------------------------------
    def pillar_sentence(self, index: int, mention) -> bool:
        """A pillar named in a sentence. The page shows its own placement line, so a sentence
        that only places the page ("This is Pillar 2 content — … — and the work…") leaves the
        body (the rest of its paragraph stays); a pillar named in real prose stays where it is.
        True when the line was taken out whole."""
        if self.is_hub:
            self.set_pillar((mention.number, mention.name), index)
        if not mention.placement:
            if self.is_hub:
                self.note(
                    index, f"pillar {mention.number} — {mention.name} taken from a sentence of the text"
                )
            return False
        rest = mention.rest(self.text(index))
        self.note(
            index,
            f"pillar {mention.number} — {mention.name} taken from the sentence '{mention.sentence[:100]}', "
            "left out of the body (the page shows its own pillar line)",
        )
        if rest:
            self.body.append(Line(self.lines[index].number, rest))
        return True

    def set_pillar(self, pillar: tuple[int, str], index: int) -> None:
        number, name = pillar
        if self.doc.pillar and self.doc.pillar.get("number") != number:
            self.note(
                index,
                f"the page names two pillars ({self.doc.pillar['number']} and {number}); kept the first",
            )
            return
        self.doc.pillar = {"number": number, "name": name}
        self.doc.pillar_line = self.lines[index].number

    def meta(self, index: int) -> None:
        text = self.text(index)
        number = self.lines[index].number
        for part in re.split(r"\s+[·|•]\s+|\s{2,}", text):
            part = part.strip()
            byline = BYLINE.match(part)
            if byline and self.doc.author is None:
                people = authors_from_text(byline.group("rest"), number)
                if len(people) > 1 and not all(_NAME_LINE.match(person.name) for person in people):
                    # "Jane Doe and the editorial team": one person, and words that name nobody.
                    kept = [person for person in people if _NAME_LINE.match(person.name)] or people[:1]
                    left = ", ".join(person.name for person in people if person not in kept)
                    self.doc.note(number, f"the byline's '{left}' names no person; not an author")
                    people = kept
                if people:
                    self.doc.author, self.doc.coauthors = people[0], people[1:]
                    if people[1:]:
                        names = ", ".join(person.name for person in people)
                        self.doc.note(number, f"the byline names several authors: {names}")
                continue
            lowered = part.lower()
            review = _REVIEW.match(part)
            if review:
                name = review.group("name")
                if name and self.doc.reviewer is None:
                    name = _DATE_WORDS.split(name)[0]
                    name = re.sub(r"\s+on\s*$", "", name).strip(" ,")
                    found, credentials = split_credentials(name)
                    self.doc.reviewer = AuthorInfo(name=found, credentials=credentials, line=number)
                self.doc.reviewed = self.doc.reviewed or _date(part)
            elif lowered.startswith(("published", "posted", "date")):
                self.doc.published = self.doc.published or _date(part)
            elif lowered.startswith(("updated", "last updated")):
                self.doc.updated = _date(part)

    def add_disclaimer(self, text: str) -> None:
        text = text.strip()
        if text and text not in self.doc.disclaimer:
            self.doc.disclaimer = f"{self.doc.disclaimer}\n\n{text}".strip()

    # --- special sections: each returns the index of the first line it did not take -------
    def section_references(self, index: int, heading) -> int:
        intro_done = False
        while index < len(self.lines):
            text = self.text(index)
            if self.stops_everything(index) or disclaimer_text(text) or is_cta_line(text):
                break
            entry = _REF_MARKER.sub("", shape.strip_bullet(text)).strip()
            if self.doc.references and re.match(
                r"^(?:https?://\S+|doi:\s*\S+|10\.\d{4,9}/\S+)$", entry, re.I
            ):
                self.doc.references[-1].text += " " + entry  # the DOI of the entry above, on its own line
            elif _looks_like_reference(entry):
                self.doc.references.append(ReferenceItem(entry, self.lines[index].number))
            elif shape.is_heading_like(text):
                break
            elif not self.doc.references and not intro_done:
                intro_done = True  # "The studies cited in this article:" and the like
            else:
                self.note(
                    index, f"line in the references section does not look like a reference: '{text[:80]}'"
                )
            index += 1
        return index

    def section_takeaways(self, index: int, heading) -> int:
        items: list[str] = []
        bulleted: bool | None = None
        if self.is_hub:
            self.note(index - 1, "hubs have no takeaways box; the key takeaways stay in the intro as a list")
            self.body.append(None)
            self.body.append(Line(self.lines[index - 1].number, "Key takeaways:"))
        while index < len(self.lines):
            text = self.text(index)
            if self.stops_everything(index) or is_meta(text) or is_cta_line(text) or disclaimer_text(text):
                break
            if bulleted and not shape.has_bullet(text):
                break
            if items and not shape.has_bullet(text) and shape.is_heading_like(text):
                punctuated = sum(1 for item in items if shape.ends_with_punctuation(item))
                if punctuated * 2 > len(items):
                    break  # a line without a full stop after statements that have one: a heading
                titled = all(shape.is_title_case(item) for item in items)
                if self.opens_section(index) and shape.is_title_case(text) and not titled:
                    break
            longest = max((len(item) for item in items), default=0)
            if items and shape.is_paragraph(text):
                if not any(shape.is_paragraph(item) for item in items):
                    break  # running text after short statements: the body has begun
                if len(text) > 280 or len(text) > 1.8 * longest:
                    break
            if not items and shape.is_paragraph(text) and len(text) > 280:
                break
            if bulleted is None:
                bulleted = shape.has_bullet(text)
            items.append(shape.strip_bullet(text))
            if self.is_hub:
                self.body.append(Line(self.lines[index].number, "- " + shape.strip_bullet(text)))
            index += 1
        if not self.is_hub:
            self.doc.takeaways.extend(items)
            self.doc.extra.setdefault("takeaway_lines", []).append(self.lines[index - 1].number)
        return index

    def section_faq(self, index: int, heading) -> int:
        self.name_from(heading.name, index - 1, "the FAQ heading")
        question: Line | None = None
        answer: list[Line] = []

        def flush() -> None:
            if question is None:
                return
            text = _QUESTION_PREFIX.sub("", question.text).strip()
            if not answer:
                self.note(question, f"FAQ question without an answer was left out: '{text[:80]}'")
                return
            lines = [Line(line.number, _ANSWER_PREFIX.sub("", line.text)) for line in answer]
            markdown = blockmod.to_markdown(blockmod.build(lines, self.doc.note, allow_headings=False))
            self.doc.faqs.append(FAQItem(text, markdown, question.number))

        while index < len(self.lines):
            text = self.text(index)
            special = self.special(index)
            if special is not None and special.kind == "faq":
                self.name_from(special.name, index, "the FAQ heading")
                index += 1
                continue
            if special is not None or pillar_line(text) or is_cta_line(text):
                break
            if disclaimer_text(text) and question is not None and answer:
                break
            if _is_question(text):
                flush()
                question, answer = self.lines[index], []
            elif question is None:
                self.note(index, f"text before the first question of the FAQ kept in the body: '{text[:60]}'")
                self.body.append(self.lines[index])
            elif shape.is_heading_like(text) and answer and not self.question_ahead(index):
                break
            else:
                answer.append(self.lines[index])
            index += 1
        flush()
        return index

    def question_ahead(self, index: int) -> bool:
        for later in range(index + 1, len(self.lines)):
            if self.stops_everything(later):
                return False
            if _is_question(self.text(later)):
                return True
        return False

    def section_disclaimer(self, index: int, heading) -> int:
        taken = 0
        while index < len(self.lines) and taken < 4:
            text = self.text(index)
            if self.stops_everything(index) or self.opens_section(index) or is_cta_line(text):
                break
            if taken and shape.is_heading_like(text):
                break
            self.add_disclaimer(disclaimer_text(text) or text)
            taken += 1
            index += 1
        return index

    def section_cta(self, index: int, heading) -> int:
        """A call-to-action section: its heading, a few lines of text, maybe a button label."""
        start = index - 1
        if is_cta_line(self.text(start)) and (
            index >= len(self.lines)
            or self.stops_everything(index)
            or disclaimer_text(self.text(index))
            or self.opens_section(index)
        ):
            self.cta_from_button(start)  # a button label after the text it belongs to
            return index
        paragraphs = 0
        texts: list[Line] = []
        button: Line | None = None
        while index < len(self.lines):
            text = self.text(index)
            if is_cta_line(text) and not shape.is_paragraph(text):
                button = self.lines[index]
                index += 1
                break  # the button ends the block
            if self.stops_everything(index) or disclaimer_text(text):
                break
            if is_chrome(text):
                index += 1
                continue
            if self.opens_section(index):
                break
            running = shape.is_paragraph(text)
            if running and (paragraphs >= 2 or (paragraphs and _YEAR.search(text) and "(" in text)):
                break  # more running text than a call to action has: the body goes on
            paragraphs += running
            texts.append(self.lines[index])
            index += 1
        self.take_cta(self.lines[start], texts, button)
        return index

    def cta_from_button(self, index: int) -> None:
        """A button label ("Book a call"): the heading and lines just above it are its call to action.

        Walks back over the body lines read since the last removed section: up to three
        lines of text and the heading above them. Without such a heading only the button
        (and any invitation sentences seen) is the call to action; the body keeps its text.
        """
        taken: list[Line] = []
        heading: Line | None = None
        position = len(self.body)
        while position > 0 and len(taken) < 3:
            line = self.body[position - 1]
            if line is None:
                break
            if shape.is_heading_like(line.text) and not shape.is_paragraph(line.text):
                heading = line
                position -= 1
                break
            taken.insert(0, line)
            position -= 1
        if heading is None:
            self.take_cta(None, list(self.cta_pending), self.lines[index])
            return
        del self.body[position:]
        self.take_cta(heading, [*self.cta_pending, *taken], self.lines[index])

    def take_cta(self, heading: Line | None, texts: list[Line], button: Line | None) -> None:
        """Store the page's own call to action (the first one; a repeat of it is dropped)."""
        self.cta_pending = []
        doc = self.doc
        title = heading.text.strip().rstrip(":").strip() if heading else ""
        label = button.text.strip().rstrip("→>»›").strip() if button else ""
        markdown = (
            blockmod.to_markdown(blockmod.build(texts, doc.note, allow_headings=False)) if texts else ""
        )
        taken = ([heading] if heading else []) + texts + ([button] if button else [])
        lines = [line.number for line in taken]
        where = _lines(taken)
        if doc.cta_heading or doc.cta_text or doc.cta_button:
            if (title, markdown, label) != (doc.cta_heading, doc.cta_text, doc.cta_button):
                doc.note(
                    lines[0], f"a second call to action ({where}) was left out; the page keeps the first"
                )
            return
        doc.cta_heading, doc.cta_text, doc.cta_button = title, markdown, label
        parts = [
            f"heading '{title}'" if title else "",
            "its text" if markdown else "",
            f"button '{label}'" if label else "",
        ]
        doc.note(
            lines[0], f"{where} read as the page's own call to action ({', '.join(p for p in parts if p)})"
        )

    def section_about(self, index: int, heading) -> int:
        start = index - 1
        taken: list[Line] = []
        sidebar = not any(line is not None for line in self.body)  # no body text yet
        while index < len(self.lines):
            text = self.text(index)
            if self.stops_everything(index) or disclaimer_text(text) or is_cta_line(text):
                break
            running = [line for line in taken if shape.is_paragraph(line.text)]
            if running and self.opens_section(index) and not _starts_with_name(text, heading.name):
                break
            if taken and not running and len(taken) >= 2 and self.opens_section(index):
                break  # a name line and a job title, then a new section: a bio without text
            limit = 1 if sidebar else 3
            if len(running) >= limit and shape.is_paragraph(text) and not _about_someone(text, heading.name):
                break  # a bio box before the body: the body's first paragraph is not part of it
            taken.append(self.lines[index])
            index += 1
        self.read_bio(heading.name, taken, self.lines[start].number)
        return index

    def read_bio(self, name: str, taken: list[Line], line: int) -> None:
        info = self.doc.author or AuthorInfo(line=line)
        name, credentials = split_credentials(name) if name else ("", "")
        paragraphs: list[str] = []
        for position, item in enumerate(taken):
            text = item.text
            if position == 0 and (not name or _starts_with_name(text, name)) and len(text) <= 160:
                found, found_credentials = split_credentials(text)
                if not shape.ends_with_punctuation(text) or found_credentials:
                    name = name or found
                    credentials = credentials or found_credentials
                    continue
            if not paragraphs and shape.is_heading_like(text) and len(text) <= 120 and not info.job_title:
                info.job_title = text
                continue
            if re.match(r"^(?:https?://|www\.)", text) or text.lower() in {"linkedin", "website", "profile"}:
                continue
            paragraphs.append(text)
        if name:
            if info.name and _name_key(info.name) != _name_key(name):
                self.doc.note(
                    line, f"the bio is about {name} but the byline names {info.name}; kept {info.name}"
                )
            else:
                info.name = info.name or name
        info.credentials = info.credentials or credentials
        if paragraphs and not info.credentials:
            # "Dr. Helena Vance, PhD, is a cognitive neuroscientist…"
            found = _BIO_CREDENTIALS.match(paragraphs[0])
            if found and (not info.name or _starts_with_name(paragraphs[0], info.name)):
                info.credentials = found.group("credentials").strip()
        if paragraphs:
            info.bio = "\n\n".join(blockmod.escape_line(paragraph) for paragraph in paragraphs)
            if len(paragraphs[0]) <= 300:
                info.short_bio = paragraphs[0]
        if info.name or info.slug:
            self.doc.author = info
        self.doc.info(line, "author bio recognised and kept out of the body")

    def section_hub_articles(self, index: int, heading) -> int:
        """The generated list of the hub's articles (not imported: the site regenerates it),
        then the hub's closing text (running text after the last summary)."""
        self.name_from(heading.name, index - 1, "the heading of its article list")
        count = heading.count
        titles: list[str] = []
        summarised = False  # the last title has its summary
        closing: list[Line] = []
        while index < len(self.lines):
            text = self.text(index)
            if self.stops_everything(index) or is_cta_line(text) or disclaimer_text(text):
                break
            if text.lower().startswith("the articles of this hub are being written"):
                index += 1
                continue
            if is_chrome(text) or is_meta(text):
                summarised = bool(titles) and is_chrome(text)  # "Read the article →" closes the card
                index += 1  # "7 min read" under a title belongs to its card
                continue
            running = shape.is_paragraph(text) or shape.ends_with_punctuation(text)
            if closing:
                if not running:
                    break  # a heading after the closing text: the call to action or another section
                closing.append(self.lines[index])
            elif titles and running and not summarised:
                summarised = True  # the summary under its title
            elif (titles and running) or (count is not None and len(titles) >= count):
                if not running:
                    break
                closing.append(self.lines[index])  # text after the list: the hub's closing text
            else:
                titles.append(shape.strip_bullet(text))
                summarised = False
            index += 1
        self.doc.hub_article_titles = titles
        if closing:
            markdown = blockmod.to_markdown(blockmod.build(closing, self.doc.note, allow_headings=False))
            self.doc.closing_text = f"{self.doc.closing_text}\n\n{markdown}".strip()
            self.note(
                closing[0], f"{_lines(closing)} after the list of articles read as the hub's closing text"
            )
        return index

    def name_from(self, name: str, index: int, where: str) -> None:
        """A hub's short name, as its FAQ heading, article list or breadcrumb shows it."""
        name = name.strip().strip("\"“”'").strip()
        if not name or len(name) > 120:
            return
        if not self.doc.name:
            self.doc.name = name
            self.doc.extra["name_line"] = self.lines[index].number if 0 <= index < len(self.lines) else None
        elif shape.normalise(name) != shape.normalise(self.doc.name):
            self.note(
                index, f"{where} names the hub '{name}', elsewhere '{self.doc.name}'; kept '{self.doc.name}'"
            )

    def section_toc(self, index: int, heading) -> int:
        """Entries that repeat a heading further down belong to the table of contents."""
        while index < len(self.lines):
            entry = shape.normalise(shape.strip_bullet(self.text(index)))
            later = {shape.normalise(line.text) for line in self.lines[index + 1 :]}
            if not entry or entry not in later:
                break
            index += 1
        return index

    def section_related(self, index: int, heading) -> int:
        """Cards of other pages: titles with a short summary each. Running text ends it."""
        taken = 0
        while index < len(self.lines) and taken < 24:
            text = self.text(index)
            if self.stops_everything(index) or disclaimer_text(text) or is_cta_line(text):
                break
            following = self.text(index + 1)
            if len(text) > 300 or (shape.is_heading_like(text) and len(following) > 300):
                break
            index += 1
            taken += 1
        return index

    def section_summary(self, index: int, heading) -> int:
        taken: list[Line] = []
        while index < len(self.lines):
            text = self.text(index)
            if self.stops_everything(index) or disclaimer_text(text) or is_cta_line(text):
                break
            if taken and self.opens_section(index):
                break
            taken.append(self.lines[index])
            index += 1
        if taken:
            markdown = blockmod.to_markdown(blockmod.build(taken, self.doc.note, allow_headings=False))
            self.doc.closing_summary = f"{self.doc.closing_summary}\n\n{markdown}".strip()
        return index

    # --- the end -----------------------------------------------------------------------
    def finish(self) -> None:
        doc = self.doc
        if self.cta_pending:
            # Invitations to book with no button after them: the call to action's text.
            self.take_cta(None, self.cta_pending, None)
        built = blockmod.build(self.body, doc.note)
        if doc.kind == "hub":
            self.hub_name_and_headline(built)
        else:
            doc.name = ""
        first = next((block for block in built if block.kind == "paragraph"), None)
        first_paragraph = first.text if first else ""
        if doc.kind == "hub":
            if doc.subtitle:
                doc.summary, doc.subtitle = doc.subtitle, ""
            elif first is not None:
                # The lead paragraph becomes the summary (shown above the intro), so it leaves
                # the intro; a lead longer than a summary can be keeps its later sentences there.
                doc.summary, rest = _split_lead(first_paragraph, 600)
                if rest:
                    first.lines = [Line(first.lines[0].number, rest)]
                else:
                    built.remove(first)
                doc.info(
                    first.first_line, "the lead paragraph is the hub's summary (shown once, above the intro)"
                )
        else:
            doc.summary = _shorten(first_paragraph, 600)
        doc.body = blockmod.to_markdown(built)
        if doc.kind == "hub" and not doc.pillar:
            doc.note(None, "the page looks like a hub but names no pillar ('Pillar N — Name')")

    def hub_name_and_headline(self, built: list) -> None:
        """A hub's short name (breadcrumb, FAQ heading, list heading) beside its essay title."""
        doc = self.doc
        crumbs = doc.extra.get("breadcrumb", [])
        if len(crumbs) >= 2 and shape.normalise(crumbs[-1]) != shape.normalise(doc.title):
            self.name_from(crumbs[-1], 0, "the breadcrumb")
        if not doc.name:
            return
        first = built[0] if built else None
        if (
            shape.normalise(doc.name) == shape.normalise(doc.title)
            and first is not None
            and first.kind == "heading"
            and len(built) > 1
            and built[1].kind == "paragraph"
        ):
            # "Sleep Under Load" then "When Work Follows You to Bed": the name, then the headline.
            doc.title = first.text.rstrip(":").strip()
            built.remove(first)
            doc.note(
                first.first_line, f"'{doc.title}' read as the hub's headline under its name '{doc.name}'"
            )
        if shape.normalise(doc.name) != shape.normalise(doc.title):
            doc.note(
                doc.extra.get("name_line"), f"the hub's name is '{doc.name}', its headline '{doc.title}'"
            )
        # The hub's address comes from its short name (/hubs/attention-under-pressure/), as its crumbs do.
        doc.slug = doc.slug or slugify(doc.name)[:200].strip("-")


def _placement_line(text: str) -> bool:
    """ "This is Pillar 4 content — ..." / "This hub is part of Pillar 4 — ..." mark a hub page."""
    if pillar_line(text) and re.match(r"^(?:this\s+is|this\s+hub)\b", text, re.I):
        return True
    mention = pillar_mention(text)
    return mention is not None and bool(_HUB_PLACEMENT.match(mention.sentence))


def _crumbs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\s+(?:>|›|»|/|→)\s+", text) if part.strip()]


def _is_breadcrumb(text: str) -> bool:
    parts = _crumbs(text)
    return len(parts) >= 2 and parts[0].lower() in {"home", "mindlab", "mindlab neuroscience"}


def _is_question(text: str) -> bool:
    stripped = _QUESTION_PREFIX.sub("", text.rstrip("\"'”’ ").strip())
    return stripped.endswith("?") and len(stripped) <= 250 and len(stripped.split()) <= 45


def _looks_like_reference(text: str) -> bool:
    if len(text) < 25:
        return False
    return bool(_YEAR.search(text)) or "doi" in text.lower() or "http" in text.lower()


def split_credentials(text: str) -> tuple[str, str]:
    """ "Dr Elena Marsh, PhD, CPsychol" -> ("Dr Elena Marsh", "PhD, CPsychol")."""
    text = text.strip().rstrip(".")
    name, _, rest = text.partition(",")
    rest = rest.strip()
    if rest and _CREDENTIALS.match(rest):
        return name.strip(), rest
    return (name.strip() if rest else text), ""


def _about_someone(text: str, name: str) -> bool:
    """A bio paragraph names its person or goes on with a pronoun."""
    first = text.split(" ", 1)[0].strip(",.").lower()
    names = {part.lower() for part in _name_key(name).split()} if name else set()
    return first in {"she", "he", "they", "her", "his", "their"} or first in names


def _name_key(name: str) -> str:
    return shape.normalise(_HONORIFIC.sub("", name.split(",")[0]))


def _starts_with_name(text: str, name: str) -> bool:
    return bool(name) and shape.normalise(_HONORIFIC.sub("", text)).startswith(_name_key(name))


def _date(text: str) -> datetime | None:
    match = _DATE_WORDS.search(text)
    if not match:
        return None
    raw = match.group(1).replace(",", "")
    for pattern in ("%d %B %Y", "%B %d %Y", "%Y-%m-%d", "%d %b %Y", "%b %d %Y"):
        try:
            parsed = datetime.strptime(raw, pattern)
        except ValueError:
            continue
        return timezone.make_aware(datetime.combine(parsed.date(), time(9, 0)))
    return None


def _lines(taken: list[Line]) -> str:
    first, last = taken[0].number, taken[-1].number
    return f"lines {first}-{last}" if last != first else f"line {first}"


def _split_lead(text: str, limit: int) -> tuple[str, str]:
    """A lead paragraph as (summary, the rest): whole sentences up to ``limit`` characters."""
    if len(text) <= limit:
        return text, ""
    ends = [match.end() for match in shape._SENTENCE_END.finditer(text) if match.end() <= limit]
    if not ends:
        return _shorten(text, limit), text
    cut = ends[-1]
    return text[:cut].strip(), text[cut:].strip()


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end > limit // 3:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…"
