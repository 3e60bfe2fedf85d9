"""``{{ citation|apa_html }}``: a work's APA 7 entry in templates."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from ..apa import format_reference_html

register = template.Library()


@register.filter
def apa_html(citation) -> SafeString:
    """The APA 7 entry as HTML (every text part is escaped by the formatter)."""
    return mark_safe(format_reference_html(citation))  # noqa: S308 - built from escaped parts
