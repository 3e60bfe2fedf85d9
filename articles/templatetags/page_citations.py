"""``{{ page|page_kind }}``: ``article`` or ``hub``, for the addresses of a page's reference files."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def page_kind(page) -> str:
    """``article`` or ``hub`` (the ``kind`` of ``references:page_export``)."""
    return type(page).__name__.lower()
