"""Pandoc-style citations in Markdown, rendered as APA in-text citations on save.

``[@coan2006]`` parenthetical, ``@coan2006`` narrative (``@coan2006 [p. 12]`` with a
locator), ``[-@coan2006]`` year only, ``[see @coan2006, p. 12; @cacioppo2015]``
several works with a prefix and locators. Each work links to ``#ref-<key>``, its
entry in the page's reference list. Write ``\\@`` for a literal at sign.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from django.utils.html import escape
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

from .apa import CiteItem, narrative, parenthetical

MAX_BRACKET_CHARS = 1000  # a citation group is short; longer brackets are never citations
KEY = r"[A-Za-z0-9](?:[A-Za-z0-9_:-]*[A-Za-z0-9_])?"
_ITEM = re.compile(rf"^\s*(?P<prefix>[^@]*?)\s*(?P<minus>-)?@(?P<key>{KEY})(?P<rest>[^@]*)$", re.DOTALL)
_NARRATIVE = re.compile(rf"@(?P<key>{KEY})(?:[ ]?\[(?P<locator>[^\[\]@]+)\](?![(\[]))?")


@dataclass(frozen=True)
class Cite:
    """One citation as written: parenthetical or narrative, with its works."""

    mode: str  # "parenthetical" | "narrative"
    items: tuple[CiteItem, ...]
    source: str


# The markdown-it ``env`` key saying whether ``@key`` is a citation in this text.
CITATIONS_ENV_KEY = "citations_enabled"


def citations_enabled(env: dict | None) -> bool:
    """Whether the text being rendered or checked cites works (``env[CITATIONS_ENV_KEY]``).

    The caller decides: texts without a reference list (an author's bio, say) pass
    ``False`` and keep ``@name`` as written. Without the key citations are on (the
    editor's live preview renders them as the page will).
    """
    return bool((env or {}).get(CITATIONS_ENV_KEY, True))


def parse_bracket(content: str) -> tuple[CiteItem, ...] | None:
    """``see @a, p. 3; @b`` -> items; ``None`` when it is not a citation."""
    items = []
    for chunk in content.split(";"):
        match = _ITEM.match(chunk)
        if not match:
            return None
        rest = match.group("rest").strip()
        locator, suffix = "", ""
        if rest.startswith(","):
            locator = rest[1:].strip()
        elif rest:
            suffix = rest
        items.append(
            CiteItem(
                key=match.group("key"),
                prefix=match.group("prefix").strip(),
                locator=locator,
                suffix=suffix,
                suppress_author=bool(match.group("minus")),
            )
        )
    return tuple(items) if items else None


def _bracket_rule(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if src[start] != "[" or state.linkLevel > 0:  # no citations inside a link's text
        return False
    if not citations_enabled(state.env):
        return False
    end = src.find("]", start + 1, start + MAX_BRACKET_CHARS)  # bounded: no quadratic scans
    if end == -1 or "@" not in src[start:end]:
        return False
    content = src[start + 1 : end]
    if "[" in content or "\n\n" in content:
        return False
    if end + 1 < len(src) and src[end + 1] in "([":  # a link, not a citation
        return False
    items = parse_bracket(content)
    if items is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"cite": Cite("parenthetical", items, src[start : end + 1])}
        token.content = src[start : end + 1]
    state.pos = end + 1
    return True


def _narrative_rule(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if src[start] != "@" or state.linkLevel > 0 or not citations_enabled(state.env):
        return False
    if start > 0 and (src[start - 1].isalnum() or src[start - 1] in "_.-+"):
        return False  # an e-mail address or similar
    match = _NARRATIVE.match(src, start)
    if not match:
        return False
    if not silent:
        item = CiteItem(key=match.group("key"), locator=(match.group("locator") or "").strip())
        token = state.push("citation", "", 0)
        token.meta = {"cite": Cite("narrative", (item,), match.group(0))}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def iter_cites(tokens) -> list[Cite]:
    found = []
    for token in tokens:
        if token.type == "inline":
            found += [child.meta["cite"] for child in token.children or [] if child.type == "citation"]
    return found


def _resolve(state: StateCore) -> None:
    """Load every cited work of this text in one query; the renderer reads ``env``."""
    keys = {item.key for cite in iter_cites(state.tokens) for item in cite.items}
    if not keys:
        return
    from .models import Citation

    known = state.env.get("citations") or {}
    missing = keys - set(known)
    if missing:
        known = {**known, **{c.key: c for c in Citation.objects.filter(key__in=missing)}}
    state.env["citations"] = known


def _link(key: str, text: str) -> str:
    return f'<a class="citation" href="#ref-{escape(key)}">{text}</a>'


def render_cite(cite: Cite, works: dict) -> str:
    """HTML for one citation; a missing work shows as a visible marker, never silently."""
    missing = [item.key for item in cite.items if item.key not in works]
    if missing:
        return f'<span class="citation">[missing reference: {escape(", ".join("@" + k for k in missing))}]</span>'
    if cite.mode == "narrative":
        item = cite.items[0]
        return narrative(item, works[item.key], html=True, link=_link)
    return parenthetical([(item, works[item.key]) for item in cite.items], html=True, link=_link)


def _render_citation(self, tokens, idx, options, env) -> str:
    return render_cite(tokens[idx].meta["cite"], env.get("citations") or {})


def citations_plugin(md: MarkdownIt) -> None:
    """The markdown-it plugin: citations become APA in-text citations linked to ``#ref-<key>``.

    Reads ``env[CITATIONS_ENV_KEY]`` (on when absent) and caches the works it loads in
    ``env["citations"]`` (a caller may pass the works it already has there, by key).
    """
    md.inline.add_terminator_char("@")
    md.inline.ruler.before("link", "citation_bracket", _bracket_rule)
    md.inline.ruler.before("link", "citation_narrative", _narrative_rule)
    md.core.ruler.push("citation_resolve", _resolve)
    md.add_render_rule("citation", _render_citation)


# --- reading keys without rendering (validation, syncing a page's cited works) ---------
_local = threading.local()


def _key_parser() -> MarkdownIt:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = MarkdownIt("commonmark", {"html": True})
        parser.enable(["table", "strikethrough"])
        parser.inline.ruler.before("link", "citation_bracket", _bracket_rule)
        parser.inline.ruler.before("link", "citation_narrative", _narrative_rule)
        parser.inline.add_terminator_char("@")
        _local.parser = parser
    return parser


def cited_keys(source: str) -> list[str]:
    """Keys cited in a Markdown text, in order of first appearance (code is ignored)."""
    tokens = _key_parser().parse((source or "").replace("\x00", ""), {})
    keys: list[str] = []
    for cite in iter_cites(tokens):
        for item in cite.items:
            if item.key not in keys:
                keys.append(item.key)
    return keys


def citation_problems(source: str, env: dict | None = None) -> list[str]:
    """Messages for keys that name no citation (a markdown validator for the admin)."""
    if not citations_enabled(env):
        return []
    keys = cited_keys(source)
    if not keys:
        return []
    from .models import Citation

    known = set(Citation.objects.filter(key__in=keys).values_list("key", flat=True))
    return [
        f"Unknown reference key “{key}” (written @{key}): add the work under References, correct "
        f"the key, or write \\@{key} for a literal at sign."
        for key in keys
        if key not in known
    ]
