"""Links built from stored URLs: only web and mail addresses ever become an ``href``."""

from django import template

register = template.Library()

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def is_safe_url(value: object) -> bool:
    return str(value or "").strip().lower().startswith(SAFE_SCHEMES)


@register.filter
def safe_href(value: object) -> str:
    """The URL if it is http(s) or mailto, else an empty string (``javascript:`` and friends)."""
    return str(value).strip() if is_safe_url(value) else ""
