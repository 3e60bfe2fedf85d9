"""Images in a page's Markdown that readers who cannot see them would miss.

The convention authors follow (the editor's help says it):

* ``![What the image shows](address)``: a described image;
* ``![](address "decorative")``: an image that is only decoration, deliberately
  without a description. The title ``decorative`` is the mark; the renderer drops it
  and writes ``alt=""``, so screen readers skip the image;
* ``![Describe this image](address)`` (what the upload button inserts) or an empty
  description without the mark: not described yet. Publishing is refused, naming the
  image, until it is described or marked; saving a draft is allowed.

Raw HTML images follow HTML's own rule: ``alt=""`` is decorative, no ``alt`` (or the
placeholder) is not described.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

PLACEHOLDER_ALT = "Describe this image"
DECORATIVE_TITLE = "decorative"
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# Images only: no plugins needed (callouts and footnotes hold their images as inline text).
_parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def is_decorative(title: str | None) -> bool:
    return (title or "").strip().lower() == DECORATIVE_TITLE


def _needs_description(alt: str | None, title: str | None) -> bool:
    alt = (alt or "").strip()
    if alt.casefold() == PLACEHOLDER_ALT.casefold():
        return True
    return not alt and not is_decorative(title)


class _ImgAttributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "img":
            self.images.append(dict(attrs))


def _html_images(html: str) -> Iterable[tuple[str, bool]]:
    parser = _ImgAttributes()
    parser.feed(" ".join(_IMG_TAG.findall(html)))
    for attrs in parser.images:
        alt = attrs.get("alt")
        described = alt is not None and alt.strip().casefold() != PLACEHOLDER_ALT.casefold()
        yield attrs.get("src") or "", not described


def undescribed_images(source: str) -> list[str]:
    """The addresses of the images in ``source`` that still need a description, in order."""
    if not source or ("![" not in source and "<img" not in source.lower()):
        return []
    found: list[str] = []
    for token in _parser.parse(source.replace("\x00", "")):
        if token.type == "html_block":
            found += [src for src, missing in _html_images(token.content) if missing]
        for child in token.children or []:
            if child.type == "image":
                alt = "".join(part.content for part in child.children or [])
                if _needs_description(alt or child.content, child.attrGet("title")):
                    found.append(str(child.attrGet("src") or ""))
            elif child.type == "html_inline":
                found += [src for src, missing in _html_images(child.content) if missing]
    return found


def image_name(address: str) -> str:
    """What to call an image in a message: its file name, else its address."""
    path = unquote(urlsplit(address).path)
    return posixpath.basename(path.rstrip("/")) or address or "(no address)"


def image_problem(address: str, where: str) -> str:
    """The message for one undescribed image, ``where`` saying which text holds it."""
    return (
        f"Describe the image “{image_name(address)}” in {where}: replace "
        f"“{PLACEHOLDER_ALT}” (or the empty description) with what it shows, or mark it "
        f'decorative as ![]({address} "{DECORATIVE_TITLE}").'
    )


def answer_image_problems(question: str, answer: str) -> list[str]:
    """One message per undescribed image in a FAQ answer."""
    return [image_problem(address, f"the answer to “{question}”") for address in undescribed_images(answer)]


def undescribed_image_problems(page, stored_answers: bool = True) -> list[str]:
    """One message per undescribed image in the page's Markdown fields (for ``publishing_problems``).

    With ``stored_answers``, the answers of the page's saved FAQs too (the admin's form
    checks the answers being submitted instead).
    """
    problems = []
    for name in page.markdown_fields:
        label = page._meta.get_field(name).verbose_name
        for address in undescribed_images(getattr(page, name) or ""):
            problems.append(image_problem(address, f"the {label}"))
    if stored_answers and page.pk is not None:
        for faq in page.faqs.all():
            problems += answer_image_problems(faq.question, faq.answer or "")
    return problems


def _render_decorative_images(state: StateCore) -> None:
    """``![](address "decorative")`` becomes ``<img src="address" alt="">`` (no title)."""
    for token in state.tokens:
        for child in token.children or []:
            if child.type == "image" and is_decorative(child.attrGet("title")):
                child.attrs.pop("title", None)
                child.children = []
                child.content = ""


def decorative_images_plugin(parser: MarkdownIt) -> None:
    parser.core.ruler.push("decorative_images", _render_decorative_images)


def connect() -> None:
    """Called once from ``ArticlesConfig.ready``: the renderer learns the decorative mark."""
    from .markdown import register_plugin

    register_plugin(decorative_images_plugin)
