"""Recognising the parts of a page that are not body text: by the words of a heading or line.

Headings name sections the importer maps to fields (references, takeaways, FAQs,
disclaimer) or drops because the site generates them (call to action, author bio,
"The N Articles in This Hub", tables of contents, related reading). Single lines can
carry the pillar, the byline or a disclaimer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import HEADING_MAX_CHARS

NUMBER_WORDS = {
    "no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_NUMBER = r"(?:\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"

SECTION_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "hub_articles",
        re.compile(
            rf"^(?:[\w']+\s+){{0,2}}?(?:the\s+)?(?:(?P<count>{_NUMBER})\s+)?articles?\s+in\s+this\s+hub"
            rf"(?:\s*\((?P<paren>\d{{1,2}})\))?$|^in\s+this\s+hub$",
            re.I,
        ),
    ),
    (
        # "Sleep Under Load: The 2 Articles in This Hub", "The 3 Articles in Sleep Under Load".
        "hub_articles",
        re.compile(
            rf"^(?P<name>[A-Z][^:—–]{{2,80}}?)\s*[:—–]\s*(?:the\s+)?(?:(?P<count>{_NUMBER})\s+)?articles?\s+in\s+this\s+hub$"
            rf"|^the\s+(?P<count2>{_NUMBER})\s+articles?\s+in\s+(?!this\b)(?:the\s+)?(?P<name2>[A-Z].{{2,80}}?)(?:\s+hub)?$",
            re.I,
        ),
    ),
    (
        "toc",
        re.compile(
            r"^(?:on this page|in this (?:article|guide|page|post)|(?:table of )?contents|jump to(?: a section)?"
            r"|what'?s inside|article contents|page contents|skip to a section)$",
            re.I,
        ),
    ),
    (
        "takeaways",
        re.compile(
            r"^(?:[\w'-]+\s+){0,3}takeaways?\b.*$"
            r"|^key (?:points|insights|findings|lessons|messages)$|^at a glance$|^tl;?\s*dr$|^in brief$"
            r"|^the short version$|^what you need to know$|^summary points$|^the essentials$",
            re.I,
        ),
    ),
    (
        "faq",
        re.compile(
            r"\bfaqs?\b|frequently[- ]asked|^common questions|questions\s+(?:and|&)\s+answers|^q\s*&\s*a$",
            re.I,
        ),
    ),
    (
        "references",
        re.compile(
            r"^(?:(?:key|selected|scientific|research|academic|cited|further)\s+)?(?:references|sources|bibliography|citations)"
            r"(?:\s+(?:and|&)\s+further\s+reading)?$|^works\s+cited$|^research\s+cited$|^studies\s+cited$"
            r"|^further\s+reading$|^cited\s+research$|^sources\s+(?:and|&)\s+further\s+reading$",
            re.I,
        ),
    ),
    (
        "disclaimer",
        re.compile(
            r"^(?:(?:medical|important|educational|editorial|health|clinical|legal)\s+)?disclaimers?$"
            r"|^important\s+note$|^a\s+note\s+on\s+(?:this\s+content|medical\s+advice)$",
            re.I,
        ),
    ),
    (
        "about",
        re.compile(
            r"^(?:about\s+the\s+authors?|meet\s+the\s+authors?|author\s+bio(?:graphy)?"
            r"|(?:about|meet)\s+(?:dr|prof|professor)\.?\s+.+)$",
            re.I,
        ),
    ),
    (
        "related",
        re.compile(
            r"^(?:related\s+(?:reading|articles|posts|content|hubs)|continue\s+reading|read\s+next|keep\s+reading"
            r"|you\s+(?:may|might)\s+also\s+(?:like|enjoy)|more\s+(?:from|in)\s+this\s+(?:hub|pillar))$",
            re.I,
        ),
    ),
    (
        "summary",
        re.compile(
            r"^(?:summary|in\s+summary|closing\s+summary|article\s+summary|summing\s+up|(?:the\s+)?bottom\s+line"
            r"|key\s+summary|quick\s+summary|in\s+short|(?:the\s+)?short\s+summary)$",
            re.I,
        ),
    ),
]
# "About Jane Doe" (a person's name) is a bio; "About This Hub" is not.
_ABOUT_NAME = re.compile(r"^About\s+(?P<name>(?:[A-Z][\w'’.-]*\.?\s+){1,4}[A-Z][\w'’-]+)(?:,.*)?$")
_NOT_NAMES = {"this", "the", "our", "us", "mindlab", "these", "that", "how", "what", "why", "your", "my"}

CTA = re.compile(
    r"strategy\s+(?:call|session)|from\s+reading\s+to\s+rewiring|^(?:book|schedule|request|reserve|claim)\s+(?:a|an|your)\b"
    r"|^ready\s+to\s+\w+|^work\s+with\s+(?:us|me|mindlab|dr)\b|^take\s+the\s+next\s+step|^get\s+in\s+touch"
    r"|^apply\s+(?:now|today)|^start\s+your\s+\w+|^let'?s\s+talk|(?:free|complimentary|discovery)\s+(?:call|consultation)",
    re.I,
)
PILLAR_LINE = re.compile(
    r"^(?:(?:this|the)\s+(?:hub|page|article|guide|section)\s+(?:is\s+)?(?:part\s+of|belongs\s+to|sits\s+in|lives\s+in)\s+"
    r"|this\s+is\s+|part\s+of\s+|you\s+are\s+reading\s+)?pillar\s+(?P<number>\d{1,2}|"
    + "|".join(NUMBER_WORDS)
    + r")\s*(?:content)?\s*[—–:|-]+\s*"
    r"(?P<name>.+?)\s*(?:content)?\s*[.]?$",
    re.I,
)
BYLINE = re.compile(r"^(?:by|written\s+by|author:|words\s+by)\s+(?P<rest>.+)$", re.I)
META = re.compile(
    r"^(?:published|updated|last\s+updated|posted|date|reviewed\s+by|medically\s+reviewed\s+by|fact[- ]checked\s+by"
    r"|clinically\s+reviewed\s+by|last\s+reviewed|reviewed\s+(?:on\s+)?(?:\d|[A-Z][a-z]+\s+\d)"
    r"|reading\s+time)\b|^\d+\s*(?:-\s*)?min(?:ute)?s?(?:\s+read)?$",
    re.I,
)
CHROME = re.compile(
    r"^(?:share(?:\s+this)?(?:\s+(?:article|page|post))?|back\s+to\s+top|print(?:\s+this\s+page)?|copy\s+link"
    r"|skip\s+to\s+(?:main\s+)?content|home|menu|search|tweet|email|linkedin|facebook|x|twitter)$"
    r"|^©|all\s+rights\s+reserved|^(?:home|start)\s*(?:>|›|»|/)\s*"
    r"|^(?:read\s+(?:the\s+)?(?:full\s+)?(?:article|more|guide)|learn\s+more|continue\s+reading)\s*[→>»›]?$",
    re.I,
)
DISCLAIMER_PREFIX = re.compile(
    r"^(?:(?:medical|important|educational|health)\s+)?disclaimer\s*[:.—–-]\s*(?P<rest>.+)$", re.I
)
DISCLAIMER_PHRASES = re.compile(
    r"for\s+(?:general\s+)?(?:educational|informational|information)(?:\s+and\s+(?:educational|informational))?\s+purposes"
    r"|does\s+not\s+constitute\s+(?:medical|professional|clinical|psychological|health)"
    r"|(?:is|are)\s+not\s+(?:medical|clinical|psychological)(?:\s+or\s+\w+)?\s+advice"
    r"|not\s+(?:intended\s+(?:as|to\s+be)\s+)?a\s+substitute\s+for\s+(?:professional|medical)"
    r"|not\s+intended\s+to\s+(?:diagnose|replace)|does\s+not\s+create\s+a\s+(?:clinical|doctor|therapist)"
    r"|(?:is\s+not|not\s+a)\s+replacement\s+for\s+(?:professional|medical)|should\s+not\s+be\s+used\s+as\s+a\s+substitute",
    re.I,
)
_DISCLAIMER_WORDS = ("purposes", "constitute", "advice", "substitute", "diagnose", "create a", "replace")
GENERIC_FIRST_HEADINGS = {"introduction", "overview", "executive summary", "the problem", "background"}


@dataclass(frozen=True)
class Heading:
    """A recognised special heading: its kind and anything its words carry."""

    kind: str
    count: int | None = None
    name: str = ""


def special_heading(text: str, *, is_hub: bool = False) -> Heading | None:
    """The kind of special section this line opens, or ``None`` for ordinary text."""
    candidate = text.strip().rstrip(":").strip()
    if not candidate or len(candidate) > HEADING_MAX_CHARS or candidate.endswith("."):
        return None
    if candidate.endswith(("?", "!")):
        # Only a call to action ("Ready to Put This Into Practice?") opens a section with a question.
        return Heading("cta") if CTA.search(candidate) and len(candidate.split()) <= 10 else None
    for kind, pattern in SECTION_PATTERNS:
        match = pattern.search(candidate)
        if not match:
            continue
        if kind == "faq" and len(candidate.split()) > 10:
            continue
        if kind == "takeaways" and len(candidate.split()) > 8:
            continue
        if kind == "summary" and is_hub:
            return None
        if kind == "hub_articles":
            groups = match.groupdict()
            raw = (groups.get("count") or groups.get("count2") or groups.get("paren") or "").lower()
            count = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
            return Heading(kind, count=count, name=(groups.get("name") or groups.get("name2") or "").strip())
        if kind == "faq":
            return Heading(kind, name=faq_heading_name(candidate))
        if kind == "about":
            name = re.sub(
                r"^(?:about|meet)\s+(?:the\s+authors?)?|^author\s+bio(?:graphy)?", "", candidate, flags=re.I
            )
            name = name.strip()
            return Heading(kind, name="" if name.lower().startswith("author") else name)
        return Heading(kind)
    about = _ABOUT_NAME.match(candidate)
    if about and about.group("name").split()[0].lower() not in _NOT_NAMES:
        return Heading("about", name=about.group("name").strip())
    if CTA.search(candidate) and len(candidate.split()) <= 10:
        return Heading("cta")
    return None


_FAQ_NAME = re.compile(
    r"^(?:executive\s+)?(?:faqs?|frequently\s+asked\s+questions)\s*(?:[:—–-]|about|on)\s*(?P<name>.+)$"
    r"|^(?P<name2>.+?)\s*[:—–-]\s*(?:executive\s+)?(?:faqs?|frequently\s+asked\s+questions)$",
    re.I,
)


def faq_heading_name(text: str) -> str:
    """The page name an FAQ heading carries: "Executive FAQs: Quiet Hours" -> "Quiet Hours"."""
    match = _FAQ_NAME.match(text.strip())
    if not match:
        return ""
    name = (match.group("name") or match.group("name2") or "").strip().strip("\"“”'")
    return name if name[:1].isupper() and len(name.split()) <= 12 else ""


_DASH = "—–―‒−"
PILLAR_MENTION = re.compile(
    r"\bpillar\s+(?P<number>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")(?:\s+content)?\s*"
    rf"(?:[{_DASH}]|-{{1,2}}|:)\s*(?P<name>[A-Z][^{_DASH}.;:!?()\n]*?)\s*"
    rf"(?:[{_DASH}]|\s-{{1,2}}\s|[.;!?()]|,\s+(?=(?-i:[a-z]))|\s+(?:content|which|because|where|and\s+the)\b|$)",
    re.I,
)
# A sentence that only places the page ("This is Pillar 2 content — …", "The work here is Pillar 2 — …").
PLACEMENT_START = re.compile(
    r"^(?:this\s+(?:is|hub|page|article|guide|section|content|work)|the\s+work\s+(?:here|on\s+this\s+page)"
    r"|everything\s+(?:here|on\s+this\s+page)|part\s+of|you\s+are\s+reading|we\s+file|filed\s+under|pillar\s+\d)",
    re.I,
)
_SENTENCE = re.compile(r".+?(?:(?<!\bDr)(?<!\bal)(?<!\be\.g)(?<!\bi\.e)[.!?][\"'”’)]*(?=\s|$)|$)", re.S)


@dataclass(frozen=True)
class PillarMention:
    """A pillar named inside running text, and the sentence that names it."""

    number: int
    name: str
    sentence: str
    placement: bool  # the sentence only places the page (it can leave the body)

    def rest(self, text: str) -> str:
        """The line without the placing sentence."""
        return " ".join(text.replace(self.sentence, " ", 1).split())


def pillar_mention(text: str) -> PillarMention | None:
    """ "This is Pillar 2 content — Focus & Attention — and the work…" -> pillar 2, "Focus & Attention"."""
    if len(text) > 2000:
        return None
    match = PILLAR_MENTION.search(text)
    if not match:
        return None
    name = match.group("name").strip().strip("“”\"'").strip()
    raw = match.group("number").lower()
    number = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 0)
    if number < 1 or not name or len(name) > 80 or len(name.split()) > 8:
        return None
    sentence = next(
        (found.group(0).strip() for found in _SENTENCE.finditer(text) if found.end() > match.start()),
        text.strip(),
    )
    return PillarMention(number, name, sentence, bool(PLACEMENT_START.match(sentence)))


def pillar_line(text: str) -> tuple[int, str] | None:
    """``(number, name)`` from "Pillar 4 — Name" / "This is Pillar 4 content — Name"."""
    if len(text) > 160:
        return None
    match = PILLAR_LINE.match(text.strip())
    if not match:
        return None
    name = match.group("name").strip().strip("“”\"'").rstrip(".").strip()
    name = re.sub(r"\s+content$", "", name, flags=re.I)
    if not name or len(name) > 120 or re.search(rf"[{_DASH}]|\s-\s|,\s+[a-z]", name):
        return None
    raw = match.group("number").lower()
    number = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 0)
    return (number, name) if number >= 1 else None


def is_cta_line(text: str) -> bool:
    """A button or one-line prompt to book a call."""
    stripped = text.strip().rstrip("→>»›").strip()
    return len(stripped) <= 90 and bool(CTA.search(stripped)) and not stripped.endswith(".")


CTA_SENTENCE = re.compile(
    r"strategy\s+(?:call|session)|from\s+reading\s+to\s+rewiring"
    r"|\b(?:book|schedule|request)\s+(?:a|your)\s+(?:free\s+|complimentary\s+)?(?:call|consultation|session)\b",
    re.I,
)


def is_cta_sentence(text: str) -> bool:
    """A short paragraph inviting the reader to book a call (not body text)."""
    return len(text) <= 400 and bool(CTA_SENTENCE.search(text))


def is_chrome(text: str) -> bool:
    return len(text) <= 120 and bool(CHROME.search(text.strip()))


def is_meta(text: str) -> bool:
    if len(text) > 200:
        return False
    parts = [part.strip() for part in re.split(r"\s+[·|•]\s+|\s{2,}", text) if part.strip()]
    return bool(parts) and (bool(BYLINE.match(parts[0])) or all(META.match(part) for part in parts))


def disclaimer_text(text: str) -> str | None:
    """The disclaimer carried by a line ("Disclaimer: ..." or typical wording), else ``None``."""
    if len(text) > 1500:
        return None
    lowered = text.lower()
    if "disclaimer" not in lowered and not any(word in lowered for word in _DISCLAIMER_WORDS):
        return None
    prefixed = DISCLAIMER_PREFIX.match(text.strip())
    if prefixed:
        return prefixed.group("rest").strip()
    if DISCLAIMER_PHRASES.search(text):
        return text.strip()
    return None
