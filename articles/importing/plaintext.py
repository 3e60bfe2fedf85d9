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

from . import blocks as blockmod
from . import lines as shape
from .document import AuthorInfo, Document, FAQItem, ImportProblem, ReferenceItem
from .lines import Line
from .sections import (
    BYLINE,
    GENERIC_FIRST_HEADINGS,
    disclaimer_text,
    is_chrome,
    is_cta_line,
    is_cta_sentence,
    is_meta,
    pillar_line,
    special_heading,
)

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
        return self.special(index) is not None or pillar_line(text) is not None

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
        """Chrome and eyebrow lines, the title, an optional subtitle and the byline."""
        index = 0
        while index < len(self.lines) - 1:
            text = self.text(index)
            pillar = pillar_line(text)
            if pillar:
                self.set_pillar(pillar, index)
            elif _is_breadcrumb(text):
                self.doc.extra["breadcrumb"] = _crumbs(text)
            elif not is_chrome(text):
                break
            index += 1
        title = self.text(index)
        if len(title) > 200 or shape.is_table_row(title):
            raise ImportProblem(
                "the first line should be the page title (at most 200 characters)",
                line=self.lines[index].number,
            )
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
        if shape.normalise(text) in GENERIC_FIRST_HEADINGS:
            return False
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
        if is_meta(text) and (BYLINE.match(text) or len(text) < 80):
            self.meta(index)
            return True
        if (is_cta_line(text) and not shape.is_paragraph(text)) or is_cta_sentence(text):
            self.doc.info(
                self.lines[index].number, f"call-to-action line left out of the body: '{text[:80]}'"
            )
            return True
        if is_chrome(text) or _is_breadcrumb(text):
            return True
        disclaimer = disclaimer_text(text)
        if disclaimer:
            self.add_disclaimer(disclaimer)
            return True
        return bool(text.lower().startswith("the articles of this hub are being written"))

    # --- single-line information -------------------------------------------------------
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
        for part in re.split(r"\s+[·|•]\s+|\s{2,}", text):
            part = part.strip()
            byline = BYLINE.match(part)
            if byline and self.doc.author is None:
                name, credentials = split_credentials(byline.group("rest"))
                self.doc.author = AuthorInfo(
                    name=name, credentials=credentials, line=self.lines[index].number
                )
            lowered = part.lower()
            if lowered.startswith(("published", "posted", "date")):
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
        start = index - 1
        paragraphs = 0
        while index < len(self.lines):
            text = self.text(index)
            if self.stops_everything(index) or disclaimer_text(text):
                break
            if is_cta_line(text) or is_chrome(text):
                index += 1
                continue
            if self.opens_section(index):
                break
            running = shape.is_paragraph(text)
            if running and (paragraphs >= 2 or (paragraphs and _YEAR.search(text) and "(" in text)):
                break  # more running text than a call to action has: the body goes on
            paragraphs += running
            index += 1
        self.doc.info(
            self.lines[start].number, f"call-to-action section '{self.text(start)}' left out of the body"
        )
        return index

    def section_about(self, index: int, heading) -> int:
        start = index - 1
        taken: list[Line] = []
        sidebar = not any(line is not None for line in self.body)  # no body text yet
        while index < len(self.lines):
            text = self.text(index)
            if self.stops_everything(index) or disclaimer_text(text) or is_cta_line(text):
                break
            if taken and self.opens_section(index) and not _starts_with_name(text, heading.name):
                break
            running = [line for line in taken if shape.is_paragraph(line.text)]
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
        if paragraphs:
            info.bio = "\n\n".join(blockmod.escape_line(paragraph) for paragraph in paragraphs)
            if len(paragraphs[0]) <= 300:
                info.short_bio = paragraphs[0]
        if info.name or info.slug:
            self.doc.author = info
        self.doc.info(line, "author bio recognised and kept out of the body")

    def section_hub_articles(self, index: int, heading) -> int:
        count = heading.count
        titles: list[str] = []
        while index < len(self.lines):
            text = self.text(index)
            if self.stops_everything(index) or is_cta_line(text) or disclaimer_text(text):
                break
            if text.lower().startswith("the articles of this hub are being written"):
                index += 1
                break
            if is_chrome(text):
                index += 1  # "Read the article →"
                continue
            if count is not None and len(titles) >= count:
                if not (shape.is_paragraph(text) or shape.ends_with_punctuation(text)) or not titles:
                    break
                index += 1  # the summary of the last listed article
                continue
            if titles and (shape.is_paragraph(text) or shape.ends_with_punctuation(text)):
                index += 1  # a summary under its title
                continue
            titles.append(shape.strip_bullet(text))
            index += 1
        self.doc.hub_article_titles = titles
        return index

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
        built = blockmod.build(self.body, doc.note)
        doc.body = blockmod.to_markdown(built)
        first_paragraph = next((block.text for block in built if block.kind == "paragraph"), "")
        if doc.kind == "hub":
            doc.summary = doc.subtitle or _shorten(first_paragraph, 600)
            doc.subtitle = ""
        else:
            doc.summary = _shorten(first_paragraph, 600)
        if doc.kind == "hub" and not doc.pillar:
            doc.note(None, "the page looks like a hub but names no pillar ('Pillar N — Name')")


def _placement_line(text: str) -> bool:
    """ "This is Pillar 4 content — ..." / "This hub is part of Pillar 4 — ..." mark a hub page."""
    return bool(pillar_line(text)) and bool(re.match(r"^(?:this\s+is|this\s+hub)\b", text, re.I))


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


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end > limit // 3:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…"
