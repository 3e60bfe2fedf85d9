"""Markdown files with YAML front matter (static sites, Ghost, note tools) -> ``Document``."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

import yaml
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .document import AuthorInfo, Document, FAQItem, ImportProblem, ReferenceItem
from .people import authors_from_text

try:  # the C loader is ~10x faster; fall back where libyaml is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

KINDS = {"article", "hub", "pillar", "author"}
KNOWN_KEYS = {
    "title", "slug", "type", "pillar", "hub", "author", "summary", "subtitle", "takeaways", "faqs",
    "references", "disclaimer", "status", "published", "updated", "seo_title", "seo_description",
    "position", "closing_summary", "number", "name", "credentials", "job_title", "institutions",
    "short_bio", "links", "date", "description", "tags", "draft", "excerpt", "layout",
    "authors", "coauthors", "cta", "cta_heading", "cta_text", "cta_button", "closing_text",
    "reviewer", "reviewed_by", "reviewed", "reviewed_at", "redirect_from", "aliases",
    "hero_image", "hero_alt", "image", "image_alt", "photo", "photo_alt",
    "lastmod", "last_modified_at", "modified", "default_author",
}  # fmt: skip
# ``2024-03-05-my-post.md`` (Jekyll, Hugo, Eleventy): the date and the slug of a post.
DATED_FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)$")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CITATION_KEY = re.compile(r"^@?[A-Za-z][\w:.\-/]*$")


def has_front_matter(text: str) -> bool:
    """True when the text opens with a ``---`` fence line."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return first.strip() == "---"


def split(text: str) -> tuple[str, str, int]:
    """Return (front matter, body, line number where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ImportProblem("the front matter must start with a line of three dashes (---)", line=1)
    for index in range(1, len(lines)):
        if lines[index].strip() in {"---", "..."}:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise ImportProblem("the front matter is never closed: add a line of three dashes (---) after it", line=1)


def parse(text: str, path: str) -> Document:
    """Parse a Markdown file; with front matter when it opens with ``---``."""
    if not has_front_matter(text):
        return _plain_markdown(text, path)
    raw, body, body_line = split(text)
    body = body.lstrip("\n")
    if body.endswith("\n"):  # the file's own last line end; any further blank lines are the body's
        body = body[:-1]
    try:
        data = yaml.load(raw, Loader=_Loader) if raw.strip() else {}  # noqa: S506 - safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).split("\n", 1)[0]
        raise ImportProblem(
            f"the front matter is not valid YAML (line {line}: {problem})", line=line
        ) from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ImportProblem("the front matter must be a list of 'key: value' lines", line=2)
    lines = _key_lines(raw)
    return _document(data, body, path, lines, body_line)


def _key_lines(raw: str) -> dict[str, int]:
    found = {}
    for number, line in enumerate(raw.split("\n"), start=2):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match:
            found.setdefault(match.group(1), number)
    return found


def _plain_markdown(text: str, path: str) -> Document:
    """A Markdown file without front matter: the first ``# `` heading is the title."""
    doc = Document(path=path, source_format="markdown")
    lines = text.strip("\n").split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            doc.title = line[2:].strip()
            lines = lines[:index] + lines[index + 1 :]
            break
    doc.body = "\n".join(lines).strip("\n")
    if not doc.title:
        raise ImportProblem("a Markdown file without front matter needs a '# Title' line")
    _from_file_name(doc, {}, {})
    return doc


def looks_like_markdown(text: str) -> bool:
    """A '# Title' line near the top: Markdown, not a plain-text export saved as .md."""
    return any(line.startswith("# ") for line in text.lstrip().split("\n", 20)[:20])


def _document(data: dict[str, Any], body: str, path: str, lines: dict[str, int], body_line: int) -> Document:
    doc = Document(path=path, source_format="markdown")
    doc.extra["body_line"] = body_line
    unknown = {str(key): lines.get(str(key)) for key in data if str(key) not in KNOWN_KEYS}
    if unknown:  # the report lists each key once per run, with the files that use it
        doc.extra["unknown_keys"] = unknown
    kind = str(data.get("type") or data.get("layout") or "article").strip().lower()
    if kind == "post" or kind == "page":
        kind = "article"
    if kind not in KINDS:
        raise ImportProblem(
            f"type '{kind}' is not one of article, hub, pillar, author", line=lines.get("type")
        )
    doc.kind = kind
    doc.title = _text(data, "title", lines) or _text(data, "name", lines)
    if kind == "hub":
        doc.name = _text(data, "name", lines)
    doc.slug = _text(data, "slug", lines)
    doc.summary = (
        _text(data, "summary", lines) or _text(data, "description", lines) or _text(data, "excerpt", lines)
    )
    doc.subtitle = _text(data, "subtitle", lines)
    doc.disclaimer = _text(data, "disclaimer", lines)
    doc.closing_summary = _text(data, "closing_summary", lines)
    doc.closing_text = _text(data, "closing_text", lines)
    for key in ("hero_image", "photo", "image"):
        if not doc.image:
            doc.image = _text(data, key, lines)
    for key in ("hero_alt", "photo_alt", "image_alt"):
        if not doc.image_alt:
            doc.image_alt = _text(data, key, lines)
    doc.old_slugs = _old_slugs(data, lines, doc)
    _call_to_action(data, lines, doc)
    doc.seo_title = _text(data, "seo_title", lines)
    doc.seo_description = _text(data, "seo_description", lines)
    doc.hub = _text(data, "hub", lines)
    doc.body = body
    if "status" in data:
        status = str(data["status"]).strip().lower()
        if status not in {"draft", "published"}:
            doc.note(lines.get("status"), f"status '{data['status']}' is not draft or published; ignored")
        else:
            doc.status = status
    elif data.get("draft") is True:
        doc.status = "draft"
    doc.published = _when(data.get("published", data.get("date")), "published", lines, doc)
    # Hugo writes ``lastmod``, Jekyll plugins ``last_modified_at``, others ``modified``.
    for key in ("updated", "lastmod", "last_modified_at", "modified"):
        if data.get(key) not in (None, ""):
            doc.updated = _when(data[key], key, lines, doc)
            break
    if data.get("position") is not None:
        try:
            doc.position = int(data["position"])
        except (TypeError, ValueError):
            doc.note(lines.get("position"), "position must be a whole number; ignored")
    if data.get("pillar") is not None:
        doc.pillar = data["pillar"]
        doc.pillar_line = lines.get("pillar")
    if kind == "pillar":
        doc.pillar = {"number": data.get("number"), "name": doc.title}
        doc.pillar_line = lines.get("number")
    doc.author = _author(data, lines, doc)
    if kind in {"article", "hub"}:
        _more_authors(data, lines, doc)
        _review(data, lines, doc)
        _from_file_name(doc, data, lines)
    doc.takeaways = _takeaways(data.get("takeaways"), lines, doc)
    doc.faqs = _faqs(data.get("faqs"), lines, doc)
    doc.references = _references(data.get("references"), lines, doc)
    return doc


def _old_slugs(data: dict, lines: dict[str, int], doc: Document) -> list[str]:
    """``redirect_from`` (or Hugo's ``aliases``): old slugs or addresses that should lead here."""
    found: list[str] = []
    for key in ("redirect_from", "aliases"):
        value = data.get(key)
        if value in (None, ""):
            continue
        for item in value if isinstance(value, list) else [value]:
            slug = str(item).strip().strip("/").rsplit("/", 1)[-1]
            if _SLUG.fullmatch(slug) and len(slug) <= 200:
                found.append(slug)
            else:
                doc.note(lines.get(key), f"'{key}: {item}' is not an old slug or address; ignored")
    return found


def _from_file_name(doc: Document, data: dict, lines: dict[str, int]) -> None:
    """A dated file name (``2024-03-05-my-post.md``) gives the date and slug the file does not."""
    stem = PurePath(doc.path).stem
    match = DATED_FILE_NAME.match(stem)
    if match is None:
        return
    day = parse_date(match.group("date")) if _valid_date(match.group("date")) else None
    if day is None:
        return
    if doc.published is None and "published" not in data and "date" not in data:
        doc.published = timezone.make_aware(
            datetime.combine(day, time(9, 0)), timezone.get_current_timezone()
        )
        doc.info(None, f"publish date {day.isoformat()} taken from the file name")
    if not doc.slug:
        slug = match.group("slug").lower()
        if _SLUG.fullmatch(slug):
            doc.slug = slug[:200].strip("-")


def _valid_date(text: str) -> bool:
    try:
        return parse_date(text) is not None
    except ValueError:  # 2024-02-31
        return False


def _call_to_action(data: dict, lines: dict[str, int], doc: Document) -> None:
    """``cta_heading``/``cta_text``/``cta_button``, or ``cta:`` as text or ``{heading, text, button}``."""
    value = data.get("cta")
    if isinstance(value, dict):
        for part in ("heading", "text", "button"):
            if value.get(part) not in (None, ""):
                if isinstance(value[part], (dict, list)):
                    raise ImportProblem(f"'cta: {part}' must be text", line=lines.get("cta"))
                setattr(doc, f"cta_{part}", str(value[part]).strip())
    elif value not in (None, ""):
        doc.cta_text = _text(data, "cta", lines)
    for part in ("heading", "text", "button"):
        own = _text(data, f"cta_{part}", lines)
        if own:
            setattr(doc, f"cta_{part}", own)


def _person(value: Any, line: int | None, what: str) -> list[AuthorInfo]:
    """One entry naming people: a slug, a name (maybe "A and B"), or ``{name, slug, ...}``."""
    if value in (None, ""):
        return []
    if isinstance(value, dict):
        info = AuthorInfo(line=line)
        for key in ("name", "slug", "credentials", "job_title", "institutions", "short_bio", "bio"):
            if value.get(key) is not None:
                setattr(info, key, str(value[key]).strip())
        if not info.name and not info.slug:
            raise ImportProblem(f"'{what}' needs at least a name or a slug", line=line)
        return [info]
    if isinstance(value, list):
        raise ImportProblem(f"'{what}' must be names or slugs, not lists of lists", line=line)
    text = str(value).strip()
    if _SLUG.fullmatch(text):
        return [AuthorInfo(slug=text, line=line)]
    return authors_from_text(text, line)


def _people(value: Any, line: int | None, what: str, doc: Document) -> list[AuthorInfo]:
    """Everyone a key names, in order: a list of entries, or one entry (warning when it guessed)."""
    items = value if isinstance(value, list) else [value]
    people: list[AuthorInfo] = []
    for item in items:
        found = _person(item, line, what)
        if len(found) > 1:
            doc.note(
                line,
                f"'{what}: {item}' read as {len(found)} people: " + "; ".join(info.name for info in found),
            )
        people.extend(found)
    return people


def _more_authors(data: dict, lines: dict[str, int], doc: Document) -> None:
    """``authors:`` (a list, or one text naming several) and ``coauthors:`` beside ``author:``."""
    people: list[AuthorInfo] = []
    for key in ("authors", "coauthors"):
        people += _people(data.get(key), lines.get(key), key, doc)
    if doc.author is None and people:
        doc.author, people = people[0], people[1:]
    doc.coauthors = doc.coauthors + people


def _review(data: dict, lines: dict[str, int], doc: Document) -> None:
    """``reviewer`` (or ``reviewed_by``): who medically reviewed the page; ``reviewed`` (``reviewed_at``): when."""
    for key in ("reviewer", "reviewed_by"):
        found = _person(data.get(key), lines.get(key), key)
        if found:
            if len(found) > 1:
                doc.note(
                    lines.get(key), f"'{key}' names {len(found)} people; the first, {found[0].name}, is kept"
                )
            doc.reviewer = found[0]
            break
    for key in ("reviewed", "reviewed_at"):
        if data.get(key) not in (None, ""):
            doc.reviewed = _when(data[key], key, lines, doc)
            break


def _text(data: dict, key: str, lines: dict[str, int]) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ImportProblem(f"'{key}' must be text, not a list or mapping", line=lines.get(key))
    return str(value).strip()


def _when(value: Any, key: str, lines: dict[str, int], doc: Document) -> datetime | None:
    if value in (None, ""):
        return None
    parsed: datetime | None = None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time(9, 0))
    else:
        text = str(value).strip()
        parsed = parse_datetime(text)
        if parsed is None and parse_date(text) is not None:
            parsed = datetime.combine(parse_date(text), time(9, 0))
    if parsed is None:
        doc.note(lines.get(key), f"'{key}: {value}' is not a date (use 2025-03-01 or 2025-03-01T09:00:00Z)")
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
    return parsed


def _author(data: dict, lines: dict[str, int], doc: Document) -> AuthorInfo | None:
    line = lines.get("author")
    if doc.kind == "author":
        info = AuthorInfo(name=doc.title, slug=doc.slug, bio=doc.body, line=lines.get("name"))
        for key in ("credentials", "job_title", "institutions", "short_bio"):
            setattr(info, key, _text(data, key, lines))
        for item in data.get("links") or []:
            if isinstance(item, dict) and item.get("url"):
                info.links.append((str(item.get("label") or item["url"]), str(item["url"])))
            else:
                doc.note(lines.get("links"), "each link needs 'label' and 'url'; one was ignored")
        if data.get("default_author") is True:
            doc.extra["default_author"] = True
        return info
    people = _people(data.get("author"), line, "author", doc)
    if not people:
        return None
    doc.coauthors = people[1:] + doc.coauthors
    return people[0]


def _takeaways(value: Any, lines: dict[str, int], doc: Document) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [part for part in value.split("\n") if part.strip()]
    if not isinstance(value, list):
        raise ImportProblem("'takeaways' must be a list of short statements", line=lines.get("takeaways"))
    items = []
    for item in value:
        if isinstance(item, (dict, list)) or item is None:
            doc.note(lines.get("takeaways"), "a takeaway that is not plain text was ignored")
            continue
        text = str(item).strip()
        if text:
            items.append(text)
    return items


def _faqs(value: Any, lines: dict[str, int], doc: Document) -> list[FAQItem]:
    line = lines.get("faqs")
    if value in (None, ""):
        return []
    pairs: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                question = item.get("question", item.get("q"))
                answer = item.get("answer", item.get("a"))
                if question is None and len(item) == 1:
                    question, answer = next(iter(item.items()))
                pairs.append((question, answer))
            elif isinstance(item, list) and len(item) == 2:
                pairs.append((item[0], item[1]))
            else:
                doc.note(line, "an FAQ that is not a question/answer pair was ignored")
    else:
        raise ImportProblem("'faqs' must be a list of question/answer pairs", line=line)
    items = []
    for question, answer in pairs:
        if not question or not answer:
            doc.note(line, "an FAQ without both a question and an answer was ignored")
            continue
        items.append(FAQItem(str(question).strip(), str(answer).strip(), line))
    return items


def _references(value: Any, lines: dict[str, int], doc: Document) -> list[ReferenceItem]:
    line = lines.get("references")
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ImportProblem("'references' must be a list of reference strings or citation keys", line=line)
    items = []
    for item in value:
        if isinstance(item, dict):
            key = item.get("key") or item.get("id")
            if key:
                items.append(ReferenceItem(str(key).lstrip("@"), line, is_key=True))
            else:
                doc.note(line, "a reference entry without a key was ignored")
            continue
        text = str(item).strip() if item is not None else ""
        if not text:
            continue
        if CITATION_KEY.match(text):
            items.append(ReferenceItem(text.lstrip("@"), line, is_key=True))
        else:
            items.append(ReferenceItem(text, line))
    return items
