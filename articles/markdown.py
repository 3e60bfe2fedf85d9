"""The one Markdown renderer of the site.

Every long text (hub intros, article bodies, closing summaries, FAQ answers, author
bios) is rendered here once, when it is saved; the sanitised HTML and the table of
contents are stored beside the source. The admin's live preview uses the same
function, so what an author sees is what a reader gets.

Pipeline: markdown-it-py (CommonMark + tables, heading ids on h2-h6, footnotes,
callouts and pull quotes: ``articles.markdown_extensions``) -> nh3 allowlist.
Raw HTML inside Markdown is allowed through the parser and then reduced by nh3,
so ``<script>``, event handlers, ``style`` and ``javascript:``/``data:`` URLs never
survive.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import unescape

import nh3
from django.conf import settings
from django.utils.html import escape
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.anchors import anchors_plugin

from .markdown_extensions import heading_slug, long_form_plugin

# Bump when the output of ``render_markdown`` changes; ``manage.py rerender_markdown``
# re-renders everything stored with an older version.
RENDERER_VERSION = 3  # 3: decorative images (![](url "decorative") -> alt="")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "div", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "mark", "ol", "p",
    "pre", "s", "section", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "aria-label"},
    "li": {"id"},
    "section": {"aria-labelledby"},
    "div": {"role"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
ALLOWED_CLASSES = {
    "th": ALIGN_CLASSES,
    "td": ALIGN_CLASSES,
    "a": {"citation", "footnote-backref"},
    "span": {"citation"},
    "sup": {"footnote-ref"},
    "section": {"footnotes"},
    "ol": {"footnotes-list"},
    "li": {"footnote-item"},
    "h2": {"footnotes-title"},
    "div": {"callout"},
    "p": {"callout-title"},
    "blockquote": {"pull-quote"},
}
# Ids, roles and labels only as the extensions write them (no clobbering ids from raw HTML).
_ATTRIBUTE_VALUES = {
    ("a", "id"): re.compile(r"fnref-[\w.-]+"),
    ("li", "id"): re.compile(r"fn-[\w.-]+"),
    ("section", "aria-labelledby"): re.compile(r"notes-[\w.-]+"),
    ("div", "role"): re.compile(r"note"),
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"

_ALIGN_STYLE = re.compile(r"text-align:\s*(left|center|right)")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


class MarkdownTooLong(ValueError):
    """The source is larger than ``settings.MARKDOWN_MAX_CHARS``."""

    def __init__(self, length: int, limit: int) -> None:
        self.length = length
        self.limit = limit
        super().__init__(
            f"This text is {length:,} characters long; the most a page section can hold "
            f"is {limit:,}. Split it into shorter pages or sections."
        )


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    text: str

    def as_dict(self) -> dict:
        return {"level": self.level, "id": self.id, "text": self.text}


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    toc: list[TocEntry] = field(default_factory=list)
    word_count: int = 0
    version: int = RENDERER_VERSION

    @property
    def toc_data(self) -> list[dict]:
        return [entry.as_dict() for entry in self.toc]


# A plugin is called with the parser once, when the parser is built; it may read
# per-render data from the ``env`` mapping passed to ``render_markdown``.
MarkdownPlugin = Callable[[MarkdownIt], None]
_plugins: list[MarkdownPlugin] = []
_local = threading.local()


def register_plugin(plugin: MarkdownPlugin) -> None:
    """Add a markdown-it plugin to every parser built after this call (used at app start)."""
    if plugin not in _plugins:
        _plugins.append(plugin)
        _local.__dict__.clear()


# A validator reads a Markdown source (and the page's ``env``) and returns messages for
# an author, e.g. citation keys that name no work; models call it from ``clean()``.
MarkdownValidator = Callable[[str, dict], list[str]]
_validators: list[MarkdownValidator] = []


def register_validator(validator: MarkdownValidator) -> None:
    """Add a check run on every Markdown field when a model is validated (used at app start)."""
    if validator not in _validators:
        _validators.append(validator)


def validate_markdown(source: str, env: dict | None = None) -> list[str]:
    """Every registered validator's messages for ``source`` (empty when it is fine)."""
    return [message for validator in _validators for message in validator(source or "", env or {})]


def _demote_h1_and_align_tables(state: StateCore) -> None:
    """The page title is the only ``h1``; table alignment becomes a class, not ``style``."""
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"
        if token.type in {"th_open", "td_open"}:
            style = token.attrGet("style")
            if style:
                token.attrs.pop("style", None)
                match = _ALIGN_STYLE.search(str(style))
                if match:
                    token.attrSet("class", f"align-{match.group(1)}")


def _parser() -> MarkdownIt:
    # markdown-it instances hold no per-render state, but plugins may; one per thread.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
        parser.enable(["table", "strikethrough"])
        parser.core.ruler.push("demote_h1_align_tables", _demote_h1_and_align_tables)
        parser.use(anchors_plugin, min_level=2, max_level=6, slug_func=heading_slug)
        parser.use(long_form_plugin)
        for plugin in _plugins:
            parser.use(plugin)
        _local.parser = parser
    return parser


def _allowed_value(tag: str, attribute: str, value: str) -> str | None:
    pattern = _ATTRIBUTE_VALUES.get((tag, attribute))
    if pattern is not None and not pattern.fullmatch(value):
        return None
    return value


def sanitise_html(html: str) -> str:
    """Reduce HTML to the site's allowlist."""
    return nh3.clean(
        html,
        attribute_filter=_allowed_value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def check_length(source: str) -> None:
    limit = settings.MARKDOWN_MAX_CHARS
    if len(source) > limit:
        raise MarkdownTooLong(len(source), limit)


def render_markdown(source: str, env: dict | None = None) -> RenderedMarkdown:
    """Render Markdown to sanitised HTML with a table of contents (H2/H3).

    Raises ``MarkdownTooLong`` before any parsing when the source is over the limit.
    ``env`` is handed to markdown-it plugins (e.g. the citations of the page).
    """
    source = (source or "").replace("\x00", "")
    check_length(source)
    parser = _parser()
    render_env = dict(env or {})
    tokens = parser.parse(source, render_env)
    toc = list(_toc_from_tokens(tokens))
    html = sanitise_html(parser.renderer.render(tokens, parser.options, render_env))
    return RenderedMarkdown(html=html, toc=toc, word_count=count_words(html))


def _toc_from_tokens(tokens: Iterable) -> Iterable[TocEntry]:
    tokens = list(tokens)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in {"h2", "h3"}:
            anchor = token.attrGet("id")
            inline = tokens[index + 1]
            text = "".join(
                child.content for child in (inline.children or []) if child.type in {"text", "code_inline"}
            ).strip()
            if anchor and text:
                yield TocEntry(level=int(token.tag[1]), id=str(anchor), text=text)


def count_words(html: str) -> int:
    return len(_WORD.findall(unescape(_TAG.sub(" ", html))))


def reading_minutes(word_count: int, words_per_minute: int = 230) -> int:
    return max(1, round(word_count / words_per_minute))


def markdownify_for_preview(source: str) -> str:
    """The editor's live preview (``MARKDOWNX_MARKDOWNIFY_FUNCTION``)."""
    try:
        return render_markdown(source).html
    except MarkdownTooLong as error:
        return f'<p class="preview-error">{escape(str(error))}</p>'
