"""Running text -> Markdown blocks: headings (H2/H3 from context), paragraphs, lists, tables.

The input is the body lines of a plain-text page export (one paragraph per line, no
markup). ``None`` in the input marks a boundary (a removed section): nothing is joined
across it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import lines as shape
from .lines import Line
from .sections import NUMBER_WORDS

_ENUMERATED = re.compile(
    r"^(?:\d{1,2}[.):]\s|#\d+\b|(?:step|stage|phase|part|level|tip|strategy|mechanism|principle|practice|rule"
    r"|lesson|myth|sign|habit|pattern|protocol|pathway|factor|tool|skill|way|reason|question)\s+(?:\d{1,2}|"
    + "|".join(NUMBER_WORDS)
    + r")\b|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)[,:]\s)",
    re.I,
)
# "Three Ways Connection Buffers Stress", "5 Habits of ...": a count of things (a plural noun) follows.
_COUNTED = re.compile(
    r"^(?:the\s+)?(?P<count>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+(?:[A-Za-z-]+\s+)?"
    r"(?!(?:hours|minutes|days|weeks|months|years|seconds|percent|times)\b)[A-Za-z-]{3,}s\b",
    re.I,
)
_AT_SIGN = re.compile(r"(?<![\w.+-])@")
_MD_LINE_START = re.compile(r"^(#{1,6}\s|>|[-+*]\s|\d{1,9}[.)]\s|={3,}|-{3,}|`{3,}|~{3,})")


@dataclass
class Block:
    kind: str  # heading | paragraph | list | table
    lines: list[Line] = field(default_factory=list)
    level: int = 2
    ordered: bool = False
    marked: bool = False  # its level was written in the source, not guessed

    @property
    def first_line(self) -> int:
        return self.lines[0].number if self.lines else 0

    @property
    def text(self) -> str:
        return self.lines[0].text if self.lines else ""


Warn = Callable[[int | None, str], None]


def _kind(line: Line, allow_headings: bool) -> str:
    text = line.text
    if shape.is_table_row(text):
        return "table"
    if shape.has_bullet(text):
        return "bullet"
    if allow_headings and (shape.is_heading_like(text) or shape.is_question_heading(text)):
        return "heading"
    if shape.is_paragraph(text):
        return "para"
    if not allow_headings and shape.is_heading_like(text):
        return "short"
    return "sent"


def build(items: list[Line | None], warn: Warn, *, allow_headings: bool = True) -> list[Block]:
    """Group lines into blocks; decide what each run of short lines is."""
    blocks: list[Block] = []
    index = 0
    kinds = [None if item is None else _kind(item, allow_headings) for item in items]
    for position, item in enumerate(items):
        if item is not None and item.marked:
            kinds[position] = "marked" if allow_headings else "short"
    if allow_headings:
        # "2. Optimal" followed by text is a numbered heading, not a one-item list.
        for position, item in enumerate(items):
            if item is None or kinds[position] != "bullet" or not shape.is_numbered(item.text):
                continue
            following = kinds[position + 1] if position + 1 < len(items) else None
            before = kinds[position - 1] if position > 0 else None
            if (
                following in {"para", "sent"}
                and before != "bullet"
                and shape.is_heading_like(shape.strip_bullet(item.text))
            ):
                kinds[position] = "heading"
        # "The Science:" on its own line, then running text: a heading written with a colon.
        for position, item in enumerate(items):
            if item is None or kinds[position] != "sent" or not item.text.endswith(":"):
                continue
            following = kinds[position + 1] if position + 1 < len(items) else None
            label = item.text[:-1].strip()
            short_label = len(label.split()) <= 6 and shape.is_heading_like(label)
            if (
                following == "para"
                and short_label
                and (shape.is_title_case(label) or len(label.split()) <= 2)
            ):
                kinds[position] = "heading"
    while index < len(items):
        item, kind = items[index], kinds[index]
        if item is None:
            index += 1
            continue
        if kind == "marked":
            blocks.append(Block("heading", [item], level=min(max(item.marked, 2), 6), marked=True))
            index += 1
            continue
        if kind == "table":
            end = index
            while end < len(items) and kinds[end] == "table":
                end += 1
            blocks.append(Block("table", [line for line in items[index:end] if line is not None]))
            index = end
            continue
        if kind == "para":
            blocks.append(Block("paragraph", [item]))
            index += 1
            continue
        end = index
        while end < len(items) and kinds[end] in {"heading", "bullet", "sent", "short"}:
            end += 1
        previous = blocks[-1] if blocks and index > 0 and items[index - 1] is not None else None
        following = kinds[end] if end < len(items) else None
        # A short line ending in ':' introduces what follows it: split the run there.
        start = index
        for position in range(index, end):
            line = items[position]
            if line is not None and line.text.rstrip().endswith(":") and kinds[position] == "sent":
                if position > start:
                    run = [(items[i], kinds[i]) for i in range(start, position)]
                    blocks.extend(_run(run, previous, "para", warn, allow_headings))
                blocks.append(Block("paragraph", [line]))
                previous = blocks[-1]
                start = position + 1
        if start < end:
            run = [(items[i], kinds[i]) for i in range(start, end)]
            blocks.extend(_sections_in_run(run, previous, following, warn, allow_headings))
        index = end
    if allow_headings:
        blocks = _drop_empty_headings(blocks, items)
        assign_levels(blocks)
    return blocks


def _drop_empty_headings(blocks: list[Block], items: list[Line | None]) -> list[Block]:
    """A heading whose section was taken out (call to action, bio, sidebar) has nothing left under it."""
    if not items:
        return blocks
    before_gap = {
        line.number
        for line, after in zip(items, [*items[1:], None], strict=True)
        if line is not None and after is None
    }
    kept: list[Block] = []
    for position, block in enumerate(blocks):
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        if (
            block.kind == "heading"
            and block.first_line in before_gap
            and (following is None or following.kind == "heading")
        ):
            continue
        kept.append(block)
    return kept


def _lone_sentence(run: list[tuple[Line, str]], position: int) -> bool:
    """A real sentence standing alone between headings: a one-sentence paragraph."""
    line, kind = run[position]
    if kind != "sent" or len(line.text) < 60:
        return False
    before = run[position - 1][1] if position > 0 else None
    after = run[position + 1][1] if position + 1 < len(run) else None
    return before in {None, "heading"} and after in {None, "heading"}


def _sections_in_run(
    run: list[tuple[Line, str]], previous: Block | None, following: str | None, warn: Warn, allow: bool
) -> list[Block]:
    """Split a run at one-sentence paragraphs between headings ("H / one sentence. / H ...")."""
    if not allow:
        return _run(run, previous, following, warn, allow)
    forced: dict[int, str] = {}
    for position in range(len(run)):
        if _lone_sentence(run, position):
            forced[position] = "paragraph"
            if position > 0 and len(run[position - 1][0].text.split()) <= 10:
                forced[position - 1] = "heading"
        elif _titled_between_untitled(run, position):
            forced[position] = "heading"  # "items / The Routine / items": a heading between two lists
    if not forced:
        return _run(run, previous, following, warn, allow)
    out: list[Block] = []
    pending: list[tuple[Line, str]] = []
    for position, (line, kind) in enumerate(run):
        if position not in forced:
            pending.append((line, kind))
            continue
        if pending:
            after = "para" if forced[position] == "paragraph" else "heading"
            out.extend(_run(pending, out[-1] if out else previous, after, warn, allow))
            pending = []
        out.append(Block(forced[position], [line]))
    if pending:
        out.extend(_run(pending, out[-1] if out else previous, following, warn, allow))
    return out


def _titled_between_untitled(run: list[tuple[Line, str]], position: int) -> bool:
    """A Title Case heading-like line inside a run, with lines in sentence case on both sides."""
    line, kind = run[position]
    if kind != "heading" or position == 0 or position + 1 >= len(run) or len(line.text.split()) > 8:
        return False
    if not shape.is_title_case(line.text):
        return False
    before, after = run[position - 1][0].text, run[position + 1][0].text
    return (
        not shape.is_title_case(before)
        and not shape.is_title_case(after)
        and run[position + 1][1] != "bullet"
    )


def _title_case_only(first: Line, rest: list[tuple[Line, str]]) -> bool:
    """The line is in Title Case and most of the others are not."""
    if not shape.is_title_case(first.text):
        return False
    titled = sum(1 for line, _ in rest if shape.is_title_case(line.text))
    return titled * 2 < len(rest) or (len(rest) >= 3 and titled <= 1)


def _differs(candidate: Line, others: list[tuple[Line, str]]) -> bool:
    """True when a heading-like line stands apart from the lines around it (so heads them)."""
    if not others:
        return True
    if all(kind == "bullet" for _, kind in others):
        return True
    punctuated = sum(1 for line, kind in others if kind == "sent" or shape.ends_with_punctuation(line.text))
    if punctuated * 2 >= len(others):
        return True
    return _title_case_only(candidate, others)


def _run(
    run: list[tuple[Line, str]], previous: Block | None, following: str | None, warn: Warn, allow: bool
) -> list[Block]:
    lead_in = previous is not None and previous.kind == "paragraph" and previous.text.rstrip().endswith(":")
    marked = [position for position, (_, kind) in enumerate(run) if kind == "bullet"]
    if marked and (marked[0] > 0 or marked[-1] < len(run) - 1):
        # Explicit bullets are the list; lines around them are text (or headings) of their own.
        first, last = marked[0], marked[-1]
        before = _run(run[:first], previous, "bullet", warn, allow) if first else []
        items = Block("list", [line for line, _ in run[first : last + 1]])
        items.ordered = all(shape.is_numbered(line.text) for line in items.lines)
        after = _run(run[last + 1 :], items, following, warn, allow) if last + 1 < len(run) else []
        return [*before, items, *after]
    front: list[Block] = []
    back: list[Block] = []
    run = list(run)
    if allow and not lead_in:
        while len(run) >= 2 and run[0][1] == "heading" and len(front) < 2:
            first, rest = run[0][0], run[1:]
            if (len(rest) == 1 and rest[0][1] in {"heading", "sent"}) or _differs(first, rest):
                front.append(Block("heading", [first]))
                run.pop(0)
            else:
                break
    if allow and len(run) == 1 and run[0][1] == "heading" and following == "heading" and not lead_in:
        back.append(Block("heading", [run.pop()[0]]))  # a section heading straight above a subsection
    if allow and following in {"para", "table", None} and run and run[-1][1] == "heading":
        if len(run) == 1:
            if not lead_in or shape.is_title_case(run[0][0].text):
                back.append(Block("heading", [run.pop()[0]]))
        elif _differs(run[-1][0], run[:-1]):
            back.append(Block("heading", [run.pop()[0]]))
    middle: list[Block] = []
    if run:
        bullets = sum(1 for _, kind in run if kind == "bullet")
        sentences = all(kind == "sent" for _, kind in run)
        short_sentences = sum(len(line.text) for line, _ in run) / len(run) < 120
        as_list = (
            lead_in
            or bullets > 0
            or (not sentences and len(run) >= 2)
            or (sentences and len(run) >= 3 and short_sentences)
        )
        if as_list and len(run) == 1 and not lead_in and not bullets:
            as_list = False
        tail: list[Block] = []
        if as_list and not bullets:
            # "Exhaustion / Cynicism / Each dimension differs." : the sentence after the items is text.
            fragments = sum(1 for line, _ in run if not shape.ends_with_punctuation(line.text))
            while len(run) > 2 and run[-1][1] == "sent" and fragments * 2 > len(run):
                tail.insert(0, Block("paragraph", [run.pop()[0]]))
        if as_list:
            if (
                allow
                and not lead_in
                and not bullets
                and len(run) >= 2
                and run[0][1] == "heading"
                and not front
            ):
                numbers = f"{run[0][0].number}-{run[-1][0].number}"
                warn(
                    run[0][0].number,
                    f"ambiguous heading: lines {numbers} were read as a list; "
                    f"if '{run[0][0].text}' is a heading, add a line ending with ':' after it or use Markdown",
                )
            ordered = all(shape.is_numbered(line.text) for line, _ in run)
            middle.append(Block("list", [line for line, _ in run], ordered=ordered))
        else:
            middle.extend(Block("paragraph", [line]) for line, _ in run)
        middle.extend(tail)
    return front + middle + back


def assign_levels(blocks: list[Block]) -> None:
    """H2 by default; H3 for subsections, judged from the headings around each one.

    A heading is a subsection when it directly follows another heading, when it is one of
    a run of siblings that share a shape (numbered, "Step 1", same first word) under a
    different heading, when a paragraph ending in ':' introduces it, or when a parent
    heading announces a count ("Three Habits That ...") and it is one of those items.
    """
    headings = [index for index, block in enumerate(blocks) if block.kind == "heading" and not block.marked]
    if not headings:
        return
    levels = dict.fromkeys(headings, 2)
    texts = {index: blocks[index].text for index in headings}

    def first_word(index: int) -> str:
        words = texts[index].split()
        return words[0].lower().strip(":.") if words else ""

    def enumerated(index: int) -> bool:
        return bool(_ENUMERATED.match(texts[index]))

    # Siblings with a shared shape under a parent of another shape.
    for position, index in enumerate(headings):
        if position == 0:
            continue
        previous = headings[position - 1]
        group = [index]
        for later in headings[position + 1 :]:
            if _same_shape(texts[index], texts[later], enumerated(index), enumerated(later)):
                group.append(later)
            else:
                break
        if (
            (enumerated(index) or len(group) >= 2)
            and not _same_shape(texts[previous], texts[index], enumerated(previous), enumerated(index))
            and ((levels[previous] == 2 and len(group) >= 2) or enumerated(index))
        ):
            for member in group:
                levels[member] = 3
    # A parent announcing a count: "Three Practices That Work" then three subsections.
    for position, index in enumerate(headings):
        match = _COUNTED.match(texts[index])
        if not match or levels[index] != 2:
            continue
        raw = match.group("count").lower()
        count = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 0)
        following = headings[position + 1 : position + 1 + count]
        next_heading = headings[position + 1] if position + 1 < len(headings) else len(blocks)
        listed = any(block.kind == "list" for block in blocks[index + 1 : next_heading])
        if 2 <= count <= 12 and len(following) == count and not listed:
            for member in following:
                levels[member] = 3
    # A heading directly under another heading, or introduced by "...:", is a subsection.
    for position, index in enumerate(headings):
        if position == 0:
            continue
        before = blocks[index - 1] if index > 0 else None
        if (before is not None and before.kind == "heading" and levels[headings[position - 1]] == 2) or (
            before is not None and before.kind == "paragraph" and before.text.rstrip().endswith(":")
        ):
            levels[index] = 3
    # A subsection needs a section above it.
    if levels[headings[0]] == 3:
        levels[headings[0]] = 2
    for index in headings:
        blocks[index].level = levels[index]


def _same_shape(a: str, b: str, a_enum: bool, b_enum: bool) -> bool:
    """Sibling headings: both numbered, or the same first word, or the same last word."""
    if a_enum and b_enum:
        return True
    last_a, last_b = a.split()[-1].lower().strip("?:"), b.split()[-1].lower().strip("?:")
    if len(a.split()) <= 4 and len(b.split()) <= 4 and last_a == last_b and len(last_a) > 3:
        return True
    first_a, first_b = a.split()[0].lower(), b.split()[0].lower()
    return bool(
        first_a == first_b and first_a not in {"the", "a", "an", "how", "why", "what", "when", "where"}
    )


def escape_line(text: str) -> str:
    """Keep plain text plain: a line must not turn into Markdown structure by accident."""
    text = text.replace("\\", "\\\\").replace("<", "&lt;")
    text = _AT_SIGN.sub(r"\\@", text)  # "@name" would read as a citation key
    if _MD_LINE_START.match(text):
        text = "\\" + text
    return text


def to_markdown(blocks: list[Block]) -> str:
    """Render blocks as Markdown, one blank line between blocks."""
    out: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            out.append("#" * block.level + " " + block.text.rstrip(":").strip().replace("#", "\\#"))
        elif block.kind == "paragraph":
            out.append(escape_line(block.text))
        elif block.kind == "list":
            rows = []
            for number, line in enumerate(block.lines, start=1):
                item = escape_line(shape.strip_bullet(line.text))
                rows.append(f"{number}. {item}" if block.ordered else f"- {item}")
            out.append("\n".join(rows))
        elif block.kind == "table":
            out.append(table_markdown([line.text for line in block.lines]))
    return "\n\n".join(out)


def table_markdown(rows: list[str]) -> str:
    """A well-formed pipe table (header rule added when the export lost it)."""
    cells = [shape.table_cells(row) for row in rows if not shape.TABLE_RULE.match(row)]
    if not cells:
        return ""
    width = max(len(row) for row in cells)
    cells = [row + [""] * (width - len(row)) for row in cells]
    lines = ["| " + " | ".join(cell.replace("<", "&lt;") for cell in row) + " |" for row in cells]
    lines.insert(1, "|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines)
