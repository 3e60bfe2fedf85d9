"""What long-form writing needs beyond CommonMark: footnotes, callouts, pull quotes, heading ids.

- ``[^1]`` footnotes render as a numbered list under a "Notes" heading, each note with
  a link back to where it was cited, named for screen readers ("Back to note 1").
- ``::: callout Optional title`` … ``:::`` is a highlighted aside (``role="note"``);
  ``::: pullquote`` … ``:::`` a quotation set apart from the text.
- Headings h2–h6 get ids from their text that keep digits and dots ("2.5 Sleep" ->
  ``2.5-sleep``), so links to "Section 2.5" stay readable.

Markup here uses only tags and classes the sanitiser allows (``articles.markdown``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from django.utils.html import escape
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

# Set by the caller when several texts share one page (FAQ answers), so ids stay unique.
FOOTNOTE_PREFIX_KEY = "docId"
CALLOUT_CLASSES = {"callout": "callout", "pullquote": "pull-quote"}

_NOT_SLUG = re.compile(r"[^\w.\- ]")
_LOOSE_DOT = re.compile(r"(?<![^\W_])\.|\.(?![^\W_])")


def heading_slug(text: str) -> str:
    """``"Step 2.5: Sleep & Recovery"`` -> ``"step-2.5-sleep-recovery"`` (never empty)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _NOT_SLUG.sub("", text)
    text = _LOOSE_DOT.sub("", text)
    slug = re.sub(r"[\s-]+", "-", text).strip("-")
    return slug or "section"


def _prefix(env) -> str:
    value = env.get(FOOTNOTE_PREFIX_KEY) if isinstance(env, dict) else None
    return f"{value}-" if isinstance(value, str) and value else ""


def _note_number(tokens: Sequence[Token], idx: int) -> str:
    return str(tokens[idx].meta["id"] + 1)


def _render_ref(self, tokens, idx, options, env) -> str:
    number = _note_number(tokens, idx)
    sub = tokens[idx].meta.get("subId", -1)
    ref_id = f"fnref-{_prefix(env)}{number}" + (f"-{sub}" if sub > 0 else "")
    return (
        f'<sup class="footnote-ref"><a href="#fn-{_prefix(env)}{number}" id="{ref_id}" '
        f'aria-label="Note {number}">{number}</a></sup>'
    )


def _render_block_open(self, tokens, idx, options, env) -> str:
    label = f"notes-{_prefix(env)}title"
    return (
        f'<section class="footnotes" aria-labelledby="{label}">\n'
        f'<h2 id="{label}" class="footnotes-title">Notes</h2>\n<ol class="footnotes-list">\n'
    )


def _render_block_close(self, tokens, idx, options, env) -> str:
    return "</ol>\n</section>\n"


def _render_item_open(self, tokens, idx, options, env) -> str:
    return f'<li id="fn-{_prefix(env)}{_note_number(tokens, idx)}" class="footnote-item">'


def _render_item_close(self, tokens, idx, options, env) -> str:
    return "</li>\n"


def _render_backref(self, tokens, idx, options, env) -> str:
    number = _note_number(tokens, idx)
    sub = tokens[idx].meta.get("subId", -1)
    target = f"fnref-{_prefix(env)}{number}" + (f"-{sub}" if sub > 0 else "")
    return f' <a href="#{target}" class="footnote-backref" aria-label="Back to note {number}">↩</a>'


def _container(name: str):
    css_class = CALLOUT_CLASSES[name]

    def render(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        if token.nesting != 1:
            return "</blockquote>\n" if name == "pullquote" else "</div>\n"
        if name == "pullquote":
            return f'<blockquote class="{css_class}">\n'
        title = token.info.strip()[len(name) :].strip()
        heading = f'<p class="callout-title"><strong>{escape(title)}</strong></p>\n' if title else ""
        return f'<div class="{css_class}" role="note">\n{heading}'

    return render


def long_form_plugin(parser: MarkdownIt) -> None:
    """Footnotes and callout/pull-quote containers, rendered accessibly."""
    parser.use(footnote_plugin)
    rules = parser.add_render_rule
    rules("footnote_ref", _render_ref)
    rules("footnote_block_open", _render_block_open)
    rules("footnote_block_close", _render_block_close)
    rules("footnote_open", _render_item_open)
    rules("footnote_close", _render_item_close)
    rules("footnote_anchor", _render_backref)
    for name in CALLOUT_CLASSES:
        parser.use(
            container_plugin,
            name=name,
            validate=lambda params, *args, name=name: params.strip().split(" ", 1)[0] == name,
            render=_container(name),
        )
