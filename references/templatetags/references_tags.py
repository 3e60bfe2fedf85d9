"""``{{ citation|apa_html }}``: a work's APA 7 entry in templates; ``{{ citation.title|rich_title }}``
and ``|plain_title`` for titles holding CSL rich text (``<i>``, ``<sub>`` …)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from ..apa import format_reference_html, plain_text, rich_html

register = template.Library()


@register.filter
def apa_html(citation) -> SafeString:
    """The APA 7 entry as HTML (every text part is escaped by the formatter)."""
    return mark_safe(format_reference_html(citation))  # noqa: S308 - built from escaped parts


@register.filter
def rich_title(title: str) -> SafeString:
    """A title's CSL rich text as formatting (its text is escaped)."""
    return mark_safe(rich_html(title or ""))  # noqa: S308 - built from escaped parts


@register.filter
def plain_title(title: str) -> str:
    """A title without its markup (for page titles and descriptions)."""
    return plain_text(title or "")
